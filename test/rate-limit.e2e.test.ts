import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StartChatDocument } from './generated/graphql.js';
import { ACME, GLOBEX, type Harness, startHarness } from './helpers/harness.js';

/*
 * The gateway's chat-start limits in-process (yoga.fetch + the loopback simulator): per client IP
 * (with and without trusted proxies), per tenant, per AWS account and region (Connect's quota), and
 * RATE_LIMIT=off. A refusal is the typed RateLimitedError and never reaches Connect.
 */

const ON = { RATE_LIMIT: 'on' } as const;
/** Limits high enough never to be the one that refuses. */
const LOOSE = {
  RATE_LIMIT_IP_PER_MINUTE: '1000',
  RATE_LIMIT_TENANT_PER_MINUTE: '1000',
  CONNECT_START_CHAT_RATE: '1000',
  CONNECT_START_CHAT_BURST: '1000',
} as const;
const GENERIC_MESSAGE = /^Too many chats are being started right now\. Try again in \d+ s\.$/;

interface Result {
  readonly __typename: string;
  readonly code?: string;
  readonly message?: string;
  readonly retryAfterSeconds?: number;
}

/**
 * One chat start through `yoga.fetch`. `peer` becomes the server context node:http would give
 * (`{ req: { socket: { remoteAddress } } }`); without it there is no socket, as in the harness.
 */
async function start(
  h: Harness,
  options: { peer?: string; forwardedFor?: string; headers?: Record<string, string>; displayName?: string } = {},
): Promise<Result> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json',
    ...(options.headers ?? ACME),
  };
  if (options.forwardedFor !== undefined) headers['x-forwarded-for'] = options.forwardedFor;
  const fetchWithContext = h.app.fetch as unknown as (
    url: string,
    init: RequestInit,
    serverContext?: object,
  ) => Promise<Response>;
  const response = await fetchWithContext(
    'http://gateway.test/graphql',
    {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: StartChatDocument.toString(),
        variables: { input: { participantDetails: { displayName: options.displayName ?? 'Ada' } } },
      }),
    },
    options.peer ? { req: { socket: { remoteAddress: options.peer } } } : undefined,
  );
  const body = (await response.json()) as { data?: { startChatContact?: Result } };
  if (!body.data?.startChatContact) throw new Error(`no startChatContact in ${JSON.stringify(body)}`);
  return body.data.startChatContact;
}

const typenames = (results: readonly Result[]) => results.map((r) => r.__typename);

/** The `rateLimit` objects of the "refused by a rate limit" log lines. */
function refusals(h: Harness): { limit: string; key: string; retryAfterSeconds: number }[] {
  return h.logLines
    .map(
      (line) =>
        JSON.parse(line) as { msg: string; rateLimit?: { limit: string; key: string; retryAfterSeconds: number } },
    )
    .filter((entry) => entry.msg === 'chat start refused by a rate limit')
    .map((entry) => entry.rateLimit!);
}

function expectRateLimited(result: Result, retryAfter: { min: number; max: number }) {
  expect(result).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
  expect(result.message).toMatch(GENERIC_MESSAGE);
  expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(retryAfter.min);
  expect(result.retryAfterSeconds).toBeLessThanOrEqual(retryAfter.max);
}

