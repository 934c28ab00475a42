/*
 * The chat's live feed, as the core sees it: Connect's websocket for the chat (the adapter in
 * connect/ opens it, subscribes, keeps it alive and opens it again). The core turns it into the
 * client's event stream, filling any gap from the transcript and delivering each item once.
 */
import type { ParticipantRef, TranscriptItem } from './conversation.js';
import type { CallContext } from './ports.js';

/** What the feed tells its reader, in order. */
export type LiveSignal =
  /**
   * The feed is subscribed: the first time, and again after every reconnect. Items sent while it
   * was not (before the first, between a drop and the reconnect) are not relayed: the reader
   * fills that gap from the transcript.
   */
  | { readonly kind: 'subscribed'; readonly reconnect: boolean }
  /** An item Connect sent on the socket (messages, attachments, typing, receipts, joins, leaves, transfers, end). */
  | { readonly kind: 'item'; readonly item: TranscriptItem };

/**
 * Opens a chat's live feed. The iterable ends after the chat's `chat.ended` item, or when
 * `signal` aborts. Opening throws a domain error: `ChatEndedError` for an ended chat,
 * `ParticipantTokenRefusedError` for a token Connect does not know, `ChatUnavailableError` when
 * Connect cannot be reached within the call's bounds (also thrown mid-stream when reconnecting
 * gives up).
 */
export interface ChatFeed {
  open(participant: ParticipantRef, call: CallContext, signal: AbortSignal): AsyncIterable<LiveSignal>;
}
