import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ALLOWED, KEY_PREFIX, type LimitStore, type Verdict, type WindowLimit } from './store.js';
import { createMemoryTokenBucket } from './token-bucket.js';

/** The answer of a rate-limiter-flexible `consume`: a refusal is a rejected `RateLimiterRes`. */
export async function verdictOf(consume: Promise<unknown>): Promise<Verdict> {
  try {
    await consume;
    return ALLOWED;
  } catch (error) {
    if (error instanceof RateLimiterRes) return { allowed: false, retryAfterMs: error.msBeforeNext };
    throw error;
  }
}

export function memoryWindow(name: string, points: number, durationSeconds: number): WindowLimit {
  const limiter = new RateLimiterMemory({ keyPrefix: `${KEY_PREFIX}:${name}`, points, duration: durationSeconds });
  return {
    take: (key) => verdictOf(limiter.consume(key)),
    async giveBack(key) {
      await limiter.reward(key, 1);
    },
  };
}

/** Counters in this process (`RateLimiterMemory`): each replica counts on its own. */
export function createMemoryLimitStore(): LimitStore {
  return {
    window: memoryWindow,
    tokenBucket(_name, ratePerSecond, burst) {
      const bucket = createMemoryTokenBucket(ratePerSecond, burst);
      return { take: async (key) => bucket.take(key) };
    },
    async close() {},
  };
}
