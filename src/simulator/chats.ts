/**
 * What each simulated chat holds once StartChatContact started it: its participants, every item
 * in order (messages, attachments, events), the receipts, the attachments and the client tokens
 * already answered. It follows the contact store (a started contact opens a chat, a contact moved
 * to CONNECTED_TO_AGENT gets its agent, DISCONNECTED ends the chat, a forgotten contact takes its
 * chat along) and moves the contact itself when the chat's agent joins or the chat ends.
 * No HTTP, no tokens, no timers.
 */
import { randomUUID } from 'node:crypto';
import type { ContactStore, StoredContact } from './contact-store.js';

/** The model's ParticipantRole. */
export type ParticipantRole = 'AGENT' | 'CUSTOMER' | 'SYSTEM' | 'CUSTOM_BOT' | 'SUPERVISOR';

/** The content types of the events the simulator writes or accepts. */
export const EVENT_TYPES = {
  typing: 'application/vnd.amazonaws.connect.event.typing',
  connectionAcknowledged: 'application/vnd.amazonaws.connect.event.connection.acknowledged',
  messageDelivered: 'application/vnd.amazonaws.connect.event.message.delivered',
  messageRead: 'application/vnd.amazonaws.connect.event.message.read',
  participantJoined: 'application/vnd.amazonaws.connect.event.participant.joined',
  participantLeft: 'application/vnd.amazonaws.connect.event.participant.left',
  chatEnded: 'application/vnd.amazonaws.connect.event.chat.ended',
} as const;

/**
 * The events GetTranscript returns (its documentation lists them); typing and receipts are only
 * sent to the connected participants, receipts showing in the transcript as a message's metadata.
 */
const TRANSCRIPT_EVENTS: ReadonlySet<string> = new Set([
  'application/vnd.amazonaws.connect.event.participant.invited',
  EVENT_TYPES.participantJoined,
  EVENT_TYPES.participantLeft,
  EVENT_TYPES.chatEnded,
  'application/vnd.amazonaws.connect.event.transfer.succeeded',
  'application/vnd.amazonaws.connect.event.transfer.failed',
]);

/** The model's AttachmentItem. */
export interface AttachmentItem {
  readonly ContentType: string;
  readonly AttachmentId: string;
  readonly AttachmentName: string;
  readonly Status: 'APPROVED' | 'REJECTED' | 'IN_PROGRESS';
}

/** One item of a chat, with the model's `Item` members (MessageMetadata is added when answered). */
export interface ChatItem {
  readonly Id: string;
  /** ISO 8601 with milliseconds, from the simulator's clock. */
  readonly AbsoluteTime: string;
  readonly Type: 'MESSAGE' | 'EVENT' | 'ATTACHMENT';
  readonly ContentType: string;
  readonly Content?: string;
  readonly ParticipantId?: string;
  readonly DisplayName?: string;
  readonly ParticipantRole?: ParticipantRole;
  readonly Attachments?: readonly AttachmentItem[];
  readonly ContactId: string;
}

/** An item as GetTranscript answers it: a message or attachment with receipts carries them as MessageMetadata. */
export interface TranscriptItem extends ChatItem {
  readonly MessageMetadata?: { readonly MessageId: string; readonly Receipts: readonly Receipt[] };
}

/** The model's Receipt: when a recipient's client got and showed a message. */
export interface Receipt {
  DeliveredTimestamp?: string;
  ReadTimestamp?: string;
  readonly RecipientParticipantId: string;
}

/** Someone in a chat. */
export interface ChatParticipant {
  readonly ParticipantId: string;
  readonly DisplayName: string;
  readonly ParticipantRole: ParticipantRole;
}

/** A file a participant is uploading or has uploaded to a chat. */
export interface StoredAttachment {
  readonly AttachmentId: string;
  readonly contactId: string;
  readonly participantId: string;
  readonly ContentType: string;
  readonly AttachmentName: string;
  readonly AttachmentSizeInBytes: number;
  /** The secret in the upload URL, and when that URL expires (epoch ms). */
  readonly uploadKey: string;
  readonly uploadExpiresAt: number;
  /** The uploaded bytes, once a PUT to the upload URL succeeded. */
  bytes?: Buffer;
  /** The ATTACHMENT item, once CompleteAttachmentUpload made it. */
  item?: ChatItem;
  /** The ClientToken of the CompleteAttachmentUpload that completed it. */
  completedBy?: string;
  /** Download URLs handed out by GetAttachment: their secret and expiry (epoch ms). */
  readonly downloads: Map<string, number>;
}

