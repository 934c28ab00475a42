/*
 * Which chat a conversation request acts on: the one its participant token names, or, for a
 * signed-in customer without one (another device), the chat the gateway remembered for the
 * tenant and the JWT's `sub`. Also what a start remembers, and how a start after an ended chat
 * continues it (a persistent chat) when the tenant allows.
 */
import { participantRef } from './chat-key.js';
import type { ChatRequest, StartedChat } from './command.js';
import type { ParticipantRef } from './conversation.js';
import { ChatEndedError, ParticipantTokenMissingError, ParticipantTokenRefusedError } from './errors.js';
import type { ChatContinuations } from './ports.js';
import type { Tenant } from './tenant.js';

/** The participant token's bounds in the Participant Service model: anything else is refused before Connect. */
const TOKEN_MAX_LENGTH = 1000;

/** Connect's default chat duration (25 hours): how long a chat started without one may live. */
const DEFAULT_CHAT_MINUTES = 1500;

/** The request's view of the continuation: who is asking, and where their chats are kept. */
export interface ContinuationContext {
  readonly tenant: Tenant;
  /** The verified JWT's `sub`, when the caller sent one. */
  readonly subject?: string | undefined;
  /** The `x-participant-token` header, when sent: it always wins. */
  readonly participantToken?: string | undefined;
  readonly continuations?: ChatContinuations | undefined;
}

export function createContinuation(context: ContinuationContext) {
  const { tenant, subject, continuations } = context;
  const remembering = subject !== undefined && continuations !== undefined;
  let found: Promise<ParticipantRef> | undefined;
  /** The token came from the continuation store, not the request. */
  let remembered = false;
  /** The participant token the request acted on, once known: what `ended` may mark ended. */
  let actedOn: string | undefined;

  /**
   * The chat the request acts on; refused (401 at the edge) when it names none. At once when the
   * request carries its participant token (a message's usual case: no promise, no turn of the
   * microtask queue); from the continuation store otherwise.
   */
  function participant(): ParticipantRef | Promise<ParticipantRef> {
    if (context.participantToken) {
      if (context.participantToken.length > TOKEN_MAX_LENGTH) return Promise.reject(new ParticipantTokenRefusedError());
      actedOn = context.participantToken;
      return participantRef(tenant.connect.region, context.participantToken);
    }
    found ??= (async () => {
      const chat = remembering ? await continuations.find(tenant.id, subject) : undefined;
      if (!chat) throw new ParticipantTokenMissingError();
      if (chat.ended) throw new ChatEndedError();
      remembered = true;
      actedOn = chat.participantToken;
      return participantRef(tenant.connect.region, chat.participantToken);
    })();
    return found;
  }

  /**
   * What a failure means for the customer: Connect refusing a remembered token (a replica that did
   * not see the chat end cannot tell it from an unknown token) is the chat's end.
   */
  function failure(error: unknown): unknown {
    return remembered && error instanceof ParticipantTokenRefusedError ? new ChatEndedError() : error;
  }

  return {
    participant,
    failure,

    /**
     * The request a start sends: after a remembered chat ended, a new start of the same customer
     * continues it (a persistent chat from its last contact) when the tenant allows persistent
     * chats and the client named no continuation or related contact itself.
     */
    async startRequest(request: ChatRequest): Promise<ChatRequest> {
      if (!remembering || !tenant.policy.chat.persistentChat) return request;
      if (request.persistentChat || request.relatedContactId) return request;
      const previous = await continuations.find(tenant.id, subject);
      if (!previous?.ended) return request;
      return { ...request, persistentChat: { rehydrationType: 'FROM_SEGMENT', sourceContactId: previous.contactId } };
    },

    /** Remembers a started chat for the customer's other devices, for as long as the chat may last. */
    async started(chat: StartedChat, chatDurationInMinutes: number | undefined): Promise<void> {
      if (!remembering) return;
      await continuations.remember(
        tenant.id,
        subject,
        { participantToken: chat.participantToken, contactId: chat.contactId, ended: false },
        (chatDurationInMinutes ?? DEFAULT_CHAT_MINUTES) * 60,
      );
    },

    /** The remembered chat ended: a later start continues it, other devices learn it ended. */
    async ended(): Promise<void> {
      if (!remembering) return;
      if (found) await found.catch(() => undefined);
      if (actedOn === undefined) return;
      const chat = await continuations.find(tenant.id, subject);
      if (!chat || chat.ended) return;
      // Only the chat this request acted on: not one the request named by another token, nor a
      // newer chat remembered since (a late end of the old one must not end it).
      if (actedOn !== chat.participantToken) return;
      await continuations.remember(tenant.id, subject, { ...chat, ended: true }, DEFAULT_CHAT_MINUTES * 60);
    },
  };
}
