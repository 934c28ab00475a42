import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createAuthenticator } from './auth.js';
import { createAvailabilityOperations } from './availability-operations.js';
import { type AvailabilityCall, createAvailabilityRoutes } from './availability-routes.js';
import {
  createAvailabilityStore,
  type SimulatedHoursOfOperation,
  type SimulatedHoursOverride,
  type SimulatedQueue,
} from './availability-store.js';
import { type ChatSocketCount, createChatSockets } from './chat-sockets.js';
import { type ChatItem, createChats, EVENT_TYPES, type TranscriptItem } from './chats.js';
import { createConnectOperations } from './connect-operations.js';
import {
  type AdvanceContactOptions,
  createContactStore,
  type SimulatedContactState,
  type SimulatedInstance,
} from './contact-store.js';
import { FaultQueue } from './faults.js';
import { DEFAULT_HISTORY_LIMIT } from './history.js';
import { createParticipantRoutes, type ParticipantCall } from './participant-routes.js';
import { createParticipantService, type ParticipantServiceOptions } from './participant-service.js';
import { sendError } from './rest-json.js';
import { createRoutes, type DescribeCall, type ReceivedCall } from './routes.js';
import { createScriptedAgent, type ScriptedAgentOptions } from './scripted-agent.js';
import type { SimulatorCredentials } from './sigv4.js';
import { createSts, type SimulatedRole, type StsCall } from './sts.js';

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /** Keys whose SigV4 signatures are accepted. */
  readonly credentials: readonly SimulatorCredentials[];
  /** The instances, their flows, hours of operation and queues (the demo's when an instance describes none). */
  readonly instances: readonly SimulatedInstance[];
  /** Faults to start with; they apply to Connect calls only, never to STS. @default none */
  readonly faults?: FaultQueue;
  /** Roles the simulated STS lets `credentials` (or credentials it issued) assume. @default none */
  readonly roles?: readonly SimulatedRole[];
  /** The simulator's clock, in epoch ms: signature skew and credential expiry. @default Date.now */
  readonly clock?: () => number;
  /**
   * How many of the newest calls `received`, `describeCalls` and `stsCalls` each keep, and how
   * many contacts (with their client tokens) the simulator remembers; older ones are forgotten.
   * @default 10,000
   */
  readonly historyLimit?: number;
  /**
   * The scripted agent of every chat: joins `joinDelayMs` after the chat started (once the customer
   * created a participant connection), reads, types and answers each customer message after
   * `replyDelayMs`, ends the chat on "bye". @default enabled, joinDelayMs 2000, replyDelayMs 1000
   */
  readonly agent?: ScriptedAgentOptions;
  /** The Participant Service: connection token lifetime. @default 24 hours, as Connect */
  readonly participant?: ParticipantServiceOptions;
}

/** Options of {@link Simulator.waitForTranscriptItem}. */
export interface WaitOptions {
  /** How long to wait before rejecting. @default 10,000 ms */
  readonly timeoutMs?: number;
}

