import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactState } from '../src/chat/contact.js';
import { ChatUnavailableError, RateLimitedError } from '../src/chat/errors.js';
import type { CallContext } from '../src/chat/ports.js';
import type { ConnectTarget, StaticCredentials } from '../src/chat/tenant.js';
import { createChatStarter } from '../src/connect/chat-starter.js';
import { type ConnectClientPool, createConnectClientPool } from '../src/connect/client-pool.js';
import { createContactReader } from '../src/connect/contact-reader.js';
import { createLogger } from '../src/logger.js';
import { createSimulator, type Simulator } from '../src/simulator/index.js';

/*
 * DescribeContact below GraphQL: the real SDK's DescribeContactCommand through the pooled client
 * (signing, retry strategy, deadline), against the simulator on loopback. No mock of `send`.
 */

const GATEWAY_KEY: StaticCredentials = { accessKeyId: 'AGATEWAYACCESSKEY', secretAccessKey: 'gateway-secret' };
const ROLE = 'arn:aws:iam::111122223333:role/ConnectChat';
const ACME_QUEUE = '6f3c1a2e-0000-4000-8000-000000000001';

const acme: ConnectTarget = { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' };
const globex: ConnectTarget = { region: 'eu-west-2', instanceId: 'globex-instance', contactFlowId: 'globex-flow' };
const roleTenant: ConnectTarget = {
  region: 'eu-west-2',
  instanceId: 'role-instance',
  contactFlowId: 'role-flow',
  role: { roleArn: ROLE, externalId: 'role-external-id' },
};

describe('DescribeContact through the contact reader (real SDK, loopback simulator)', () => {
  let simulator: Simulator;
  let pool: ConnectClientPool;
  /** The simulator's clock: real time unless a test pins it. */
  let pinnedMs: number | undefined;
  const logLines: string[] = [];
  const call: CallContext = {
    requestId: 'req-describe-1',
    logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
  };
  const newPool = (requestTimeoutMs = 3000) =>
    createConnectClientPool({
      endpoint: simulator.url,
      stsEndpoint: simulator.url,
      defaultCredentials: GATEWAY_KEY,
      connectionTimeoutMs: 1000,
      requestTimeoutMs,
      maxAttempts: 3,
      retryBackoff: () => 0,
    });
  const starter = () => createChatStarter({ pool, deadlineMs: 5000 });
  const reader = () => createContactReader({ pool, deadlineMs: 5000 });

  beforeAll(async () => {
    simulator = createSimulator({
      credentials: [GATEWAY_KEY],
      instances: [
        { instanceId: 'acme-instance', contactFlowIds: ['acme-flow'], defaultQueueId: ACME_QUEUE },
        { instanceId: 'globex-instance', contactFlowIds: ['globex-flow'] },
        { instanceId: 'role-instance', contactFlowIds: ['role-flow'] },
      ],
      roles: [{ roleArn: ROLE, externalId: 'role-external-id' }],
      clock: () => pinnedMs ?? Date.now(),
    });
    await simulator.listen(0, '127.0.0.1');
    pool = newPool();
  });
  beforeEach(() => {
    pinnedMs = undefined;
    simulator.received.length = 0;
    simulator.describeCalls.length = 0;
    simulator.stsCalls.length = 0;
    logLines.length = 0;
  });
  afterEach(() => simulator.faults.clear());
  afterAll(async () => {
    pool.destroy();
    await simulator.close();
  });

  it('describes a chat it started: QUEUED in the default queue, channel CHAT, initiated by API, with Date timestamps', async () => {
    // A time with milliseconds, to see them survive REST-JSON's epoch-seconds numbers.
    pinnedMs = Math.floor(Date.now() / 1000) * 1000 + 123;
    const chat = await starter().start(acme, { displayName: 'Ada', customerId: 'very-private-customer' }, call);
    const contact = await reader().describe(acme, chat.contactId, call);

    expect(contact).toStrictEqual({
      contactId: chat.contactId,
      channel: 'CHAT',
      initiationMethod: 'API',
      initiatedAt: new Date(pinnedMs),
      enqueuedAt: new Date(pinnedMs),
      lastUpdatedAt: new Date(pinnedMs),
      queueId: ACME_QUEUE,
    });
    expect(contactState(contact!)).toBe('QUEUED');
    expect(simulator.describeCalls).toEqual([
      {
        operation: 'DescribeContact',
        instanceId: 'acme-instance',
        contactId: chat.contactId,
        accessKeyId: GATEWAY_KEY.accessKeyId,
        region: 'eu-west-2',
      },
    ]);
    // `received` stays StartChatContact only.
    expect(simulator.count()).toBe(1);
  });

  it('has plausible timestamps at real time', async () => {
    const before = Date.now();
    const chat = await starter().start(acme, { displayName: 'Ada' }, call);
    const contact = await reader().describe(acme, chat.contactId, call);
    const after = Date.now();
    for (const at of [contact?.initiatedAt, contact?.enqueuedAt, contact?.lastUpdatedAt]) {
      expect(at).toBeInstanceOf(Date);
      expect(at!.getTime()).toBeGreaterThanOrEqual(before);
      expect(at!.getTime()).toBeLessThanOrEqual(after);
    }
  });

  it('sees the contact connected to an agent, then disconnected', async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    pinnedMs = t0;
    const chat = await starter().start(acme, { displayName: 'Ada' }, call);

    pinnedMs = t0 + 4_250;
    simulator.advanceContact(chat.contactId, 'CONNECTED_TO_AGENT', { agentId: 'agent-7' });
    const connected = await reader().describe(acme, chat.contactId, call);
    expect(connected).toMatchObject({
      agentId: 'agent-7',
      connectedToAgentAt: new Date(t0 + 4_250),
      lastUpdatedAt: new Date(t0 + 4_250),
      enqueuedAt: new Date(t0),
    });
    expect(connected).not.toHaveProperty('disconnectedAt');
    expect(contactState(connected!)).toBe('CONNECTED_TO_AGENT');

    pinnedMs = t0 + 60_000;
    simulator.advanceContact(chat.contactId, 'DISCONNECTED', { disconnectReason: 'AGENT_DISCONNECT' });
    const disconnected = await reader().describe(acme, chat.contactId, call);
    expect(disconnected).toMatchObject({
      agentId: 'agent-7',
      connectedToAgentAt: new Date(t0 + 4_250),
      disconnectedAt: new Date(t0 + 60_000),
      disconnectReason: 'AGENT_DISCONNECT',
      lastUpdatedAt: new Date(t0 + 60_000),
    });
    expect(contactState(disconnected!)).toBe('DISCONNECTED');
    expect(() => simulator.advanceContact(chat.contactId, 'QUEUED')).toThrow(/cannot go from DISCONNECTED/);
  });

  it('reports the related and previous contacts of a chat started with them', async () => {
    const first = await starter().start(acme, { displayName: 'Ada' }, call);
    const related = await starter().start(acme, { displayName: 'Ada', relatedContactId: first.contactId }, call);
    const persistent = await starter().start(
      acme,
      {
        displayName: 'Ada',
        persistentChat: { rehydrationType: 'ENTIRE_PAST_SESSION', sourceContactId: first.contactId },
      },
      call,
    );
    expect(await reader().describe(acme, related.contactId, call)).toMatchObject({
      relatedContactId: first.contactId,
    });
    const continued = await reader().describe(acme, persistent.contactId, call);
    expect(continued).toMatchObject({ previousContactId: first.contactId });
    expect(continued).not.toHaveProperty('relatedContactId');
  });

  it("answers null for another instance's contact, asking only the tenant's own instance", async () => {
    const globexChat = await starter().start(globex, { displayName: 'Grace' }, call);
    await expect(reader().describe(acme, globexChat.contactId, call)).resolves.toBeNull();
    expect(simulator.describeCalls).toEqual([
      expect.objectContaining({
        instanceId: 'acme-instance',
        contactId: globexChat.contactId,
        error: 'ResourceNotFoundException',
      }),
    ]);
    // Its own tenant sees it.
    await expect(reader().describe(globex, globexChat.contactId, call)).resolves.toMatchObject({
      contactId: globexChat.contactId,
    });
    expect(logLines.join('')).not.toContain('DescribeContact failed');
  });

  it('answers null for an unknown contact ID, and for one Connect could never have issued without calling it', async () => {
    await expect(reader().describe(acme, randomUUID(), call)).resolves.toBeNull();
    expect(simulator.describeCalls.map((c) => c.error)).toEqual(['ResourceNotFoundException']);
    await expect(reader().describe(acme, '', call)).resolves.toBeNull();
    await expect(reader().describe(acme, 'x'.repeat(257), call)).resolves.toBeNull();
    expect(simulator.describeCalls).toHaveLength(1);
  });

  it('retries throttling within the deadline: throttled twice, then a result from the third call', async () => {
    const chat = await starter().start(acme, { displayName: 'Ada' }, call);
    simulator.faults.inject('throttle', { times: 2, operation: 'DescribeContact' });
    await expect(reader().describe(acme, chat.contactId, call)).resolves.toMatchObject({ contactId: chat.contactId });
    expect(simulator.describeCalls.map((c) => c.error ?? 'ok')).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      'ok',
    ]);
  });

  it('gives RateLimitedError when every attempt is throttled, and logs the detail', async () => {
    const chat = await starter().start(acme, { displayName: 'Ada' }, call);
    simulator.faults.inject('throttle', { operation: 'DescribeContact' });
    const error = await reader()
      .describe(acme, chat.contactId, call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(simulator.describeCalls).toHaveLength(3);
    const warning = JSON.parse(logLines.find((l) => l.includes('DescribeContact failed'))!);
    expect(warning).toMatchObject({
      level: 40,
      connectError: { name: 'ThrottlingException', metadata: { httpStatusCode: 429, attempts: 3 } },
      region: 'eu-west-2',
      instanceId: 'acme-instance',
      result: 'RATE_LIMITED',
    });
  });

  it('gives ChatUnavailableError with the request ID for a persistent 5xx, logging no customer ID', async () => {
    const chat = await starter().start(acme, { displayName: 'Ada', customerId: 'very-private-customer' }, call);
    simulator.faults.inject('serverError', { operation: 'DescribeContact' });
    const error = await reader()
      .describe(acme, chat.contactId, call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatUnavailableError);
    expect(error).toMatchObject({ requestId: 'req-describe-1' });
    expect(simulator.describeCalls).toHaveLength(3);
    const log = logLines.join('');
    expect(log).toContain('InternalServiceException');
    expect(log).not.toContain('very-private-customer');
    expect(log).not.toContain(chat.participantToken);
  });

  it('gives ChatUnavailableError within the deadline when Connect hangs', async () => {
    const chat = await starter().start(acme, { displayName: 'Ada' }, call);
    // The per-attempt timeout is longer than the deadline, so only the deadline can end the call.
    const slowPool = newPool(30_000);
    try {
      const hungReader = createContactReader({ pool: slowPool, deadlineMs: 600 });
      simulator.faults.inject('hang', { operation: 'DescribeContact' });
      const started = performance.now();
      const error = await hungReader.describe(acme, chat.contactId, call).catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(ChatUnavailableError);
      expect(elapsed).toBeGreaterThanOrEqual(590);
      // Far below the 30 s attempt timeout: only the deadline can have ended it, at any machine speed.
      expect(elapsed).toBeLessThan(15_000);
      expect(logLines.join('')).toContain('DeadlineExceededError');
    } finally {
      slowPool.destroy();
    }
  });

  it("signs a role tenant's describe with the assumed credentials, sharing the chat starter's client", async () => {
    const chat = await starter().start(roleTenant, { displayName: 'Ada' }, call);
    const contact = await reader().describe(roleTenant, chat.contactId, call);
    expect(contact).toMatchObject({ contactId: chat.contactId, channel: 'CHAT' });

    expect(simulator.stsCalls).toHaveLength(1);
    const issued = simulator.stsCalls[0]!.issuedAccessKeyId;
    expect(issued).toMatch(/^ASIA/);
    expect(simulator.describeCalls).toEqual([
      {
        operation: 'DescribeContact',
        instanceId: 'role-instance',
        contactId: chat.contactId,
        accessKeyId: issued,
        roleArn: ROLE,
        region: 'eu-west-2',
      },
    ]);
  });
});