describe('rate limits on startChatContact (in-process)', () => {
  let h: Harness | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    await h?.close();
    h = undefined;
  });

  it("per client IP through a trusted proxy's x-forwarded-for; the left, client-written part is never believed", async () => {
    h = await startHarness({ ...ON, ...LOOSE, RATE_LIMIT_IP_PER_MINUTE: '3', TRUSTED_PROXIES: '10.0.0.0/8' });
    const viaProxy = (forwardedFor: string) => start(h!, { peer: '10.1.2.3', forwardedFor });

    const first = [];
    for (let i = 0; i < 3; i++) first.push(await viaProxy(`198.51.100.${i}, 203.0.113.7`));
    expect(typenames(first)).toEqual(Array(3).fill('StartChatContactPayload'));
    // A new spoofed left part changes nothing: the proxy vouched for 203.0.113.7.
    expectRateLimited(await viaProxy('198.51.100.99, 203.0.113.7'), { min: 59, max: 60 });
    // Another hop of the trusted chain is skipped: still 203.0.113.7.
    expectRateLimited(await viaProxy('203.0.113.7, 10.9.9.9'), { min: 59, max: 60 });
    expect(h.simulator.count()).toBe(3);

    // Another client behind the same proxy has its own budget.
    expect((await viaProxy('203.0.113.8')).__typename).toBe('StartChatContactPayload');
    expect(h.simulator.count()).toBe(4);
    // The log says which limit refused, and for whom; the client saw only the generic message.
    expect(refusals(h)).toEqual([
      { limit: 'ip', key: '203.0.113.7', retryAfterSeconds: expect.any(Number) },
      { limit: 'ip', key: '203.0.113.7', retryAfterSeconds: expect.any(Number) },
    ]);
  });

  it('ignores the x-forwarded-for of an untrusted peer: the peer is the client, whatever it claims', async () => {
    h = await startHarness({ ...ON, ...LOOSE, RATE_LIMIT_IP_PER_MINUTE: '3', TRUSTED_PROXIES: '10.0.0.0/8' });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await start(h, { peer: '198.51.100.50', forwardedFor: `203.0.113.${i}` }));
    expect(typenames(results)).toEqual([
      'StartChatContactPayload',
      'StartChatContactPayload',
      'StartChatContactPayload',
      'RateLimitedError',
      'RateLimitedError',
    ]);
    expect(h.simulator.count()).toBe(3);
    expect(refusals(h).map((r) => r.key)).toEqual(['198.51.100.50', '198.51.100.50']);
  });

  it('skips the per-IP limit when there is no socket (in-process fetch): the IP is unknown, the other limits hold', async () => {
    h = await startHarness({ ...ON, ...LOOSE, RATE_LIMIT_IP_PER_MINUTE: '1', RATE_LIMIT_TENANT_PER_MINUTE: '4' });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await start(h, { forwardedFor: '203.0.113.7' }));
    expect(typenames(results)).toEqual([...Array(4).fill('StartChatContactPayload'), 'RateLimitedError']);
    expect(refusals(h).map((r) => r.limit)).toEqual(['tenant']);
  });

  it('per tenant: one tenant running out leaves the others alone', async () => {
    h = await startHarness({ ...ON, ...LOOSE, RATE_LIMIT_TENANT_PER_MINUTE: '3' });
    const acme = await Promise.all(Array.from({ length: 6 }, (_, i) => start(h!, { peer: `203.0.113.${i}` })));
    expect(typenames(acme).filter((t) => t === 'StartChatContactPayload')).toHaveLength(3);
    for (const refused of acme.filter((r) => r.__typename !== 'StartChatContactPayload')) {
      expectRateLimited(refused, { min: 59, max: 60 });
    }
    expect((await start(h, { headers: GLOBEX, peer: '203.0.113.50' })).__typename).toBe('StartChatContactPayload');
    expect(h.simulator.count()).toBe(4);
    expect(refusals(h)).toEqual(Array(3).fill({ limit: 'tenant', key: 'acme', retryAfterSeconds: expect.any(Number) }));
  });

  it("per AWS account and region: Connect's rate and burst as a token bucket, with retryAfterSeconds", async () => {
    const tenants = {
      tenants: [
        {
          id: 'acme',
          apiKeys: ['acme-public-key'],
          connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
        },
        // Same (gateway) credentials and region as acme: the same account's quota.
        {
          id: 'acme-shop',
          apiKeys: ['acme-shop-key'],
          connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
        },
        // Same credentials, another region: another quota.
        {
          id: 'acme-us',
          apiKeys: ['acme-us-key'],
          connect: { region: 'us-east-1', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
        },
        // Its own access key: another account.
        {
          id: 'globex',
          apiKeys: ['globex-public-key'],
          connect: {
            region: 'eu-west-2',
            instanceId: 'globex-instance',
            contactFlowId: 'globex-flow',
            credentials: { accessKeyId: { env: 'GLOBEX_KEY_ID' }, secretAccessKey: { env: 'GLOBEX_SECRET' } },
          },
        },
      ],
    };
    // The token buckets' clock is the test's: the refill below needs no sleep.
    let now = Date.now();
    h = await startHarness(
      { ...ON, ...LOOSE, CONNECT_START_CHAT_RATE: '1', CONNECT_START_CHAT_BURST: '3' },
      { tenants, rateLimitNow: () => now },
    );
    const burst = await Promise.all(Array.from({ length: 5 }, (_, i) => start(h!, { peer: `203.0.113.${i}` })));
    expect(typenames(burst).filter((t) => t === 'StartChatContactPayload')).toHaveLength(3);
    const refused = burst.filter((r) => r.__typename !== 'StartChatContactPayload');
    expect(refused).toHaveLength(2);
    // One token comes back per second: retry after 1 s (never 0).
    for (const r of refused) expectRateLimited(r, { min: 1, max: 1 });
    // Another tenant on the same account and region shares the quota…
    expectRateLimited(await start(h, { headers: { 'x-api-key': 'acme-shop-key' } }), { min: 1, max: 1 });
    // …another region or another account does not.
    expect((await start(h, { headers: { 'x-api-key': 'acme-us-key' } })).__typename).toBe('StartChatContactPayload');
    expect((await start(h, { headers: GLOBEX })).__typename).toBe('StartChatContactPayload');
    expect(h.simulator.count()).toBe(5);
    expect(refusals(h).map((r) => r.limit)).toEqual(['connect', 'connect', 'connect']);
    expect(refusals(h)[0]?.key).toMatch(/^eu-west-2:key-[0-9a-f]{16}$/);

    // After the advertised second, exactly one more start fits.
    now += 1000;
    const later = await Promise.all([start(h), start(h)]);
    expect(typenames(later).sort()).toEqual(['RateLimitedError', 'StartChatContactPayload']);
    expect(h.simulator.count()).toBe(6);
  });

  it('RATE_LIMIT=off lets everything through, however small the limits', async () => {
    h = await startHarness({
      RATE_LIMIT: 'off',
      RATE_LIMIT_IP_PER_MINUTE: '1',
      RATE_LIMIT_TENANT_PER_MINUTE: '1',
      CONNECT_START_CHAT_RATE: '1',
      CONNECT_START_CHAT_BURST: '1',
    });
    const results = await Promise.all(Array.from({ length: 12 }, () => start(h!, { peer: '203.0.113.7' })));
    expect(typenames(results)).toEqual(Array(12).fill('StartChatContactPayload'));
    expect(h.simulator.count()).toBe(12);
    expect(refusals(h)).toEqual([]);
  });

  it('counts every start, not every HTTP request: aliased mutations in one document each take a point', async () => {
    h = await startHarness({ ...ON, ...LOOSE, RATE_LIMIT_IP_PER_MINUTE: '3' });
    const fields = Array.from(
      { length: 5 },
      (_, i) => `s${i}: startChatContact(input: { participantDetails: { displayName: "Ada" } }) { __typename }`,
    );
    const fetchWithContext = h.app.fetch as unknown as (u: string, i: RequestInit, c: object) => Promise<Response>;
    const response = await fetchWithContext(
      'http://gateway.test/graphql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ACME },
        body: JSON.stringify({ query: `mutation { ${fields.join(' ')} }` }),
      },
      { req: { socket: { remoteAddress: '203.0.113.7' } } },
    );
    const body = (await response.json()) as { data?: Record<string, { __typename: string }> };
    const names = Object.values(body.data ?? {}).map((r) => r.__typename);
    expect(
      names.filter((n) => n === 'StartChatContactPayload'),
      JSON.stringify(body),
    ).toHaveLength(3);
    expect(names.filter((n) => n === 'RateLimitedError')).toHaveLength(2);
    expect(h.simulator.count()).toBe(3);
  });

  it('invalid input is refused before the limits: it spends no quota', async () => {
    h = await startHarness({ ...ON, ...LOOSE, RATE_LIMIT_IP_PER_MINUTE: '1' });
    for (let i = 0; i < 3; i++) {
      expect((await start(h, { peer: '203.0.113.7', displayName: ' ' })).__typename).toBe('InvalidInputError');
    }
    expect((await start(h, { peer: '203.0.113.7' })).__typename).toBe('StartChatContactPayload');
    expect((await start(h, { peer: '203.0.113.7' })).__typename).toBe('RateLimitedError');
  });

  it('over a real socket (node:http), the peer address comes from the Yoga server context', async () => {
    h = await startHarness({ ...ON, ...LOOSE, RATE_LIMIT_IP_PER_MINUTE: '2' });
    server = createServer(h.app);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const send = async (forwardedFor: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor, ...ACME },
        body: JSON.stringify({
          query: StartChatDocument.toString(),
          variables: { input: { participantDetails: { displayName: 'Ada' } } },
        }),
      });
      return ((await response.json()) as { data: { startChatContact: Result } }).data.startChatContact;
    };
    const results = [await send('203.0.113.1'), await send('203.0.113.2'), await send('203.0.113.3')];
    expect(typenames(results)).toEqual(['StartChatContactPayload', 'StartChatContactPayload', 'RateLimitedError']);
    expect(refusals(h)).toEqual([{ limit: 'ip', key: '127.0.0.1', retryAfterSeconds: expect.any(Number) }]);
  });

  it('over a real socket from a trusted proxy, each forwarded client has its own budget', async () => {
    h = await startHarness({ ...ON, ...LOOSE, RATE_LIMIT_IP_PER_MINUTE: '1', TRUSTED_PROXIES: '127.0.0.1, ::1' });
    server = createServer(h.app);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const send = async (forwardedFor: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor, ...ACME },
        body: JSON.stringify({
          query: StartChatDocument.toString(),
          variables: { input: { participantDetails: { displayName: 'Ada' } } },
        }),
      });
      return ((await response.json()) as { data: { startChatContact: Result } }).data.startChatContact.__typename;
    };
    expect([await send('203.0.113.1'), await send('203.0.113.2'), await send('203.0.113.1')]).toEqual([
      'StartChatContactPayload',
      'StartChatContactPayload',
      'RateLimitedError',
    ]);
  });
});