/** One chat: a contact's conversation. */
export interface Chat {
  readonly contact: StoredContact;
  readonly customer: ChatParticipant;
  agent?: ChatParticipant;
  /** Every item in order, typing and receipts included: what a connected participant is sent. */
  readonly items: ChatItem[];
  /** The items GetTranscript returns, in order. */
  readonly transcript: ChatItem[];
  /** Receipts by message Id, then by recipient. */
  readonly receipts: Map<string, Map<string, Receipt>>;
  readonly attachments: Map<string, StoredAttachment>;
  /** Answers already given, by `operation/participantId/ClientToken`. */
  readonly answered: Map<string, unknown>;
  ended: boolean;
  /** Whether the customer has created a participant connection. */
  customerConnected: boolean;
}

/** What happened in a chat, for those that follow the chats (the scripted agent, waiters). */
export type ChatEvent =
  | { readonly type: 'opened'; readonly chat: Chat }
  | { readonly type: 'item'; readonly chat: Chat; readonly item: ChatItem }
  | { readonly type: 'connected'; readonly chat: Chat }
  | { readonly type: 'closed'; readonly chat: Chat };

/** Who ends a chat: the customer (DisconnectParticipant), the agent, or the system (expiry, the flow). */
export type EndedBy = 'CUSTOMER' | 'AGENT' | 'SYSTEM';

const DISCONNECT_REASON: Record<EndedBy, string> = {
  CUSTOMER: 'CUSTOMER_DISCONNECT',
  AGENT: 'AGENT_DISCONNECT',
  SYSTEM: 'EXPIRED',
};

/** The display name of the scripted agent when none is given. */
export const DEFAULT_AGENT_NAME = 'Sam (simulated agent)';

/** The chats of a simulator; see {@link createChats}. */
export type Chats = ReturnType<typeof createChats>;

