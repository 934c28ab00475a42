import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StartChatCommand } from '../src/chat/command.js';
import { ChatUnavailableError } from '../src/chat/errors.js';
import type { CallContext } from '../src/chat/ports.js';
import type { ConnectTarget, StaticCredentials } from '../src/chat/tenant.js';
import { createChatStarter } from '../src/connect/chat-starter.js';
import { type ConnectClientPool, createConnectClientPool, ROLE_SESSION_NAME } from '../src/connect/client-pool.js';
import { createLogger } from '../src/logger.js';
import { createSimulator, type Simulator } from '../src/simulator/index.js';

/*
 * Cross-account tenants: the real SDK's fromTemporaryCredentials calls AssumeRole on the simulated
 * STS (awsQuery, SigV4 over loopback), then signs StartChatContact with the assumed credentials.
 */

/** The gateway's own credentials (the pool's default): they assume the tenants' roles. */
const GATEWAY_KEY: StaticCredentials = { accessKeyId: 'AGATEWAYACCESSKEY', secretAccessKey: 'gateway-secret' };
/** A tenant's own static credentials, used to assume its role instead of the gateway's. */
const TENANT_KEY: StaticCredentials = { accessKeyId: 'ATENANTACCESSKEY', secretAccessKey: 'tenant-secret' };

const ACME_ROLE = 'arn:aws:iam::111122223333:role/ConnectChat';
const SHORT_ROLE = 'arn:aws:iam::444455556666:role/ShortLived';
const MEDIUM_ROLE = 'arn:aws:iam::444455556666:role/MediumLived';
/** Its trust policy has no ExternalId condition: any external ID is accepted. */
const SHARED_ROLE = 'arn:aws:iam::777788889999:role/SharedChat';

const target = (overrides: Partial<ConnectTarget> = {}): ConnectTarget => ({
  region: 'eu-west-2',
  instanceId: 'role-instance',
  contactFlowId: 'role-flow',
  role: { roleArn: ACME_ROLE, externalId: 'acme-external-id' },
  ...overrides,
});
const command: StartChatCommand = { displayName: 'Ada' };

