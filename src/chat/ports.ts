/*
 * The ports of the core: what the use cases need from the outside world, implemented by the
 * adapters (connect/ for Connect, ratelimit/ around them, observability/ listening). Declared
 * here so that every arrow points into chat/, never out of it.
 */
import type { Logger } from 'pino';
import type { ChatAvailabilityView, QueueMetrics, QueuePosition, QueueStatusView } from './availability-view.js';
import type { StartChatCommand, StartedChat } from './command.js';
import type { ChatContact } from './contact.js';
import type {
  AttachmentLink,
  AttachmentUpload,
  AttachmentUploadRequest,
  OutgoingEvent,
  OutgoingMessage,
  ParticipantRef,
  SentItem,
  TranscriptPage,
  TranscriptQuery,
} from './conversation.js';
import type { LiveSignal } from './live.js';
import type { EffectiveHours } from './opening-hours.js';
import type { ConnectTarget, Tenant } from './tenant.js';

/** Where a request came from, as the transport reports it; the rate limiter decides which part to believe. */
export interface ClientAddress {
  /** The TCP peer (node:http's `req.socket.remoteAddress`); absent when there is no socket (in-process `fetch`). */
  readonly peerAddress?: string | undefined;
  /** The raw `x-forwarded-for` header (several headers joined with ", "). */
  readonly forwardedFor?: string | undefined;
}

/** The Connect and Participant Service operations the gateway calls; a bounded label for metrics and logs. */
export type ConnectOperation =
  | 'StartChatContact'
  | 'DescribeContact'
  | 'CreateParticipantConnection'
  | 'SendMessage'
  | 'SendEvent'
  | 'GetTranscript'
  | 'DisconnectParticipant'
  | 'StartAttachmentUpload'
  | 'CompleteAttachmentUpload'
  | 'GetAttachment'
  | 'GetEffectiveHoursOfOperations'
  | 'DescribeHoursOfOperation'
  | 'GetCurrentMetricData'
  | 'GetContactMetrics';

/** What one Connect call reports when it ends. */
export interface ConnectCallReport {
  /** Milliseconds, retries and backoff included. */
  readonly latencyMs: number;
  readonly attempts: number;
  readonly outcome: string;
}

/** Told of every Connect call a request made, so its completion line can carry them. */
export type ConnectCallListener = (operation: ConnectOperation, report: ConnectCallReport) => void;

/** Per-call context: who to blame in the log. */
export interface CallContext {
  readonly requestId: string;
  readonly logger: Logger;
  /** The calling tenant; chat starts are rate limited per tenant. */
  readonly tenantId?: string;
  /** Where the request came from (socket peer, x-forwarded-for); the rate limiter derives the client IP. */
  readonly client?: ClientAddress;
  /** Told of each Connect call (latency, attempts, outcome), for the request's completion line. */
  readonly onConnectCall?: ConnectCallListener;
}

/** Starts chats on Connect; throws a domain `ChatError` for every failure. */
export interface ChatStarter {
  start(target: ConnectTarget, command: StartChatCommand, call: CallContext): Promise<StartedChat>;
}

/** Reads one contact from Connect (DescribeContact); `null` when the instance has no such contact. */
export interface ContactReader {
  describe(target: ConnectTarget, contactId: string, call: CallContext): Promise<ChatContact | null>;
}

/**
 * The customer's side of a chat (Amazon Connect Participant Service). Connection tokens are the
 * adapter's business: it makes one from the participant token, keeps it, and makes it again.
 * Throws a domain `ChatError`: `ChatEndedError` once the chat is over, `ParticipantTokenRefusedError`
 * for a token Connect does not know.
 */
