import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultQueue } from './faults.js';
import { DEFAULT_HISTORY_LIMIT, pushBounded, setBounded } from './history.js';
import { DESCRIBE_CONTACT_SHAPES, START_CHAT_SHAPES, validateShape } from './model.js';
import { checkChatRules } from './rules.js';
import { type SimulatorCredentials, verifySigV4 } from './sigv4.js';
import { createSts, type SimulatedRole, type StsCall, sendXml, stsAuthError } from './sts.js';

/** An instance the simulator knows, with its flows. */
export interface SimulatedInstance {
  readonly instanceId: string;
  readonly contactFlowIds: readonly string[];
  /** The queue a new chat is placed in. @default a random UUID, fixed per instance */
  readonly defaultQueueId?: string;
}

/** One request the simulator received after authentication, for tests to assert on. */
export interface ReceivedCall {
  readonly operation: 'StartChatContact';
  readonly accessKeyId: string;
  /** The region in the request's credential scope. */
  readonly region: string;
  readonly body: Record<string, unknown>;
  /** The role whose temporary credentials (issued by the simulated STS) signed the call; undefined for static keys. */
  readonly roleArn?: string;
  /** The error type answered, or undefined for success. */
  readonly error?: string;
  /** The contact started (or found again by ClientToken) on success, even when the reply was lost. */
  readonly contactId?: string;
}

/** One DescribeContact call the simulator received after authentication, for tests to assert on. */
export interface DescribeCall {
  readonly operation: 'DescribeContact';
  /** The instance named in the path: the only one whose contacts the call can see. */
  readonly instanceId: string;
  readonly contactId: string;
  readonly accessKeyId: string;
  /** The region in the request's credential scope. */
  readonly region: string;
  /** The role whose temporary credentials signed the call; undefined for static keys. */
  readonly roleArn?: string;
  /** The error type answered, or undefined for success. */
  readonly error?: string;
}

/** Where a simulated chat is in its life; a new chat starts `QUEUED`. */
export type SimulatedContactState = 'QUEUED' | 'CONNECTED_TO_AGENT' | 'DISCONNECTED';

/** What {@link Simulator.advanceContact} records with the new state. */
export interface AdvanceContactOptions {
  /** CONNECTED_TO_AGENT: the agent's ID. @default a random UUID */
  readonly agentId?: string;
  /** QUEUED: the queue it is (re)placed in. @default its current queue */
  readonly queueId?: string;
  /** DISCONNECTED: as Connect reports it. @default CUSTOMER_DISCONNECT */
  readonly disconnectReason?: string;
}

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /** Keys whose SigV4 signatures are accepted. */
  readonly credentials: readonly SimulatorCredentials[];
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
  /** Number of StartChatContact calls in `received` (matching `filter`), whatever their outcome. */
  count(filter?: (call: ReceivedCall) => boolean): number;
  /**
   * Moves a contact the simulator started forward in its life, at the simulator's clock, as routing,
   * an agent or the customer would. Throws for an unknown contact or a step back.
   */
  advanceContact(contactId: string, state: SimulatedContactState, options?: AdvanceContactOptions): void;
  /** Learns more instances, flows and roles while running (a gateway's tenants were reloaded). */
  add(more: { instances?: readonly SimulatedInstance[]; roles?: readonly SimulatedRole[] }): void;
}

/** Credentials the embedded simulator and the gateway share in simulator mode. Not a secret. */
export const SIMULATOR_CREDENTIALS: SimulatorCredentials = {
  accessKeyId: 'ASIMULATORACCESSKEY',
  secretAccessKey: 'simulator-secret-access-key',
};

/** The account in contact ARNs when static keys started the chat (a role's ARN names its own account). */
const SIMULATOR_ACCOUNT_ID = '123456789012';

