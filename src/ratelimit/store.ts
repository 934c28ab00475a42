/** One limit's answer for one request. */
export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

export const ALLOWED: Verdict = Object.freeze({ allowed: true });

/** A fixed-window counter: `points` takes per `durationSeconds` per key, the window starting at the first take. */
export interface WindowLimit {
  take(key: string): Promise<Verdict>;
  /** Returns a point `take` granted, because a later limit refused the same start. */
  giveBack(key: string): Promise<void>;
}

/** A token bucket per key: `burst` tokens, refilled at `ratePerSecond`; one token per take. */
export interface TokenBucketLimit {
  take(key: string): Promise<Verdict>;
}

/**
 * Where the counters live: in this process, or in Redis shared by every replica. Every take is
 * atomic in the store, so concurrent requests on any number of replicas never overshoot a limit.
 */
export interface LimitStore {
  /** `name` separates the counters of different limits. */
  window(name: string, points: number, durationSeconds: number): WindowLimit;
  tokenBucket(name: string, ratePerSecond: number, burst: number): TokenBucketLimit;
  /** Closes connections; idempotent. */
  close(): Promise<void>;
}

/** Prefix of every key the gateway writes into a shared store. */
export const KEY_PREFIX = 'connect-chat-gateway:rl';
