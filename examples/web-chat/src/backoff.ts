/** The longest wait between two reconnects: a page left open through an outage still comes back soon. */
export const MAX_RECONNECT_DELAY_MS = 30_000;
const BASE_DELAY_MS = 500;

/**
 * How long to wait before reconnect number `attempt` (0 for the first): "full jitter", a random
 * time up to an exponentially growing cap, so the pages of a whole outage do not come back in step.
 * A server's `retryAfterSeconds` (a replica shutting down) is a floor, with up to a second of
 * jitter on top for the same reason.
 */
export function reconnectDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number {
  const cap = Math.min(MAX_RECONNECT_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 16));
  const jittered = random() * cap;
  if (retryAfterSeconds === undefined) return jittered;
  return Math.max(retryAfterSeconds * 1000 + random() * 1000, jittered);
}
