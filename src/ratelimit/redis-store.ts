import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { verdictOf } from './memory-store.js';
import { ALLOWED, KEY_PREFIX, type LimitStore, type WindowLimit } from './store.js';
import { createMemoryTokenBucket, GCRA_LUA, intervalMicros } from './token-bucket.js';

/** How long one Redis command may take before this replica falls back to its own memory counters. */
const COMMAND_TIMEOUT_MS = 500;
/** Store errors are logged at most this often. */
const ERROR_LOG_INTERVAL_MS = 10_000;

interface GcraCommand {
  gatewayGcra(key: string, interval: number, burst: number): Promise<number>;
}

/**
 * Counters in Redis shared by every replica: `RateLimiterRedis` (an atomic Lua INCR + PEXPIRE) for
 * the windows and a Lua GCRA script for token buckets. When Redis cannot answer within 500 ms, the
 * replica counts in its own memory instead (limits then hold per replica) and logs a warning; it
 * never lets everything through and never waits for Redis longer than that.
 */
export function createRedisLimitStore(options: { url: string; logger: Logger }): LimitStore {
  const { logger } = options;
  let lastErrorLog = 0;
  let degraded = false;
  const storeError = (error: unknown) => {
    degraded = true;
    const now = Date.now();
    if (now - lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    lastErrorLog = now;
    logger.warn(
      { err: { message: error instanceof Error ? error.message : String(error) } },
      'rate limit store (Redis) unavailable: limits are counted per replica until it is back',
    );
  };

  let closed = false;
  // ioredis is imported here, not with this module: a gateway without REDIS_URL never loads it
  // (its initialisation is ≈ 25 ms of every start).
  const connection: Promise<Redis> = import('ioredis').then(({ Redis }) => {
    const redis = new Redis(options.url, {
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 2000,
      maxRetriesPerRequest: 1,
    });
    redis.defineCommand('gatewayGcra', { numberOfKeys: 1, lua: GCRA_LUA });
    redis.on('error', storeError);
    redis.on('ready', () => {
      if (degraded) logger.info('rate limit store (Redis) is back: limits are shared again');
      degraded = false;
    });
    return redis;
  });

  return {
    window(name, points, durationSeconds): WindowLimit {
      const keyPrefix = `${KEY_PREFIX}:${name}`;
      const limiter = connection.then(
        (redis) =>
          new RateLimiterRedis({
            storeClient: redis,
            keyPrefix,
            points,
            duration: durationSeconds,
            insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds }),
          }),
      );
      return {
        take: (key) => verdictOf(limiter.then((l) => l.consume(key))),
        async giveBack(key) {
          await (await limiter).reward(key, 1);
        },
      };
    },
    tokenBucket(name, ratePerSecond, burst) {
      const interval = intervalMicros(ratePerSecond);
      const fallback = createMemoryTokenBucket(ratePerSecond, burst);
      return {
        async take(key) {
          try {
            const gcra = (await connection) as unknown as GcraCommand;
            const waitMicros = Number(await gcra.gatewayGcra(`${KEY_PREFIX}:${name}:${key}`, interval, burst));
            return waitMicros > 0 ? { allowed: false, retryAfterMs: waitMicros / 1000 } : ALLOWED;
          } catch (error) {
            storeError(error);
            return fallback.take(key);
          }
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      const redis = await connection;
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