export interface ParticipantService {
  sendMessage(participant: ParticipantRef, message: OutgoingMessage, call: CallContext): Promise<SentItem>;
  sendEvent(participant: ParticipantRef, event: OutgoingEvent, call: CallContext): Promise<SentItem>;
  transcript(participant: ParticipantRef, query: TranscriptQuery, call: CallContext): Promise<TranscriptPage>;
  /** Leaves the chat (the customer ends it). */
  disconnect(participant: ParticipantRef, call: CallContext): Promise<void>;
  /** Starts an upload: the attachment's ID and the presigned URL (with its headers) to PUT the bytes to. */
  startAttachmentUpload(
    participant: ParticipantRef,
    upload: AttachmentUploadRequest,
    call: CallContext,
  ): Promise<AttachmentUpload>;
  /** Completes an uploaded attachment: it becomes an ATTACHMENT item of the transcript. */
  completeAttachmentUpload(
    participant: ParticipantRef,
    attachmentId: string,
    clientToken: string | undefined,
    call: CallContext,
  ): Promise<void>;
  /** A presigned download URL of a completed attachment of the chat. */
  attachmentUrl(participant: ParticipantRef, attachmentId: string, call: CallContext): Promise<AttachmentLink>;
}

/**
 * Opens a chat's live feed. The iterable ends after the chat's `chat.ended` item, or when
 * `signal` aborts. Opening throws a domain error: `ChatEndedError` for an ended chat,
 * `ParticipantTokenRefusedError` for a token Connect does not know, `ChatUnavailableError` when
 * Connect cannot be reached within the call's bounds, its attempts used up (also thrown mid-stream
 * when reconnecting gives up); mid-stream, `StreamInterruptedError` ('lagging') when the reader fell
 * too far behind for the feed's bounded buffer.
 */
export interface ChatFeed {
  open(participant: ParticipantRef, call: CallContext, signal: AbortSignal): AsyncIterable<LiveSignal>;
}

/** Connect's answers, read by the adapter (connect/). Throws on failure. */
export interface AvailabilityReader {
  /** The effective hours (overrides applied) of the dates from `from` to `to`, falling back to the weekly ones. */
  hours(
    target: ConnectTarget,
    hoursOfOperationId: string,
    range: { from: string; to: string },
    call: CallContext,
  ): Promise<EffectiveHours>;
  queueMetrics(target: ConnectTarget, queueId: string, call: CallContext): Promise<QueueMetrics>;
  contactPosition(target: ConnectTarget, contactId: string, call: CallContext): Promise<QueuePosition>;
}

/** The service every request shares: made once per gateway. */
export interface AvailabilityService {
  of(tenant: Tenant, call: CallContext): Promise<ChatAvailabilityView>;
  queueStatus(tenant: Tenant, contactId: string, call: CallContext): Promise<QueueStatusView | null>;
}

/** The chat a signed-in customer has (or last had) with a tenant: what another device needs to pick it up. */
export interface RememberedChat {
  /** A secret: kept encrypted by the adapter, never logged. */
  readonly participantToken: string;
  readonly contactId: string;
  readonly ended: boolean;
}

/**
 * The chats of signed-in customers, by tenant and JWT `sub`, so that the same customer on another
 * device gets the chat back. The adapter keeps them encrypted at rest, keyed so that another
 * tenant or `sub` can neither find nor decrypt them, and forgets each when it expires.
 */
export interface ChatContinuations {
  remember(tenantId: string, subject: string, chat: RememberedChat, ttlSeconds: number): Promise<void>;
  find(tenantId: string, subject: string): Promise<RememberedChat | undefined>;
}

/** Every port the use cases need: the adapters fill it in once (gateway.ts), and requests share it. */
export interface ChatPorts {
  readonly chatStarter: ChatStarter;
  readonly contactReader: ContactReader;
  readonly participants: ParticipantService;
  /** The chats' live feeds (Connect's websocket), for `chatEvents`. */
  readonly feed: ChatFeed;
  /** Open or closed, how busy, where a chat is in its queue: cached answers (chat/availability.ts over an adapter). */
  readonly availability: AvailabilityService;
  /** Absent: no continuation on another device (no key configured). */
  readonly continuations?: ChatContinuations;
}
