import { describe, expect, it } from 'vitest';
import type { ConnectTarget } from '../src/chat/tenant.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { accountOf, connectQuotaKey } from '../src/ratelimit/account.js';
import { clientIpOf, createTrustedProxies, ipLimitKey, normalizeAddress } from '../src/ratelimit/client-ip.js';
import { createChatStartLimiter, type RateLimitSettings } from '../src/ratelimit/limiter.js';
import { createMemoryLimitStore } from '../src/ratelimit/memory-store.js';
import { createMemoryTokenBucket } from '../src/ratelimit/token-bucket.js';

const target = (overrides: Partial<ConnectTarget> = {}): ConnectTarget => ({
  region: 'eu-west-2',
  instanceId: 'instance',
  contactFlowId: 'flow',
  ...overrides,
});

describe('client IP', () => {
  const trusted = createTrustedProxies(['10.0.0.0/8', '192.0.2.1', 'fd00::/8']);

  it.each([
    ['no socket (in-process fetch): unknown', undefined, '203.0.113.7', undefined],
    ['an untrusted peer is the client; its x-forwarded-for is ignored', '198.51.100.4', '203.0.113.7', '198.51.100.4'],
    ['a trusted peer: the right-most entry', '10.1.2.3', '203.0.113.7', '203.0.113.7'],
    [
      'a trusted peer: entries left of the client are spoofable, never read',
      '10.1.2.3',
      '6.6.6.6, 203.0.113.7',
      '203.0.113.7',
    ],
    ['trusted hops are skipped from the right', '10.1.2.3', '203.0.113.7, 192.0.2.1, 10.9.9.9', '203.0.113.7'],
    ['every hop trusted: the left-most', '10.1.2.3', '10.0.0.5, 192.0.2.1', '10.0.0.5'],
    ['a trusted peer without the header is the client', '10.1.2.3', undefined, '10.1.2.3'],
    ['an unreadable entry stops at the nearest readable hop', '10.1.2.3', '203.0.113.7, unknown', '10.1.2.3'],
    ['IPv4-mapped peers are IPv4', '::ffff:10.1.2.3', '203.0.113.7', '203.0.113.7'],
    ['ports and brackets are dropped', '10.1.2.3', '[2001:db8::1]:4711, 203.0.113.7:5555', '203.0.113.7'],
    ['IPv6 proxies', 'fd12::1', '2001:db8::1', '2001:db8::1'],
  ])('%s', (_label, peerAddress, forwardedFor, expected) => {
    expect(clientIpOf({ peerAddress, forwardedFor }, trusted)).toBe(expected);
  });

  it('trusts nobody by default', () => {
    expect(clientIpOf({ peerAddress: '10.1.2.3', forwardedFor: '203.0.113.7' }, createTrustedProxies([]))).toBe(
      '10.1.2.3',
    );
  });

  it('normalizes addresses and refuses non-addresses', () => {
    expect(normalizeAddress('::FFFF:1.2.3.4')).toBe('1.2.3.4');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeAddress('unknown')).toBeUndefined();
    expect(normalizeAddress('1.2.3.4.5')).toBeUndefined();
  });

  it('counts IPv4 per address and IPv6 per /64', () => {
    expect(ipLimitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(ipLimitKey('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(ipLimitKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:1::/64');
    expect(ipLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(ipLimitKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('TRUSTED_PROXIES is validated by the config, naming each bad entry', () => {
    expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8, 192.0.2.1 ,fd00::/8' }).rateLimit.trustedProxies).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
      'fd00::/8',
    ]);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, proxy.internal, 10.0.0.0/33, ::1/129' })).toThrow(
      'TRUSTED_PROXIES: not an IP address or CIDR: proxy.internal, 10.0.0.0/33, ::1/129',
    );
  });
});

describe('AWS account of a Connect target', () => {
  const gatewayKeys = { accessKeyId: 'AKIAGATEWAY', secretAccessKey: 'gateway-secret' };

  it("is the role ARN's account for role tenants, whatever credentials assume the role", () => {
    const role = { roleArn: 'arn:aws:iam::111122223333:role/ConnectChat', externalId: 'x' };
    expect(accountOf(target({ role }))).toBe('111122223333');
    expect(accountOf(target({ role, credentials: gatewayKeys }), gatewayKeys)).toBe('111122223333');
    expect(connectQuotaKey(target({ role }))).toBe('eu-west-2:111122223333');
  });

  it('is a hash of the access key ID for static credentials: stable across secret rotation, never the key', () => {
    const account = accountOf(target({ credentials: gatewayKeys }));
    expect(account).toMatch(/^key-[0-9a-f]{16}$/);
    expect(account).not.toContain('AKIAGATEWAY');
    expect(accountOf(target({ credentials: { ...gatewayKeys, secretAccessKey: 'rotated' } }))).toBe(account);
    expect(accountOf(target({ credentials: { ...gatewayKeys, accessKeyId: 'AKIAOTHER' } }))).not.toBe(account);
    // The gateway's own keys (simulator mode) for tenants without credentials.
    expect(accountOf(target(), gatewayKeys)).toBe(account);
  });

  it('is "default" for the default credential chain', () => {
    expect(accountOf(target())).toBe('default');
    expect(connectQuotaKey(target({ region: 'us-east-1' }))).toBe('us-east-1:default');
  });
});

describe('token bucket (GCRA) with an injected clock', () => {
  it("matches Connect's quota: burst 8 at once, then 5 per second", () => {
    let now = 0;
    const bucket = createMemoryTokenBucket(5, 8, () => now);
    const takes = Array.from({ length: 9 }, () => bucket.take('k'));
    expect(takes.filter((v) => v.allowed)).toHaveLength(8);
    expect(takes[8]).toEqual({ allowed: false, retryAfterMs: 200 });
    now = 199_000; // µs
    expect(bucket.take('k').allowed).toBe(false);
    now = 200_000;
    expect(bucket.take('k').allowed).toBe(true);
    // Sustained 5/s is allowed forever; 6/s is not.
    let refused = 0;
    for (let i = 1; i <= 50; i++) {
      now = 200_000 + i * 200_000;
      if (!bucket.take('k').allowed) refused++;
    }
    expect(refused).toBe(0);
    now += 1;
    expect(bucket.take('k')).toEqual({ allowed: false, retryAfterMs: 199.999 });
    // Idle for a while: the whole burst is back, not more.
    now += 10_000_000;
    expect(Array.from({ length: 10 }, () => bucket.take('k').allowed).filter(Boolean)).toHaveLength(8);
  });

  it('keeps one bucket per key', () => {
    const bucket = createMemoryTokenBucket(1, 1, () => 0);
    expect(bucket.take('eu-west-2:a').allowed).toBe(true);
    expect(bucket.take('eu-west-2:a').allowed).toBe(false);
    expect(bucket.take('us-east-1:a').allowed).toBe(true);
  });

  it("the memory store's buckets run on the store's clock (epoch ms)", async () => {
    let now = 1_767_225_600_000;
    const store = createMemoryLimitStore({ now: () => now });
    const bucket = store.tokenBucket('connect', 2, 1);
    expect(await bucket.take('k')).toEqual({ allowed: true });
    expect(await bucket.take('k')).toEqual({ allowed: false, retryAfterMs: 500 });
    now += 499;
    expect(await bucket.take('k')).toEqual({ allowed: false, retryAfterMs: 1 });
    now += 1;
    expect(await bucket.take('k')).toEqual({ allowed: true });
    await store.close();
  });
});

describe('chat start limiter', () => {
  const settings: RateLimitSettings = {
    enabled: true,
    redisUrl: undefined,
    tenantPerMinute: 2,
    ipPerMinute: 100,
    chatWritesPerMinute: 100,
    tenantWritesPerMinute: 100,
    connectStartChatRate: 1,
    connectStartChatBurst: 1,
    trustedProxies: [],
  };
  const logger = createLogger('silent');

  it('a start refused by one limit counts against none of the others', async () => {
    const limiter = createChatStartLimiter({ settings, logger });
    const account = (id: string) => target({ credentials: { accessKeyId: id, secretAccessKey: 's' } });
    expect(await limiter.acquire({ tenantId: 't', target: account('A') })).toEqual({ allowed: true });
    // The bucket of account A is empty: refused by `connect`, and the tenant's point is given back…
    for (let i = 0; i < 3; i++) {
      expect(await limiter.acquire({ tenantId: 't', target: account('A') })).toMatchObject({
        allowed: false,
        limit: 'connect',
        retryAfterSeconds: 1,
      });
    }
    // …so the tenant still has its second start (on another account), and only then runs out.
    expect(await limiter.acquire({ tenantId: 't', target: account('B') })).toEqual({ allowed: true });
    const refused = await limiter.acquire({ tenantId: 't', target: account('C') });
    expect(refused).toMatchObject({ allowed: false, limit: 'tenant', key: 't' });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    await limiter.close();
  });

  it('the Connect quota refills at its rate: after the advertised second exactly one more start fits (fake clock)', async () => {
    let now = 1_767_225_600_000;
    const gatewayKeys = { accessKeyId: 'AKIAGATEWAY', secretAccessKey: 'gateway-secret' };
    const limiter = createChatStartLimiter({
      settings: { ...settings, tenantPerMinute: 1000, connectStartChatRate: 1, connectStartChatBurst: 3 },
      logger,
      defaultCredentials: gatewayKeys,
      now: () => now,
    });
    const acquire = () => limiter.acquire({ tenantId: 'acme', target: target() });
    const burst = await Promise.all(Array.from({ length: 5 }, acquire));
    expect(burst.filter((d) => d.allowed)).toHaveLength(3);
    // One token comes back per second: retry after 1 s (never 0).
    const refused = {
      allowed: false,
      limit: 'connect',
      key: connectQuotaKey(target(), gatewayKeys),
      retryAfterSeconds: 1,
    };
    expect(burst.filter((d) => !d.allowed)).toEqual([refused, refused]);
    // A millisecond early is still too early…
    now += 999;
    expect(await acquire()).toEqual(refused);
    // …after the advertised second, exactly one more start fits.
    now += 1;
    const later = await Promise.all([acquire(), acquire()]);
    expect(later.map((d) => d.allowed).sort()).toEqual([false, true]);
    await limiter.close();
  });

  it('RATE_LIMIT=off allows everything', async () => {
    const limiter = createChatStartLimiter({ settings: { ...settings, enabled: false }, logger });
    for (let i = 0; i < 20; i++) {
      expect(
        await limiter.acquire({ tenantId: 't', client: { peerAddress: '203.0.113.7' }, target: target() }),
      ).toEqual({ allowed: true });
    }
  });
});