/** A running (or ready to run) Connect simulator. */
export interface Simulator {
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  readonly url: string;
  readonly faults: FaultQueue;
  /** The newest StartChatContact calls received after authentication (at most `historyLimit`). */
  readonly received: ReceivedCall[];
  /** STS calls received after authentication (AssumeRole), whatever their outcome (the newest `historyLimit`). */
  readonly stsCalls: StsCall[];
  /** DescribeContact calls received after authentication, whatever their outcome (not in `received`; the newest `historyLimit`). */
  readonly describeCalls: DescribeCall[];
  /**
   * GetEffectiveHoursOfOperations, DescribeHoursOfOperation, GetCurrentMetricData, GetContactMetrics
   * and DescribeQueue calls received after authentication, whatever their outcome (the newest `historyLimit`).
   */
  readonly availabilityCalls: AvailabilityCall[];
  /** Adds an hours of operation to a known instance, or replaces the one with its ID (overrides included). Throws when invalid. */
  setHoursOfOperation(instanceId: string, hours: SimulatedHoursOfOperation): void;
  /** What replaces the hours' weekly config on `date` (`YYYY-MM-DD`): open periods or `'closed'`; `undefined` removes it. */
  setHoursOverride(
    instanceId: string,
    hoursOfOperationId: string,
    date: string,
    override: SimulatedHoursOverride | undefined,
  ): void;
  /** Adds a queue to a known instance, or changes the settings given of the one with its ID (agents, handle time…). */
  setQueue(instanceId: string, queue: SimulatedQueue): void;
  /** The IDs of the contacts QUEUED in the queue (the instance's default queue when none is named), first in line first. */
  queuedContacts(instanceId: string, queueId?: string): string[];
  /** Number of StartChatContact calls in `received` (matching `filter`), whatever their outcome. */
  count(filter?: (call: ReceivedCall) => boolean): number;
  /**
   * Moves a contact the simulator started forward in its life, at the simulator's clock, as routing,
   * an agent or the customer would. Throws for an unknown contact or a step back.
   */
  advanceContact(contactId: string, state: SimulatedContactState, options?: AdvanceContactOptions): void;
  /** Learns more instances, flows and roles while running (a gateway's tenants were reloaded). */
  add(more: { instances?: readonly SimulatedInstance[]; roles?: readonly SimulatedRole[] }): void;
  /** Participant Service calls, whatever their outcome (the newest `historyLimit`); tokens are not recorded. */
  readonly participantCalls: ParticipantCall[];
  /**
   * The chat's transcript as GetTranscript holds it, oldest first: messages, attachments and the
   * participant joined/left and chat ended events, with MessageMetadata (receipts) where there are some.
   * Throws for a contact the simulator did not start (or forgot).
   */
  transcript(contactId: string): TranscriptItem[];
  /** Every item of the chat in order, typing and receipt events included (what a connected participant is sent). */
  chatEvents(contactId: string): ChatItem[];
  /**
   * The first item of the chat (typing and receipts included) that matches `predicate`, already
   * there or still to come; rejects after `timeoutMs`.
   */
  waitForTranscriptItem(
    contactId: string,
    predicate: (item: ChatItem) => boolean,
    options?: WaitOptions,
  ): Promise<ChatItem>;
  /** The agent joins the chat now (the participant.joined event; the contact is CONNECTED_TO_AGENT). */
  agentJoins(contactId: string): ChatItem;
  /** The agent sends a message (joining first if it has not); returns the MESSAGE item. */
  agentSays(contactId: string, text: string, options?: { contentType?: string }): ChatItem;
  /** The agent types (a typing event; it joins first if it has not). */
  agentTyping(contactId: string): ChatItem;
  /** The agent ends the chat: participant.left (if it had joined) and chat.ended; the contact is DISCONNECTED. */
  endChat(contactId: string): void;
  /** The chat's websockets: open, and subscribed to `aws/chat`. */
  chatSockets(contactId: string): ChatSocketCount;
  /** Fault: destroys the chat's websockets without a close frame, as a network failure would; returns how many. */
  dropChatSockets(contactId: string): number;
  /** Fault: the chat's websockets open now stop answering heartbeats (sockets opened later answer); returns how many. */
  stopChatHeartbeats(contactId: string): number;
  /**
   * Fault: every websocket URL issued for the chat expires now: its open sockets are closed (1001)
   * and the URLs refused from then on (a new CreateParticipantConnection gets a working one).
   * Returns how many sockets it closed.
   */
  expireChatWebsockets(contactId: string): number;
  /** Fault: pushes to the chat's websockets wait `ms` from now on, in order (0 restores). */
  delayChatPushes(contactId: string, ms: number): void;
}

/** Credentials the embedded simulator and the gateway share in simulator mode. Not a secret. */
export const SIMULATOR_CREDENTIALS: SimulatorCredentials = {
  accessKeyId: 'ASIMULATORACCESSKEY',
  secretAccessKey: 'simulator-secret-access-key',
};

