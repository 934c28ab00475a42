import type { ChatAvailabilityView, QueueStatusView } from './availability-view.js';
import type { ChatRequest, StartedChat, TrustedClaims } from './command.js';
import type { ChatContact } from './contact.js';
import { type ContactLoader, createContactLoader } from './contact-loader.js';
import type { ChatContentType } from './content-types.js';
import { CONTENT_TYPE_MIME } from './content-types.js';
import { createContinuation } from './continuation.js';
import type {
  AttachmentLink,
  AttachmentUpload,
  ParticipantRef,
  SentItem,
  TranscriptItem,
  TranscriptPage,
  TranscriptQuery,
} from './conversation.js';
import { type ChatEventType, EVENT_TYPE_MIME } from './conversation-input.js';
import { checkAttachment, checkMessage } from './conversation-policy.js';
import { ChatClosedError, ChatEndedError } from './errors.js';
import { isChatEnd, streamChatEvents } from './event-stream.js';
import { observed } from './observed-iterator.js';
import { scopedClientToken } from './policy.js';
import type { CallContext, ChatPorts } from './ports.js';
import { type ChatSessionView, customerIn, sessionFrom, showsEnd } from './session-state.js';
import { type ChatSettings, chatSettingsFor } from './settings.js';
import { startChat } from './start-chat.js';
import type { Tenant } from './tenant.js';

/** Who is calling, as tenant resolution established it: what every use case of the request acts for. */
export interface ChatSession {
  readonly tenant: Tenant;
  /** Verified claims of the tenant's JWT, when the caller sent one. */
  readonly claims?: TrustedClaims | undefined;
  /** A signed request from the trusted supergraph router (only it may read contacts). */
  readonly trusted: boolean;
  readonly call: CallContext;
  /** The chat's participant token (`x-participant-token`), for the conversation; a secret. */
  readonly participantToken?: string | undefined;
}

/** The use cases, bound to one request: what resolvers call, one call each. */
export interface ChatUseCases {
  /** Starts a chat on the tenant's instance and flow; throws a `ChatError` for expected failures. */
  start(request: ChatRequest): Promise<StartedChat>;
  /** What the tenant's widget may use: content types, durations, limits. */
  settings(): ChatSettings;
  /** Reads a contact of the tenant's instance (deduplicated per request); null when there is none. */
  readContact(contactId: string): Promise<ChatContact | null>;
  /** Sends the customer's message; a retry with the same client token makes no second message. */
  sendMessage(message: {
    readonly contentType: ChatContentType;
    readonly content: string;
    readonly clientToken?: string | null | undefined;
  }): Promise<SentItem>;
  /** Typing, or a delivered/read receipt for a message. */
  sendEvent(event: { readonly type: ChatEventType; readonly messageId?: string | null | undefined }): Promise<SentItem>;
  /** Where the chat stands: waiting or with an agent, its contact and the customer's participant ID. */
  session(): Promise<ChatSessionView>;
  /** While the chat waits: its place in the queue and the estimated wait (null when Connect gives none). */
  queueStatus(contactId: string): Promise<QueueStatusView | null>;
  /** Whether the tenant's chat is open and how busy it is (shared answers, never a failure). */
  availability(): Promise<ChatAvailabilityView>;
  /**
   * The chat's events from now on, or after the event `after` names, each item once and in order;
   * ends after the chat ended or when `signal` aborts.
   */
  events(options: {
    readonly after?: string | undefined;
    readonly signal?: AbortSignal | undefined;
  }): Promise<AsyncIterator<TranscriptItem, void, undefined>>;
  /** A page of the chat's transcript. */
  transcript(query: TranscriptQuery): Promise<TranscriptPage>;
  /** The customer leaves: the chat ends. */
  endChat(): Promise<void>;
  /** Starts uploading a file (validated input); a retry with the same client token starts no second upload. */
  startAttachmentUpload(upload: {
    readonly name: string;
    readonly contentType: string;
    readonly sizeBytes: number;
    readonly clientToken?: string | null | undefined;
  }): Promise<AttachmentUpload>;
  /** Completes an uploaded file: it joins the transcript. A retry completes it once. */
  completeAttachmentUpload(attachmentId: string): Promise<void>;
  /** A download URL of a completed attachment of the chat. */
  attachmentUrl(attachmentId: string): Promise<AttachmentLink>;
}

/**
 * Binds the use cases to a request's session. Made per request, cheaply: the contact loader is
 * built on first use, since most requests (chat starts from widgets) never read a contact.
 * @param options.contactReadConcurrency DescribeContact calls one request may run at once
 */