describe('cross-account tenants: STS AssumeRole through the client pool (real SDK, loopback simulator)', () => {
  let simulator: Simulator;
  let pool: ConnectClientPool;
  const logLines: string[] = [];
  const call: CallContext = {
    requestId: 'req-1',
    logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
  };
  const newPool = (options: { stsEndpoint?: string | null } = {}) => {
    pool?.destroy();
    pool = createConnectClientPool({
      endpoint: simulator.url,
      ...(options.stsEndpoint === null ? {} : { stsEndpoint: options.stsEndpoint ?? simulator.url }),
      defaultCredentials: GATEWAY_KEY,
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 3000,
      maxAttempts: 1,
      retryBackoff: () => 0,
    });
    return createChatStarter({ pool, deadlineMs: 5000 });
  };

  beforeAll(async () => {
    simulator = createSimulator({
      credentials: [GATEWAY_KEY, TENANT_KEY],
      instances: [
        { instanceId: 'role-instance', contactFlowIds: ['role-flow'] },
        { instanceId: 'other-instance', contactFlowIds: ['other-flow'] },
      ],
      roles: [
        { roleArn: ACME_ROLE, externalId: 'acme-external-id' },
        // 240 s left is inside the SDK's 5-minute refresh window; 360 s is outside it.
        { roleArn: SHORT_ROLE, credentialsTtlSeconds: 240 },
        { roleArn: MEDIUM_ROLE, credentialsTtlSeconds: 360 },
        { roleArn: SHARED_ROLE },
      ],
    });
    await simulator.listen(0, '127.0.0.1');
  });
  beforeEach(() => {
    simulator.received.length = 0;
    simulator.stsCalls.length = 0;
    logLines.length = 0;
  });
  afterEach(() => vi.unstubAllEnvs());
  afterAll(async () => {
    pool?.destroy();
    await simulator.close();
  });

  it('(a) assumes the role once for 100 chat starts and signs every Connect call with the assumed credentials', async () => {
    const starter = newPool();
    for (let batch = 0; batch < 10; batch++) {
      const started = await Promise.all(Array.from({ length: 10 }, () => starter.start(target(), command, call)));
      for (const chat of started) expect(chat).toMatchObject({ contactId: expect.any(String), region: 'eu-west-2' });
    }

    expect(simulator.stsCalls).toHaveLength(1);
    const assume = simulator.stsCalls[0]!;
    expect(assume).toEqual({
      operation: 'AssumeRole',
      accessKeyId: GATEWAY_KEY.accessKeyId,
      region: 'eu-west-2',
      roleArn: ACME_ROLE,
      roleSessionName: ROLE_SESSION_NAME,
      externalId: 'acme-external-id',
      durationSeconds: 3600,
      issuedAccessKeyId: expect.stringMatching(/^ASIA[A-Z0-9]{16}$/),
    });
    expect(simulator.received).toHaveLength(100);
    for (const received of simulator.received) {
      expect(received).toMatchObject({
        accessKeyId: assume.issuedAccessKeyId,
        roleArn: ACME_ROLE,
        region: 'eu-west-2',
      });
      expect(received.error).toBeUndefined();
    }
    expect(pool.size).toBe(1);
  });

  it('assumes the role with the tenant’s own static credentials when it has them, else with the default ones', async () => {
    const starter = newPool();
    await starter.start(target({ credentials: TENANT_KEY }), command, call);
    await starter.start(target(), command, call);
    expect(simulator.stsCalls.map((c) => c.accessKeyId)).toEqual([TENANT_KEY.accessKeyId, GATEWAY_KEY.accessKeyId]);
    expect(simulator.received.map((c) => c.roleArn)).toEqual([ACME_ROLE, ACME_ROLE]);
    expect(pool.size).toBe(2);
  });

  it('(b) assumes the role again before credentials expire: 240 s left is inside the SDK refresh window', async () => {
    const starter = newPool();
    const short = target({ role: { roleArn: SHORT_ROLE } });
    await starter.start(short, command, call);
    const afterFirst = simulator.stsCalls.length;
    expect(afterFirst).toBeGreaterThanOrEqual(1);
    await starter.start(short, command, call);
    // The first credentials were still valid for ~4 minutes, yet the SDK assumed the role again.
    expect(simulator.stsCalls.length).toBeGreaterThan(afterFirst);
    // Every Connect call was accepted and signed with the newest credentials at the time.
    expect(simulator.received).toHaveLength(2);
    expect(simulator.received[1]!.accessKeyId).toBe(simulator.stsCalls.at(-1)!.issuedAccessKeyId);
    expect(simulator.received[0]!.accessKeyId).not.toBe(simulator.received[1]!.accessKeyId);
    expect(simulator.received.every((c) => c.error === undefined && c.roleArn === SHORT_ROLE)).toBe(true);
    expect(pool.size).toBe(1);

    // Control: 360 s left is outside the window, so the same credentials are reused.
    simulator.stsCalls.length = 0;
    await starter.start(target({ role: { roleArn: MEDIUM_ROLE } }), command, call);
    await starter.start(target({ role: { roleArn: MEDIUM_ROLE } }), command, call);
    expect(simulator.stsCalls).toHaveLength(1);
  });

  it('(b) with 1-hour credentials, reuses them for 55 minutes, then assumes the role once more before they expire', async () => {
    // Only Date is faked: the SDK, the signatures and the simulator's clock all move together.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const starter = newPool();
      await starter.start(target(), command, call);
      expect(simulator.stsCalls).toHaveLength(1);
      vi.setSystemTime(Date.now() + 54 * 60_000); // 6 minutes left: still reused
      await starter.start(target(), command, call);
      expect(simulator.stsCalls).toHaveLength(1);
      vi.setSystemTime(Date.now() + 2 * 60_000); // 4 minutes left: refreshed, once
      await starter.start(target(), command, call);
      await starter.start(target(), command, call);
      expect(simulator.stsCalls).toHaveLength(2);
      expect(simulator.received.map((c) => c.accessKeyId)).toEqual(
        [0, 0, 1, 1].map((i) => simulator.stsCalls[i]!.issuedAccessKeyId),
      );
      expect(simulator.received.every((c) => c.error === undefined)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('(c) a wrong or missing external ID fails the chat start with a safe ChatUnavailableError and never reaches Connect', async () => {
    const starter = newPool();
    for (const externalId of ['wrong-external-id', undefined]) {
      const error = await starter
        .start(target({ role: { roleArn: ACME_ROLE, ...(externalId ? { externalId } : {}) } }), command, call)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatUnavailableError);
      const message = (error as Error).message;
      expect(message).not.toMatch(/arn:|\d{12}|aws|sts|assume|role|denied|authoriz/i);
      expect(message).toContain('req-1');
    }
    // STS refused each once (AccessDenied is not retried); Connect saw nothing.
    expect(simulator.stsCalls.map((c) => [c.externalId, c.error])).toEqual([
      ['wrong-external-id', 'AccessDenied'],
      [undefined, 'AccessDenied'],
    ]);
    expect(simulator.received).toHaveLength(0);
    // The operator still finds the cause in the log.
    expect(logLines.join('')).toContain('AccessDenied');
  });

  it('(d) one client per role, external ID, region and assuming credentials', async () => {
    const starter = newPool();
    const x1 = target({ role: { roleArn: SHARED_ROLE, externalId: 'tenant-x1' } });
    const x2 = target({ role: { roleArn: SHARED_ROLE, externalId: 'tenant-x2' } });
    const x1Us = target({ region: 'us-east-1', role: { roleArn: SHARED_ROLE, externalId: 'tenant-x1' } });
    const x1Other = target({
      instanceId: 'other-instance',
      contactFlowId: 'other-flow',
      role: { roleArn: SHARED_ROLE, externalId: 'tenant-x1' },
    });

    expect(pool.clientFor(x1)).not.toBe(pool.clientFor(x2));
    expect(pool.clientFor(x1)).not.toBe(pool.clientFor(x1Us));
    expect(pool.clientFor(x1Other)).toBe(pool.clientFor(x1));
    expect(pool.size).toBe(3);

    for (const t of [x1, x2, x1Us, x1Other, x1]) await starter.start(t, command, call);
    expect(simulator.stsCalls.map((c) => [c.externalId, c.region])).toEqual([
      ['tenant-x1', 'eu-west-2'],
      ['tenant-x2', 'eu-west-2'],
      ['tenant-x1', 'us-east-1'],
    ]);
    expect(simulator.received.map((c) => c.accessKeyId)).toEqual(
      [0, 1, 2, 0, 0].map((i) => simulator.stsCalls[i]!.issuedAccessKeyId),
    );
    expect(simulator.received.map((c) => c.body.InstanceId)).toEqual([
      'role-instance',
      'role-instance',
      'role-instance',
      'other-instance',
      'role-instance',
    ]);
    expect(pool.size).toBe(3);
  });

  it('keys static-credential clients by a fingerprint of the whole credentials: a rotated secret gets a new client', () => {
    newPool();
    const rotatedBefore = target({ role: undefined, credentials: { accessKeyId: 'AKEY', secretAccessKey: 'old' } });
    const rotatedAfter = target({ role: undefined, credentials: { accessKeyId: 'AKEY', secretAccessKey: 'new' } });
    const withToken = target({
      role: undefined,
      credentials: { accessKeyId: 'AKEY', secretAccessKey: 'new', sessionToken: 'token' },
    });
    const sameAsAfter = target({
      role: undefined,
      instanceId: 'other-instance',
      credentials: { accessKeyId: 'AKEY', secretAccessKey: 'new' },
    });
    const clients = [rotatedBefore, rotatedAfter, withToken].map((t) => pool.clientFor(t));
    expect(new Set(clients).size).toBe(3);
    expect(pool.clientFor(sameAsAfter)).toBe(clients[1]);
    // A role target never shares a client with a static one, even with the same credentials.
    expect(pool.clientFor(target({ credentials: { accessKeyId: 'AKEY', secretAccessKey: 'new' } }))).not.toBe(
      clients[1],
    );
  });

  it('without stsEndpoint, reaches STS through AWS_ENDPOINT_URL_STS (the SDK’s standard endpoint setting)', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_STS', simulator.url);
    const starter = newPool({ stsEndpoint: null });
    await starter.start(target(), command, call);
    expect(simulator.stsCalls).toHaveLength(1);
    expect(simulator.received).toMatchObject([{ roleArn: ACME_ROLE }]);
  });
});
