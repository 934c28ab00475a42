/**
 * What the simulator remembers between calls: the instances with their flows,
 * the contacts it started (by instance, by ID and by ClientToken, the newest `historyLimit`) and
 * each contact's life from QUEUED to DISCONNECTED. No HTTP, no signatures, no faults.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Caller } from './auth.js';
import type { InstanceResources } from './availability-store.js';
import { setBounded } from './history.js';

/** An instance the simulator knows, with its flows, and its hours of operation and queues. */
export interface SimulatedInstance extends InstanceResources {
  readonly contactFlowIds: readonly string[];
}

/** Where a simulated chat is in its life; a new chat starts `QUEUED`. */
export type SimulatedContactState = 'QUEUED' | 'CONNECTED_TO_AGENT' | 'DISCONNECTED';

/** What {@link ContactStore.advance} records with the new state. */
export interface AdvanceContactOptions {
  /** CONNECTED_TO_AGENT: the agent's ID. @default a random UUID */
  readonly agentId?: string;
  /** QUEUED: the queue it is (re)placed in. @default its current queue */
  readonly queueId?: string;
  /** DISCONNECTED: as Connect reports it. @default CUSTOMER_DISCONNECT */
  readonly disconnectReason?: string;
}

/** A contact the simulator started, with what DescribeContact reports of it. */
export interface StoredContact {
  /** `instanceId/ClientToken` when a token started it: forgotten with the contact. */
  readonly tokenKey?: string;
  readonly instanceId: string;
  readonly ContactId: string;
  readonly ParticipantId: string;
  readonly ParticipantToken: string;
  readonly ContinuedFromContactId?: string;
  readonly arn: string;
  readonly relatedContactId?: string;
  readonly customerId?: string;
  /** The customer's `ParticipantDetails.DisplayName`. */
  readonly displayName: string;
  /** `SupportedMessagingContentTypes`, or `text/plain` alone when the request named none, as Connect defaults. */
  readonly supportedContentTypes: readonly string[];
  /** `ChatDurationInMinutes`: the chat ends this long after it started. @default 1500 (25 hours, Connect's default) */
  readonly chatDurationMinutes: number;
  /** `InitialMessage`: the customer's first message in the transcript. */
  readonly initialMessage?: { readonly ContentType: string; readonly Content: string };
  /** Epoch ms, from the simulator's clock. */
  readonly initiatedAt: number;
  state: SimulatedContactState;
  queueId: string;
  enqueuedAt: number;
  agentId?: string;
  connectedToAgentAt?: number;
  disconnectedAt?: number;
  disconnectReason?: string;
  lastUpdatedAt: number;
}

/** The StartChatContact members a new contact is made from (already validated). */
export interface NewContactRequest {
  readonly instanceId: string;
  readonly clientToken?: string;
  readonly customerId?: string;
  /** `PersistentChat.SourceContactId`. */
  readonly sourceContactId?: string;
  readonly relatedContactId?: string;
  /** `ParticipantDetails.DisplayName`. @default "Customer" */
  readonly displayName?: string;
  readonly supportedContentTypes?: readonly string[];
  readonly chatDurationMinutes?: number;
  readonly initialMessage?: { readonly ContentType: string; readonly Content: string };
}

/** What happened to a contact, for those that follow the store (the chats, the scripted agent). */
export type ContactEvent =
  | { readonly type: 'started'; readonly contact: StoredContact }
  | { readonly type: 'advanced'; readonly contact: StoredContact; readonly state: SimulatedContactState }
  | { readonly type: 'forgotten'; readonly contact: StoredContact };

/** Connect's chat duration when StartChatContact names none: 25 hours. */
export const DEFAULT_CHAT_DURATION_MINUTES = 1500;

