import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StartChatDocument } from './generated/graphql.js';
import { ACME, type Harness, startHarness } from './helpers/harness.js';
import { type RedisServer, startRedisServer } from './helpers/redis.js';

/*
 * Replicas sharing REDIS_URL enforce ONE limit, exactly, under a concurrent burst, against a real
 * redis-server this test starts (and stops) itself. Without redis-server the suite fails with a
 * clear message: it is never skipped. The figures are printed as `FIGURES:` lines.
 */

const BURST = 40;
const LIMIT = 10;

interface Outcome {
  readonly allowed: number;
  readonly refused: number;
  readonly reachedConnect: number;
  readonly retryAfterSeconds: readonly number[];
}

/** `BURST` concurrent chat starts for one tenant, dealt round-robin over the replicas. */
async function burst(replicas: readonly Harness[], total = BURST): Promise<Outcome> {
  const results = await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const replica = replicas[i % replicas.length]!;
      const response = await replica.execute(
        StartChatDocument,
        { input: { participantDetails: { displayName: `burst-${i}` } } },
        ACME,
      );
      return response.body.data?.startChatContact;
    }),
  );
  const refused = results.filter((r) => r?.__typename === 'RateLimitedError');
  return {
    allowed: results.filter((r) => r?.__typename === 'StartChatContactPayload').length,
    refused: refused.length,
    reachedConnect: replicas.reduce((sum, r) => sum + r.simulator.count(), 0),
    retryAfterSeconds: refused.map((r) => (r && 'retryAfterSeconds' in r ? Number(r.retryAfterSeconds) : 0)),
  };
}

function report(label: string, outcome: Outcome, limit: number) {
  const line = `${label}: ${outcome.allowed} allowed of ${BURST} concurrent (limit ${limit}), ${outcome.refused} RATE_LIMITED, ${outcome.reachedConnect} reached Connect`;
  console.log(`FIGURES: ${line}`);
  return line;
}

describe('rate limits shared through Redis (real redis-server)', () => {
  let redis: RedisServer;
  const open: Harness[] = [];
  const replica = async (env: Record<string, string>) => {
    const h = await startHarness({ RATE_LIMIT: 'on', ...env });
    open.push(h);
    return h;
  };
  const closeAll = async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await closeAll();
    await redis?.stop();
  });
  beforeEach(async () => {
    await closeAll();
    await redis.flush();
  });

  /** Only the per-tenant limit can refuse. */
  const tenantLimited = () => ({
    RATE_LIMIT_TENANT_PER_MINUTE: String(LIMIT),
    RATE_LIMIT_IP_PER_MINUTE: '1000',
    CONNECT_START_CHAT_RATE: '10000',
    CONNECT_START_CHAT_BURST: '10000',
    REDIS_URL: redis.url,
  });

  it(`one replica with Redis: exactly ${LIMIT} of ${BURST} concurrent starts`, async () => {
    const outcome = await burst([await replica(tenantLimited())]);
    const line = report('1 replica, Redis', outcome, LIMIT);
    expect(outcome.allowed, line).toBe(LIMIT);
    expect(outcome.reachedConnect, line).toBe(LIMIT);
    expect(Math.min(...outcome.retryAfterSeconds), line).toBeGreaterThanOrEqual(1);
  });

  it(`two replicas sharing REDIS_URL: exactly ${LIMIT} of ${BURST} concurrent starts in total, not ${LIMIT} each`, async () => {
    const replicas = [await replica(tenantLimited()), await replica(tenantLimited())];
    const outcome = await burst(replicas);
    const line = report('2 replicas, shared Redis', outcome, LIMIT);
    expect(outcome.allowed, line).toBe(LIMIT);
    expect(outcome.refused, line).toBe(BURST - LIMIT);
    expect(outcome.reachedConnect, line).toBe(LIMIT);
    // Both replicas refused some: the burst really was split across them.
    for (const h of replicas) expect(h.log()).toContain('"limit":"tenant"');
  });

  it('two replicas in memory (no REDIS_URL) count separately: the reason for Redis', async () => {
    const { REDIS_URL: _, ...memory } = tenantLimited();
    const outcome = await burst([await replica(memory), await replica(memory)]);
    const line = report('2 replicas, memory', outcome, LIMIT);
    expect(outcome.allowed, line).toBe(2 * LIMIT);
  });

  it('two replicas share one Connect quota bucket (rate 1/s, burst 5): exactly the burst, retry after 1 s', async () => {
    const env = {
      RATE_LIMIT_TENANT_PER_MINUTE: '1000',
      RATE_LIMIT_IP_PER_MINUTE: '1000',
      CONNECT_START_CHAT_RATE: '1',
      CONNECT_START_CHAT_BURST: '5',
      REDIS_URL: redis.url,
    };
    const outcome = await burst([await replica(env), await replica(env)]);
    const line = report('2 replicas, shared Redis, Connect token bucket', outcome, 5);
    expect(outcome.allowed, line).toBe(5);
    expect(outcome.reachedConnect, line).toBe(5);
    expect(new Set(outcome.retryAfterSeconds), line).toEqual(new Set([1]));
  });

  it("close() closes every replica's Redis connection (what shutdown calls)", async () => {
    const replicas = [await replica(tenantLimited()), await replica(tenantLimited())];
    await burst(replicas, 4);
    expect(await redis.connectedClients()).toBe(2);
    await closeAll();
    // QUIT is answered before the server drops the connection: give it a moment.
    for (let i = 0; i < 50 && (await redis.connectedClients()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await redis.connectedClients()).toBe(0);
  });

  it('Redis unreachable: each replica falls back to its own memory counters, quickly, and says so', async () => {
    const dead = await startRedisServer();
    await dead.stop();
    const h = await replica({ ...tenantLimited(), REDIS_URL: dead.url });
    const started = Date.now();
    const outcome = await burst([h], 15);
    const elapsedMs = Date.now() - started;
    expect(outcome.allowed).toBe(LIMIT);
    // Waiting out Redis's 2 s connect timeout per start would take 30 s; generous for a busy machine.
    expect(elapsedMs, `${elapsedMs} ms for 15 starts with Redis down`).toBeLessThan(20_000);
    expect(h.log()).toContain('rate limit store (Redis) unavailable');
  });
});