interface StoredContact {
  /** `instanceId/ClientToken` when a token started it: forgotten with the contact. */
  readonly tokenKey?: string;
  readonly ContactId: string;
  readonly ParticipantId: string;
  readonly ParticipantToken: string;
  readonly ContinuedFromContactId?: string;
  readonly arn: string;
  readonly relatedContactId?: string;
  readonly customerId?: string;
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

const STATE_ORDER: readonly SimulatedContactState[] = ['QUEUED', 'CONNECTED_TO_AGENT', 'DISCONNECTED'];

/** REST-JSON's default timestamp format for body members: epoch seconds, a JSON number (ms as a fraction). */
const epochSeconds = (ms: number) => ms / 1000;

/** The DescribeContact `Contact` structure, with the model's member names; absent members are left out. */
function describeContactOutput(contact: StoredContact) {
  return {
    Arn: contact.arn,
    Id: contact.ContactId,
    ...(contact.ContinuedFromContactId ? { PreviousContactId: contact.ContinuedFromContactId } : {}),
    InitiationMethod: 'API',
    Channel: 'CHAT',
    QueueInfo: { Id: contact.queueId, EnqueueTimestamp: epochSeconds(contact.enqueuedAt) },
    ...(contact.agentId !== undefined && contact.connectedToAgentAt !== undefined
      ? { AgentInfo: { Id: contact.agentId, ConnectedToAgentTimestamp: epochSeconds(contact.connectedToAgentAt) } }
      : {}),
    InitiationTimestamp: epochSeconds(contact.initiatedAt),
    ...(contact.disconnectedAt !== undefined ? { DisconnectTimestamp: epochSeconds(contact.disconnectedAt) } : {}),
    LastUpdateTimestamp: epochSeconds(contact.lastUpdatedAt),
    ...(contact.relatedContactId ? { RelatedContactId: contact.relatedContactId } : {}),
    ...(contact.customerId ? { CustomerId: contact.customerId } : {}),
    ...(contact.disconnectReason ? { DisconnectReason: contact.disconnectReason } : {}),
  };
}

/** The route of a Connect request: the operation and its URI labels. */
type Route =
  | { operation: 'StartChatContact' }
  | { operation: 'DescribeContact'; instanceId: string; contactId: string }
  | { operation: undefined };

function routeOf(method: string | undefined, pathname: string): Route {
  if (method === 'PUT' && pathname === '/contact/chat') return { operation: 'StartChatContact' };
  const describe = /^\/contacts\/([^/]+)\/([^/]+)$/.exec(pathname);
  if (method === 'GET' && describe) {
    try {
      return {
        operation: 'DescribeContact',
        instanceId: decodeURIComponent(describe[1]!),
        contactId: decodeURIComponent(describe[2]!),
      };
    } catch {
      return { operation: undefined };
    }
  }
  return { operation: undefined };
}

const ERROR_STATUS: Record<string, number> = {
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  UnrecognizedClientException: 403,
  ExpiredTokenException: 403,
  InvalidSignatureException: 403,
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  SerializationException: 400,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  TooManyRequestsException: 429,
  ThrottlingException: 429,
  LimitExceededException: 429,
  InternalServiceException: 500,
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}

/** Answers an error exactly as Connect does: status, `x-amzn-errortype`, `__type` and `Message`. */
function sendError(res: ServerResponse, type: string, message: string) {
  sendJson(res, ERROR_STATUS[type] ?? 400, { __type: type, Message: message }, { 'x-amzn-errortype': type });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Creates a local server that speaks Connect's REST-JSON protocol for StartChatContact and
 * DescribeContact, so the real SDK, real SigV4 signing and real HTTP run in development and tests.
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
  const staticKeys = new Map(options.credentials.map((c) => [c.accessKeyId, c]));
  const findKey = (accessKeyId: string) => staticKeys.get(accessKeyId) ?? sts.issued.get(accessKeyId);
  const received: ReceivedCall[] = [];
  const describeCalls: DescribeCall[] = [];
  const flowsByInstance = new Map(options.instances.map((i) => [i.instanceId, new Set(i.contactFlowIds)]));
  const defaultQueues = new Map<string, string>();
  const learnQueues = (instances: readonly SimulatedInstance[]) => {
    for (const i of instances) {
      if (i.defaultQueueId) defaultQueues.set(i.instanceId, i.defaultQueueId);
      else if (!defaultQueues.has(i.instanceId)) defaultQueues.set(i.instanceId, randomUUID());
    }
  };
  learnQueues(options.instances);
  /** Keyed by `instanceId/contactId`: a contact is only visible through its own instance. */
  const contacts = new Map<string, StoredContact>();
  const contactsById = new Map<string, StoredContact>();
  const byClientToken = new Map<string, StoredContact>();
  const sockets = new Set<Socket>();
  let url = '';

  type Outcome = { error: string; message: string } | { contact: StoredContact };
  const refuse = (error: string, message: string): Outcome => ({ error, message });
  /** Who signed a call: the access key, the region of its scope, and the role behind a temporary key. */
  type Caller = { accessKeyId: string; region: string; roleArn?: string };

  function startChatContact(body: Record<string, unknown>, caller: Caller): Outcome {
    const problems = validateShape(START_CHAT_SHAPES, 'StartChatContactRequest', body);
    if (problems.length > 0) {
      return refuse(
        'InvalidParameterException',
        `${problems.length} validation error(s) detected: ${problems.join('; ')}`,
      );
    }
    const rule = checkChatRules(body);
    if (rule) return refuse('InvalidParameterException', rule);
    const fault = faults.take(['throttle', 'chatLimit', 'serverError']);
    if (fault?.kind === 'throttle') return refuse('TooManyRequestsException', 'Rate exceeded');
    if (fault?.kind === 'chatLimit') {
      return refuse('LimitExceededException', 'The allowed limit for the resource has been exceeded.');
    }
    if (fault?.kind === 'serverError') {
      return refuse(
        'InternalServiceException',
        'Request processing failed because of an error or failure with the service.',
      );
    }
    const instanceId = body.InstanceId as string;
    const flows = flowsByInstance.get(instanceId);
    if (!flows?.has(body.ContactFlowId as string)) {
      return refuse('ResourceNotFoundException', 'The specified resource was not found.');
    }
    const source = (body.PersistentChat as { SourceContactId?: string } | undefined)?.SourceContactId;
    const related = body.RelatedContactId as string | undefined;
    for (const id of [source, related]) {
      if (id !== undefined && !contacts.has(`${instanceId}/${id}`)) {
        return refuse('ResourceNotFoundException', 'The specified contact was not found.');
      }
    }
    const tokenKey = typeof body.ClientToken === 'string' ? `${instanceId}/${body.ClientToken}` : undefined;
    const existing = tokenKey ? byClientToken.get(tokenKey) : undefined;
    if (existing) return { contact: existing };
    const contact = newContact(instanceId, body, caller, source, related, tokenKey);
    const forgotten = setBounded(contacts, `${instanceId}/${contact.ContactId}`, contact, historyLimit);
    for (const old of forgotten) {
      contactsById.delete(old.ContactId);
      if (old.tokenKey) byClientToken.delete(old.tokenKey);
    }
    contactsById.set(contact.ContactId, contact);
    if (tokenKey) byClientToken.set(tokenKey, contact);
    return { contact };
  }

  function newContact(
    instanceId: string,
    body: Record<string, unknown>,
    caller: Caller,
    source: string | undefined,
    related: string | undefined,
    tokenKey: string | undefined,
  ): StoredContact {
    const now = clock();
    const contactId = randomUUID();
    const account = /^arn:aws:iam::(\d{12}):/.exec(caller.roleArn ?? '')?.[1] ?? SIMULATOR_ACCOUNT_ID;
    const customerId = typeof body.CustomerId === 'string' ? body.CustomerId : undefined;
    return {
      ...(tokenKey ? { tokenKey } : {}),
      ContactId: contactId,
      ParticipantId: randomUUID(),
      ParticipantToken: randomBytes(48).toString('base64url'),
      ...(source ? { ContinuedFromContactId: source } : {}),
      arn: `arn:aws:connect:${caller.region}:${account}:instance/${instanceId}/contact/${contactId}`,
      ...(related ? { relatedContactId: related } : {}),
      ...(customerId ? { customerId } : {}),
      initiatedAt: now,
      state: 'QUEUED',
      queueId: defaultQueues.get(instanceId) ?? randomUUID(),
      enqueuedAt: now,
      lastUpdatedAt: now,
    };
  }

  /** DescribeContact: only the contacts of the instance in the path; any other ID is not found there. */
  function describeContact(instanceId: string, contactId: string): Outcome {
    const problems = validateShape(DESCRIBE_CONTACT_SHAPES, 'DescribeContactRequest', {
      InstanceId: instanceId,
      ContactId: contactId,
    });
    if (problems.length > 0) {
      return refuse(
        'InvalidParameterException',
        `${problems.length} validation error(s) detected: ${problems.join('; ')}`,
      );
    }
    const fault = faults.take(['throttle', 'serverError'], 'DescribeContact');
    if (fault?.kind === 'throttle') return refuse('ThrottlingException', 'Rate exceeded.');
    if (fault?.kind === 'serverError') {
      return refuse(
        'InternalServiceException',
        'Request processing failed because of an error or failure with the service.',
      );
    }
    const contact = contacts.get(`${instanceId}/${contactId}`);
    if (!contact) return refuse('ResourceNotFoundException', 'Contact not found.');
    return { contact };
  }

  function advanceContact(contactId: string, state: SimulatedContactState, more: AdvanceContactOptions = {}) {
    const contact = contactsById.get(contactId);
    if (!contact) throw new Error(`The simulator started no contact ${contactId}`);
    const from = STATE_ORDER.indexOf(contact.state);
    const to = STATE_ORDER.indexOf(state);
    if (contact.state === 'DISCONNECTED' || to < from || (to === from && state !== 'QUEUED')) {
      throw new Error(`Contact ${contactId} cannot go from ${contact.state} to ${state}`);
    }
    const now = clock();
    if (state === 'QUEUED') {
      contact.queueId = more.queueId ?? contact.queueId;
      contact.enqueuedAt = now;
    } else if (state === 'CONNECTED_TO_AGENT') {
      contact.agentId = more.agentId ?? randomUUID();
      contact.connectedToAgentAt = now;
    } else {
      contact.disconnectedAt = now;
      contact.disconnectReason = more.disconnectReason ?? 'CUSTOMER_DISCONNECT';
    }
    contact.state = state;
    contact.lastUpdatedAt = now;
  }

  /** STS speaks awsQuery: `POST /` with a form body, XML answers. Faults do not apply. */
  async function handleSts(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const target = new URL(req.url ?? '/', 'http://simulator');
    const failure = await verifySigV4(
      {
        method: 'POST',
        path: target.pathname,
        query: Object.fromEntries(target.searchParams),
        headers: req.headers,
        body,
      },
      { service: 'sts', findKey, now: clock() },
    );
    if (failure) return sendXml(res, stsAuthError(failure));
    const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization));
    return sendXml(res, sts.handle(body, { accessKeyId: credential?.[1] ?? '', region: credential?.[2] ?? '' }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'POST' && new URL(req.url ?? '/', 'http://simulator').pathname === '/')
      return handleSts(req, res);
    const route = routeOf(req.method, new URL(req.url ?? '/', 'http://simulator').pathname);
    // Transport faults hit before anything is read; service faults after authentication and validation.
    const fault = faults.take(['drop', 'hang', 'latency'], route.operation);
    if (fault?.kind === 'drop') return req.socket.destroy();
    if (fault?.kind === 'hang') return; // never answers; close() destroys the socket
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms));

    const body = await readBody(req);
    const target = new URL(req.url ?? '/', 'http://simulator');
    const failure = await verifySigV4(
      {
        method: req.method ?? 'GET',
        path: target.pathname,
        query: Object.fromEntries(target.searchParams),
        headers: req.headers,
        body,
      },
      { service: 'connect', findKey, now: clock() },
    );
    if (failure) return sendError(res, failure.type, failure.message);
    const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization));
    const accessKeyId = credential?.[1] ?? '';
    const roleArn = sts.issued.get(accessKeyId)?.roleArn;
    const caller: Caller = { accessKeyId, region: credential?.[2] ?? '', ...(roleArn ? { roleArn } : {}) };
    if (route.operation === 'DescribeContact') {
      const outcome = describeContact(route.instanceId, route.contactId);
      pushBounded(
        describeCalls,
        {
          operation: 'DescribeContact',
          instanceId: route.instanceId,
          contactId: route.contactId,
          ...caller,
          ...('error' in outcome ? { error: outcome.error } : {}),
        },
        historyLimit,
      );
      if ('error' in outcome) return sendError(res, outcome.error, outcome.message);
      return sendJson(res, 200, { Contact: describeContactOutput(outcome.contact) });
    }
    if (route.operation !== 'StartChatContact') {
      return sendError(res, 'UnknownOperationException', `No operation at ${req.method} ${target.pathname}.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body || '{}');
    } catch {
      return sendError(res, 'SerializationException', 'Request body is not valid JSON.');
    }
    const bodyObject = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    const outcome = startChatContact(bodyObject, caller);
    pushBounded(
      received,
      {
        operation: 'StartChatContact',
        accessKeyId,
        region: caller.region,
        body: bodyObject,
        ...(roleArn ? { roleArn } : {}),
        ...('error' in outcome ? { error: outcome.error } : { contactId: outcome.contact.ContactId }),
      },
      historyLimit,
    );
    if ('error' in outcome) return sendError(res, outcome.error, outcome.message);
    if (faults.take(['lostReply'], 'StartChatContact')) return req.socket.destroy();
    const { ContactId, ParticipantId, ParticipantToken, ContinuedFromContactId } = outcome.contact;
    return sendJson(res, 200, {
      ContactId,
      ParticipantId,
      ParticipantToken,
      ...(ContinuedFromContactId ? { ContinuedFromContactId } : {}),
    });
  }

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

  return {
    faults,
    received,
    describeCalls,
    stsCalls: sts.calls,
    get url() {
      return url;
    },
    count: (filter) => (filter ? received.filter(filter).length : received.length),
    advanceContact,
    add(more) {
      learnQueues(more.instances ?? []);
      for (const instance of more.instances ?? []) {
        const flows = flowsByInstance.get(instance.instanceId) ?? new Set<string>();
        for (const flow of instance.contactFlowIds) flows.add(flow);
        flowsByInstance.set(instance.instanceId, flows);
      }
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
      return new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}
