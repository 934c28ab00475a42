import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ALLOWED, KEY_PREFIX, type LimitStore, type Verdict, type WindowLimit } from './store.js';
import { createMemoryTokenBucket } from './token-bucket.js';

/**
 * The answer of a rate-limiter-flexible `consume`: a refusal is a rejected `RateLimiterRes`.
 * One `then` rather than an async function: every write of a chat takes two of these.
 */
export function verdictOf(consume: Promise<unknown>): Promise<Verdict> {
  return consume.then(
    () => ALLOWED,
    (error: unknown) => {
      if (error instanceof RateLimiterRes) return { allowed: false, retryAfterMs: error.msBeforeNext };
      throw error;
    },
  );
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

/** Options of {@link createMemoryLimitStore}. */
export interface MemoryLimitStoreOptions {
  /**
   * The token buckets' clock, in epoch ms (tests advance a fake one instead of sleeping). The fixed
   * windows keep `RateLimiterMemory`'s own clock (`Date.now`). @default Date.now
   */
  readonly now?: (() => number) | undefined;
}

/** Counters in this process (`RateLimiterMemory`): each replica counts on its own. */
export function createMemoryLimitStore(options: MemoryLimitStoreOptions = {}): LimitStore {
  const now = options.now ?? Date.now;
  const nowMicros = () => now() * 1000;
  return {
    window: memoryWindow,
    tokenBucket(_name, ratePerSecond, burst) {
      const bucket = createMemoryTokenBucket(ratePerSecond, burst, nowMicros);
      return { take: async (key) => bucket.take(key) };
    },
    async close() {},
  };
}