/**
 * Creates a local server that speaks Connect's REST-JSON protocol for StartChatContact,
 * DescribeContact and the availability and queue-status operations, so the real SDK, real SigV4 signing and real HTTP run in development and tests.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const faults = options.faults ?? new FaultQueue();
  const clock = options.clock ?? (() => Date.now());
  const roles: SimulatedRole[] = [...(options.roles ?? [])];
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  if (!Number.isInteger(historyLimit) || historyLimit < 1) {
    throw new RangeError(`historyLimit must be a whole number of at least 1, got ${historyLimit}`);
  }
  const sts = createSts(roles, clock, historyLimit);
  const availability = createAvailabilityStore(clock);
  availability.learn(options.instances);
  const store = createContactStore({
    instances: options.instances,
    clock,
    historyLimit,
    defaultQueueOf: availability.defaultQueueId,
  });
  const chats = createChats(store, clock);
  const agent = createScriptedAgent(chats, clock, options.agent);
  const received: ReceivedCall[] = [];
  const describeCalls: DescribeCall[] = [];
  const availabilityCalls: AvailabilityCall[] = [];
  const participantCalls: ParticipantCall[] = [];
  const service = createParticipantService({ store, chats, faults, clock, historyLimit, options: options.participant });
  const websockets = createChatSockets({
    chats,
    grant: (ticket) => service.websocketGrant(ticket),
    initialContactId: (contactId) => service.initialContactId(contactId),
  });
  const participant = createParticipantRoutes({
    service,
    faults,
    clock,
    calls: participantCalls,
    historyLimit,
    url: () => url,
  });
  const handle = createRoutes({
    authenticate: createAuthenticator(options.credentials, sts.issued, clock),
    operations: createConnectOperations(store, faults, (contactId) => chats.get(contactId)),
    sts,
    faults,
    received,
    describeCalls,
    historyLimit,
    participant,
    availability: createAvailabilityRoutes({
      operations: createAvailabilityOperations({
        store,
        resources: availability,
        faults,
        clock,
        beforeRead: (contactId) => chats.get(contactId),
      }),
      calls: availabilityCalls,
      historyLimit,
    }),
  });
  const sockets = new Set<Socket>();
  let url = '';

  const server = createServer((req, res) => {
    // The SDK corrects its clock from this header: it must come from the simulator's clock.
    res.setHeader('date', new Date(clock()).toUTCString());
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 'InternalServiceException', String(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    if (!websockets.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
  });

  const chatOf = (contactId: string) => {
    const chat = chats.get(contactId);
    if (!chat) throw new Error(`The simulator has no chat for contact ${contactId}`);
    return chat;
  };
  const openChat = (contactId: string) => {
    const chat = chatOf(contactId);
    if (chat.ended) throw new Error(`The chat of contact ${contactId} has ended`);
    return chat;
  };
  const joined = (contactId: string) => {
    const chat = openChat(contactId);
    return { chat, agent: chat.agent ?? chats.agentJoins(chat, agent.displayName) };
  };

  return {
    faults,
    received,
    describeCalls,
    participantCalls,
    availabilityCalls,
    setHoursOfOperation: (instanceId, hours) => availability.setHoursOfOperation(instanceId, hours),
    setHoursOverride: (instanceId, hoursId, date, override) =>
      availability.setHoursOverride(instanceId, hoursId, date, override),
    setQueue: (instanceId, queue) => availability.setQueue(instanceId, queue),
    queuedContacts(instanceId, queueId) {
      const queue = queueId ?? availability.defaultQueueId(instanceId);
      if (queue === undefined) throw new RangeError(`The simulator knows no instance ${instanceId}`);
      return store.queued(instanceId, queue).map((contact) => contact.ContactId);
    },
    transcript(contactId) {
      const chat = chatOf(contactId);
      return chat.transcript.map((item) => chats.output(chat, item));
    },
    chatEvents: (contactId) => chatOf(contactId).items.map((item) => ({ ...item })),
    waitForTranscriptItem(contactId, predicate, more = {}) {
      const chat = chatOf(contactId);
      const found = chat.items.find(predicate);
      if (found) return Promise.resolve({ ...found });
      const timeoutMs = more.timeoutMs ?? 10_000;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`No matching item in the chat of contact ${contactId} within ${timeoutMs} ms`));
        }, timeoutMs);
        timer.unref();
        const unsubscribe = chats.subscribe((event) => {
          if (event.type === 'item' && event.chat === chat && predicate(event.item)) {
            clearTimeout(timer);
            unsubscribe();
            resolve({ ...event.item });
          }
        });
      });
    },
    agentJoins(contactId) {
      const chat = openChat(contactId);
      if (chat.agent) throw new Error(`The agent has already joined the chat of contact ${contactId}`);
      chats.agentJoins(chat, agent.displayName);
      return { ...chat.items.at(-1)! };
    },
    agentSays(contactId, text, more = {}) {
      const { chat, agent: who } = joined(contactId);
      return {
        ...chats.say(chat, who, { Type: 'MESSAGE', ContentType: more.contentType ?? 'text/plain', Content: text }),
      };
    },
    agentTyping(contactId) {
      const { chat, agent: who } = joined(contactId);
      return { ...chats.say(chat, who, { Type: 'EVENT', ContentType: EVENT_TYPES.typing }) };
    },
    endChat(contactId) {
      const chat = openChat(contactId);
      chats.end(chat, chat.agent ? 'AGENT' : 'SYSTEM');
    },
    chatSockets: (contactId) => websockets.count(chatOf(contactId).contact.ContactId),
    dropChatSockets: (contactId) => websockets.drop(chatOf(contactId).contact.ContactId),
    stopChatHeartbeats: (contactId) => websockets.silence(chatOf(contactId).contact.ContactId),
    expireChatWebsockets(contactId) {
      service.expireWebsocketUrls(chatOf(contactId).contact.ContactId);
      return websockets.expire(contactId);
    },
    delayChatPushes: (contactId, ms) => websockets.delay(chatOf(contactId).contact.ContactId, ms),
    stsCalls: sts.calls,
    get url() {
      return url;
    },
    count: (filter) => (filter ? received.filter(filter).length : received.length),
    advanceContact: (contactId, state, more) => store.advance(contactId, state, more),
    add(more) {
      availability.learn(more.instances ?? []);
      store.learn(more.instances ?? []);
      for (const role of more.roles ?? []) {
        if (!roles.some((r) => r.roleArn === role.roleArn && r.externalId === role.externalId)) roles.push(role);
      }
    },
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          url = `http://${host}:${address.port}`;
          resolve(url);
        });
      });
    },
    close() {
      agent.stop();
      websockets.close();
      return new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}