/** The simulator's memory of instances and contacts; see {@link createContactStore}. */
export interface ContactStore {
  /** Learns more instances: their flows are added to those already known. */
  learn(instances: readonly SimulatedInstance[]): void;
  /** Whether `contactFlowId` is a flow of `instanceId`. */
  hasFlow(instanceId: string, contactFlowId: string): boolean;
  /** The contact `contactId` of `instanceId`: a contact is only visible through its own instance. */
  find(instanceId: string, contactId: string): StoredContact | undefined;
  /** The contact `contactId` in any instance (the Participant Service knows a chat by its tokens, not its instance). */
  findById(contactId: string): StoredContact | undefined;
  /** The contact whose customer holds `participantToken` (the one StartChatContact returned). */
  findByParticipantToken(participantToken: string): StoredContact | undefined;
  /** Calls `listener` after each start (not a ClientToken replay), each step and each forgotten contact. */
  subscribe(listener: (event: ContactEvent) => void): void;
  /** Starts a contact, or returns the one its ClientToken already started in the instance. */
  start(request: NewContactRequest, caller: Pick<Caller, 'region' | 'roleArn'>): StoredContact;
  /** The contacts QUEUED in `queueId` of `instanceId`, first enqueued first (a contact queued again goes to the back). */
  queued(instanceId: string, queueId: string): StoredContact[];
  /** Moves a contact forward in its life at the store's clock; throws for an unknown contact or a step back. */
  advance(contactId: string, state: SimulatedContactState, options?: AdvanceContactOptions): void;
}

/** The account in contact ARNs when static keys started the chat (a role's ARN names its own account). */
const SIMULATOR_ACCOUNT_ID = '123456789012';

/** The account in the ARNs the simulator answers a caller: its role's, or the simulator's for static keys. */
export const accountOf = (caller: Pick<Caller, 'roleArn'>) =>
  /^arn:aws:iam::(\d{12}):/.exec(caller.roleArn ?? '')?.[1] ?? SIMULATOR_ACCOUNT_ID;

const STATE_ORDER: readonly SimulatedContactState[] = ['QUEUED', 'CONNECTED_TO_AGENT', 'DISCONNECTED'];

/**
 * Creates the store for `instances`. When two of them share an instance ID, the last one's flows
 * are the instance's flows (`learn` adds instead).
 */
