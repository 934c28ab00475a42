import { ALLOWED, type Verdict } from './store.js';

/*
 * A token bucket as GCRA (generic cell rate algorithm): per key only the "theoretical arrival
 * time" (TAT) is stored. With an emission interval T = 1/rate and a capacity of `burst` tokens, a
 * take at time `now` is allowed when max(TAT, now) + T - now <= burst × T, and then moves TAT by T.
 * That is exactly a bucket of `burst` tokens refilled at `rate` per second, which is how AWS
 * describes API quotas ("rate" and "burst"). A refused take changes nothing and can retry after
 * max(TAT, now) + T - now - burst × T. Times are in microseconds so a rate like 3/s stays exact.
 */

const MICROS_PER_SECOND = 1_000_000;

/** Emission interval in microseconds. */
export const intervalMicros = (ratePerSecond: number) => Math.floor(MICROS_PER_SECOND / ratePerSecond);

/** One GCRA step: the verdict and, when allowed, the new TAT. */
export function gcra(
  tat: number | undefined,
  now: number,
  interval: number,
  burst: number,
): { verdict: Verdict; tat?: number } {
  const next = Math.max(tat ?? now, now) + interval;
  const excess = next - now - burst * interval;
  if (excess > 0) return { verdict: { allowed: false, retryAfterMs: excess / 1000 } };
  return { verdict: ALLOWED, tat: next };
}

/**
 * The same step in Redis, atomic. The clock is Redis's own (`TIME`), so replicas with skewed clocks
 * share one bucket correctly. KEYS[1]: the bucket; ARGV: interval (µs), burst. Returns 0 when
 * allowed, else the wait in µs.
 */
export const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local nextTat = tat + interval
local excess = nextTat - now - burst * interval
if excess > 0 then return excess end
redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000) + 1)
return 0
`;

/** A token bucket per key in this process; `now` (µs) is injectable for tests. */
export function createMemoryTokenBucket(
  ratePerSecond: number,
  burst: number,
  now: () => number = () => Date.now() * 1000,
) {
  const interval = intervalMicros(ratePerSecond);
  const tats = new Map<string, number>();
  return {
    take(key: string): Verdict {
      const at = now();
      // Buckets that are full again carry no state: forget them so the map cannot grow without bound.
      if (tats.size > 10_000) for (const [k, tat] of tats) if (tat <= at) tats.delete(k);
      const step = gcra(tats.get(key), at, interval, burst);
      if (step.tat !== undefined) tats.set(key, step.tat);
      return step.verdict;
    },
  };
}