export function createChatUseCases(
  ports: ChatPorts,
  session: ChatSession,
  options: { readonly contactReadConcurrency: number },
): ChatUseCases {
  let contacts: ContactLoader | undefined;
  const continuation = createContinuation({
    tenant: session.tenant,
    subject: session.claims?.subject,
    participantToken: session.participantToken,
    continuations: ports.continuations,
  });
  const { participant } = continuation;
  /** A conversation call whose ChatEndedError also marks the remembered chat ended. */
  const acting = async <T>(work: (chat: ParticipantRef) => Promise<T>): Promise<T> => {
    try {
      const chat = participant();
      return await work(chat instanceof Promise ? await chat : chat);
    } catch (caught) {
      const error = continuation.failure(caught);
      if (error instanceof ChatEndedError) await continuation.ended().catch(() => undefined);
      throw error;
    }
  };
  return {
    async start(request) {
      // Closed means closed, when the tenant says so: nothing reaches Connect. Unknown hours let the start through.
      if (session.tenant.availability.refuseStartsWhenClosed) {
        const now = await ports.availability.of(session.tenant, session.call);
        if (now.open === false) throw new ChatClosedError(now.opensAt);
      }
      const sent = await continuation.startRequest(request);
      const started = await startChat(ports.chatStarter, session.tenant, sent, session.claims, session.call);
      // Best effort: a chat that started is the answer even if remembering it failed (logged).
      await continuation
        .started(started, sent.chatDurationInMinutes ?? session.tenant.policy.chat.chatDurationInMinutes.default)
        .catch((error: unknown) =>
          session.call.logger.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'chat not remembered'),
        );
      return started;
    },
    availability: () => ports.availability.of(session.tenant, session.call),
    queueStatus: (contactId) => ports.availability.queueStatus(session.tenant, contactId, session.call),
    settings: () => chatSettingsFor(session.tenant),
    readContact(contactId) {
      contacts ??= createContactLoader({
        reader: ports.contactReader,
        target: session.tenant.connect,
        trusted: session.trusted,
        call: session.call,
        concurrency: options.contactReadConcurrency,
      });
      return contacts.load(contactId);
    },
    sendMessage(message) {
      checkMessage(session.tenant.policy.chat, message.contentType);
      return acting((chat) =>
        ports.participants.sendMessage(
          chat,
          {
            contentType: CONTENT_TYPE_MIME[message.contentType],
            content: message.content,
            clientToken: scopedClientToken(
              session.tenant.id,
              session.claims?.subject,
              message.clientToken ?? undefined,
            ),
          },
          session.call,
        ),
      );
    },
    sendEvent: (event) =>
      acting((chat) =>
        ports.participants.sendEvent(
          chat,
          {
            contentType: EVENT_TYPE_MIME[event.type],
            ...(event.messageId ? { content: JSON.stringify({ messageId: event.messageId }) } : {}),
          },
          session.call,
        ),
      ),
    session: () =>
      acting(async (chat) => {
        // The newest page says where the chat stands; the customer's own join opens the oldest one,
        // read only when the newest 100 items never show the customer.
        const newest = await ports.participants.transcript(
          chat,
          { maxResults: 100, direction: 'BACKWARD', sortOrder: 'DESCENDING' },
          session.call,
        );
        if (showsEnd(newest.items)) throw new ChatEndedError();
        const oldest = customerIn(newest.items)
          ? undefined
          : await ports.participants.transcript(
              chat,
              { maxResults: 10, direction: 'FORWARD', sortOrder: 'ASCENDING' },
              session.call,
            );
        return sessionFrom(newest, oldest);
      }),
    async events(options) {
      // Resolved first: a request naming no chat is refused before the stream starts (a 401).
      const chat = await participant();
      const stream = streamChatEvents(
        { feed: ports.feed, participants: ports.participants },
        chat,
        session.call,
        options,
      );
      return observed(stream, {
        // The chat ended: the customer's next start continues it, other devices learn it.
        value: (item) => (isChatEnd(item) ? continuation.ended().catch(() => undefined) : undefined),
        async error(caught) {
          const error = continuation.failure(caught);
          if (error instanceof ChatEndedError) await continuation.ended().catch(() => undefined);
          return error;
        },
      });
    },
    transcript: (query) => acting((chat) => ports.participants.transcript(chat, query, session.call)),
    endChat: () =>
      acting(async (chat) => {
        await ports.participants.disconnect(chat, session.call);
        await continuation.ended().catch(() => undefined);
      }),
    startAttachmentUpload(upload) {
      checkAttachment(session.tenant.policy.chat, upload);
      return acting((chat) =>
        ports.participants.startAttachmentUpload(
          chat,
          {
            name: upload.name,
            contentType: upload.contentType.toLowerCase(),
            sizeBytes: upload.sizeBytes,
            clientToken: scopedClientToken(session.tenant.id, session.claims?.subject, upload.clientToken ?? undefined),
          },
          session.call,
        ),
      );
    },
    // The completion's token is the attachment's own (scoped): a retry after a lost answer gets
    // Connect's first answer instead of a conflict, and the attachment joins the transcript once.
    completeAttachmentUpload: (attachmentId) =>
      acting((chat) =>
        ports.participants.completeAttachmentUpload(
          chat,
          attachmentId,
          scopedClientToken(session.tenant.id, session.claims?.subject, `complete-attachment\u0000${attachmentId}`),
          session.call,
        ),
      ),
    attachmentUrl: (attachmentId) =>
      acting((chat) => ports.participants.attachmentUrl(chat, attachmentId, session.call)),
  };
}