export function createContactStore(options: {
  readonly instances: readonly SimulatedInstance[];
  readonly clock: () => number;
  readonly historyLimit: number;
  /** The queue a new contact of the instance is placed in (the availability store knows it); undefined: a random UUID. */
  readonly defaultQueueOf: (instanceId: string) => string | undefined;
}): ContactStore {
  const { clock, historyLimit } = options;
  const flowsByInstance = new Map(options.instances.map((i) => [i.instanceId, new Set(i.contactFlowIds)]));
  /** Keyed by `instanceId/contactId`: a contact is only visible through its own instance. */
  const contacts = new Map<string, StoredContact>();
  const contactsById = new Map<string, StoredContact>();
  const byClientToken = new Map<string, StoredContact>();
  const byParticipantToken = new Map<string, StoredContact>();
  /** The QUEUED contacts by `instanceId/queueId`, in the order they were enqueued. */
  const queues = new Map<string, Set<StoredContact>>();
  const queueKey = (contact: StoredContact) => `${contact.instanceId}/${contact.queueId}`;
  const dequeue = (contact: StoredContact) => {
    const key = queueKey(contact);
    queues.get(key)?.delete(contact);
    if (queues.get(key)?.size === 0) queues.delete(key);
  };
  const enqueue = (contact: StoredContact) => {
    const key = queueKey(contact);
    queues.set(key, (queues.get(key) ?? new Set()).add(contact));
  };
  const listeners: ((event: ContactEvent) => void)[] = [];
  const emit = (event: ContactEvent) => {
    for (const listener of listeners) listener(event);
  };

  function newContact(request: NewContactRequest, caller: Pick<Caller, 'region' | 'roleArn'>, tokenKey?: string) {
    const { instanceId, customerId, sourceContactId: source, relatedContactId: related, initialMessage } = request;
    const now = clock();
    const contactId = randomUUID();
    const account = accountOf(caller);
    const contact: StoredContact = {
      ...(tokenKey ? { tokenKey } : {}),
      instanceId,
      ContactId: contactId,
      ParticipantId: randomUUID(),
      ParticipantToken: randomBytes(48).toString('base64url'),
      ...(source ? { ContinuedFromContactId: source } : {}),
      arn: `arn:aws:connect:${caller.region}:${account}:instance/${instanceId}/contact/${contactId}`,
      ...(related ? { relatedContactId: related } : {}),
      ...(customerId ? { customerId } : {}),
      displayName: request.displayName ?? 'Customer',
      supportedContentTypes: request.supportedContentTypes ?? ['text/plain'],
      chatDurationMinutes: request.chatDurationMinutes ?? DEFAULT_CHAT_DURATION_MINUTES,
      ...(initialMessage ? { initialMessage } : {}),
      initiatedAt: now,
      state: 'QUEUED',
      queueId: options.defaultQueueOf(instanceId) ?? randomUUID(),
      enqueuedAt: now,
      lastUpdatedAt: now,
    };
    return contact;
  }

  return {
    learn(instances) {
      for (const instance of instances) {
        const flows = flowsByInstance.get(instance.instanceId) ?? new Set<string>();
        for (const flow of instance.contactFlowIds) flows.add(flow);
        flowsByInstance.set(instance.instanceId, flows);
      }
    },
    hasFlow: (instanceId, contactFlowId) => flowsByInstance.get(instanceId)?.has(contactFlowId) ?? false,
    find: (instanceId, contactId) => contacts.get(`${instanceId}/${contactId}`),
    findById: (contactId) => contactsById.get(contactId),
    findByParticipantToken: (participantToken) => byParticipantToken.get(participantToken),
    queued: (instanceId, queueId) => [...(queues.get(`${instanceId}/${queueId}`) ?? [])],
    subscribe(listener) {
      listeners.push(listener);
    },
    start(request, caller) {
      const { instanceId, clientToken } = request;
      const tokenKey = clientToken !== undefined ? `${instanceId}/${clientToken}` : undefined;
      const existing = tokenKey ? byClientToken.get(tokenKey) : undefined;
      if (existing) return existing;
      const contact = newContact(request, caller, tokenKey);
      const forgotten = setBounded(contacts, `${instanceId}/${contact.ContactId}`, contact, historyLimit);
      for (const old of forgotten) {
        dequeue(old);
        contactsById.delete(old.ContactId);
        byParticipantToken.delete(old.ParticipantToken);
        if (old.tokenKey) byClientToken.delete(old.tokenKey);
      }
      contactsById.set(contact.ContactId, contact);
      byParticipantToken.set(contact.ParticipantToken, contact);
      if (tokenKey) byClientToken.set(tokenKey, contact);
      enqueue(contact);
      for (const old of forgotten) emit({ type: 'forgotten', contact: old });
      emit({ type: 'started', contact });
      return contact;
    },
    advance(contactId, state, more = {}) {
      const contact = contactsById.get(contactId);
      if (!contact) throw new Error(`The simulator started no contact ${contactId}`);
      const from = STATE_ORDER.indexOf(contact.state);
      const to = STATE_ORDER.indexOf(state);
      if (contact.state === 'DISCONNECTED' || to < from || (to === from && state !== 'QUEUED')) {
        throw new Error(`Contact ${contactId} cannot go from ${contact.state} to ${state}`);
      }
      const now = clock();
      dequeue(contact);
      if (state === 'QUEUED') {
        contact.queueId = more.queueId ?? contact.queueId;
        contact.enqueuedAt = now;
        enqueue(contact);
      } else if (state === 'CONNECTED_TO_AGENT') {
        contact.agentId = more.agentId ?? randomUUID();
        contact.connectedToAgentAt = now;
      } else {
        contact.disconnectedAt = now;
        contact.disconnectReason = more.disconnectReason ?? 'CUSTOMER_DISCONNECT';
      }
      contact.state = state;
      contact.lastUpdatedAt = now;
      emit({ type: 'advanced', contact, state });
    },
  };
}