/** Creates the chats that follow `store`'s contacts. */
export function createChats(store: ContactStore, clock: () => number) {
  const chats = new Map<string, Chat>();
  const listeners: ((event: ChatEvent) => void)[] = [];
  const emit = (event: ChatEvent) => {
    for (const listener of listeners) listener(event);
  };
  const now = () => new Date(clock()).toISOString();

  function post(chat: Chat, item: Omit<ChatItem, 'Id' | 'AbsoluteTime' | 'ContactId'>): ChatItem {
    const stored: ChatItem = { Id: randomUUID(), AbsoluteTime: now(), ...item, ContactId: chat.contact.ContactId };
    chat.items.push(stored);
    if (stored.Type !== 'EVENT' || TRANSCRIPT_EVENTS.has(stored.ContentType)) chat.transcript.push(stored);
    emit({ type: 'item', chat, item: stored });
    return stored;
  }

  const said = (who: ChatParticipant) => ({
    ParticipantId: who.ParticipantId,
    DisplayName: who.DisplayName,
    ParticipantRole: who.ParticipantRole,
  });

  function agentJoins(chat: Chat, displayName = DEFAULT_AGENT_NAME): ChatParticipant {
    if (chat.agent) return chat.agent;
    if (chat.ended) throw new Error(`The chat of contact ${chat.contact.ContactId} has ended`);
    const agent: ChatParticipant = { ParticipantId: randomUUID(), DisplayName: displayName, ParticipantRole: 'AGENT' };
    chat.agent = agent;
    post(chat, { Type: 'EVENT', ContentType: EVENT_TYPES.participantJoined, ...said(agent) });
    if (chat.contact.state === 'QUEUED') store.advance(chat.contact.ContactId, 'CONNECTED_TO_AGENT');
    return agent;
  }

  function end(chat: Chat, by: EndedBy) {
    if (chat.ended) return;
    chat.ended = true;
    const leaving = by === 'CUSTOMER' ? chat.customer : by === 'AGENT' ? chat.agent : undefined;
    if (leaving) post(chat, { Type: 'EVENT', ContentType: EVENT_TYPES.participantLeft, ...said(leaving) });
    post(chat, { Type: 'EVENT', ContentType: EVENT_TYPES.chatEnded, ParticipantRole: 'SYSTEM' });
    if (chat.contact.state !== 'DISCONNECTED') {
      store.advance(chat.contact.ContactId, 'DISCONNECTED', { disconnectReason: DISCONNECT_REASON[by] });
    }
    emit({ type: 'closed', chat });
  }

  store.subscribe((event) => {
    const { contact } = event;
    if (event.type === 'started') {
      const customer: ChatParticipant = {
        ParticipantId: contact.ParticipantId,
        DisplayName: contact.displayName,
        ParticipantRole: 'CUSTOMER',
      };
      const chat: Chat = {
        contact,
        customer,
        items: [],
        transcript: [],
        receipts: new Map(),
        attachments: new Map(),
        answered: new Map(),
        ended: false,
        customerConnected: false,
      };
      chats.set(contact.ContactId, chat);
      emit({ type: 'opened', chat });
      post(chat, { Type: 'EVENT', ContentType: EVENT_TYPES.participantJoined, ...said(customer) });
      if (contact.initialMessage) {
        post(chat, {
          Type: 'MESSAGE',
          ContentType: contact.initialMessage.ContentType,
          Content: contact.initialMessage.Content,
          ...said(customer),
        });
      }
      return;
    }
    const chat = chats.get(contact.ContactId);
    if (!chat) return;
    if (event.type === 'forgotten') {
      chats.delete(contact.ContactId);
      if (!chat.ended) emit({ type: 'closed', chat });
    } else if (event.state === 'CONNECTED_TO_AGENT' && !chat.agent && !chat.ended) {
      agentJoins(chat);
    } else if (event.state === 'DISCONNECTED' && !chat.ended) {
      const reason = contact.disconnectReason;
      end(chat, reason === 'CUSTOMER_DISCONNECT' ? 'CUSTOMER' : reason === 'AGENT_DISCONNECT' ? 'AGENT' : 'SYSTEM');
    }
  });

  return {
    /** The chat of `contactId`, ending it first if its ChatDurationInMinutes has passed. */
    get(contactId: string): Chat | undefined {
      const chat = chats.get(contactId);
      if (chat && !chat.ended && clock() >= chat.contact.initiatedAt + chat.contact.chatDurationMinutes * 60_000) {
        end(chat, 'SYSTEM');
      }
      return chat;
    },
    post,
    /** Writes what `who` says or does into the chat. */
    say(chat: Chat, who: ChatParticipant, item: Pick<ChatItem, 'Type' | 'ContentType' | 'Content' | 'Attachments'>) {
      return post(chat, { ...item, ...said(who) });
    },
    /**
     * Records `recipient`'s delivery or read receipt for message `messageId` (read implies
     * delivered) and sends the receipt event.
     */
    receipt(chat: Chat, recipient: ChatParticipant, messageId: string, kind: 'delivered' | 'read') {
      const byRecipient = chat.receipts.get(messageId) ?? new Map<string, Receipt>();
      chat.receipts.set(messageId, byRecipient);
      const receipt = byRecipient.get(recipient.ParticipantId) ?? { RecipientParticipantId: recipient.ParticipantId };
      byRecipient.set(recipient.ParticipantId, receipt);
      const at = now();
      receipt.DeliveredTimestamp ??= at;
      if (kind === 'read') receipt.ReadTimestamp ??= at;
      return post(chat, {
        Type: 'EVENT',
        ContentType: kind === 'read' ? EVENT_TYPES.messageRead : EVENT_TYPES.messageDelivered,
        Content: JSON.stringify({ messageId }),
        ...said(recipient),
      });
    },
    agentJoins,
    end,
    /** Marks the customer connected (CreateParticipantConnection); the scripted agent waits for it. */
    connected(chat: Chat) {
      if (chat.customerConnected) return;
      chat.customerConnected = true;
      emit({ type: 'connected', chat });
    },
    /** An item as answered: a message with receipts carries them as MessageMetadata. */
    output(chat: Chat, item: ChatItem): TranscriptItem {
      const receipts = chat.receipts.get(item.Id);
      if (!receipts || receipts.size === 0) return { ...item };
      return {
        ...item,
        MessageMetadata: { MessageId: item.Id, Receipts: [...receipts.values()].map((r) => ({ ...r })) },
      };
    },
    subscribe(listener: (event: ChatEvent) => void) {
      listeners.push(listener);
      return () => {
        const i = listeners.indexOf(listener);
        if (i >= 0) listeners.splice(i, 1);
      };
    },
  };
}
