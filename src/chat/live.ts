/*
 * What the chat's live feed (the port ChatFeed, in ports.ts) tells the core: Connect's websocket for the chat (the adapter in
 * connect/ opens it, subscribes, keeps it alive and opens it again). The core turns it into the
 * client's event stream, filling any gap from the transcript and delivering each item once.
 */
import type { TranscriptItem } from './conversation.js';

/** What the feed tells its reader, in order. */
export type LiveSignal =
  /**
   * The feed is subscribed: the first time, and again after every reconnect. Items sent while it
   * was not (before the first, between a drop and the reconnect) are not relayed: the reader
   * fills that gap from the transcript.
   */
  | { readonly kind: 'subscribed'; readonly reconnect: boolean }
  /**
   * The feed lost its socket and is reconnecting: the reader fills from the transcript now, not
   * only once the feed is back, since a chat that ends meanwhile takes its tokens with it (Connect
   * then refuses them, GetTranscript included) and its last items could no longer be read.
   */
  | { readonly kind: 'interrupted' }
  /** An item Connect sent on the socket (messages, attachments, typing, receipts, joins, leaves, transfers, end). */
  | { readonly kind: 'item'; readonly item: TranscriptItem };
