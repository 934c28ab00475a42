import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { classifyConnectError } from './sdk-error.js';

/** Exponential backoff with full jitter, capped: 100 ms, 200 ms, 400 ms … at most 2 s. */
export function jitteredBackoff(attempt: number): number {
  return Math.round(Math.random() * Math.min(2000, 100 * 2 ** (attempt - 1)));
}

/** The longest a `Retry-After` hint may stretch one backoff beyond its own delay (the SDK's bound). */
const RETRY_AFTER_SLACK_MS = 5000;

/** A token that carries its delay: the SDK's retry middleware waits it before the next attempt. */
function retryToken(retryCount: number, delayMs: number): RetryToken {
  return { getRetryCount: () => retryCount, getRetryDelay: () => delayMs };
}

/**
 * Retries what the SDK classifies as throttling or transient (5xx, timeouts, dropped connections),
 * never `LimitExceededException`, at most `maxAttempts` attempts per call; the caller's deadline
 * bounds the whole (an aborted attempt's `AbortError` is not transient, so it is not retried).
 *
 * Why not the SDK's standard strategy: its retry quota (500 tokens per client, 5–14 per retry,
 * refilled only by successes) belongs to the client, and one client serves every tenant of a
 * region and credentials, so one tenant's burst of 5xx switched off every other tenant's
 * retries. Here no call's retries depend on another's; the per-tenant and per-account rate
 * limits in front of Connect bound the load a failing Connect sees.
 */
export class ChatStartRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';

  /**
   * @param maxAttempts attempts per call, the first included
   * @param backoff delay before retry `attempt` (1-based), in ms. @default jitteredBackoff
   */
  constructor(
    private readonly maxAttempts: number,
    private readonly backoff: (attempt: number) => number = jitteredBackoff,
  ) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return retryToken(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    // Connect's concurrent-chats quota: the SDK calls it throttling, but retrying a full instance only adds delay.
    if (classifyConnectError(errorInfo.error) === 'limit_exceeded')
      throw new Error('LimitExceededException is not retried');
    if (errorInfo.errorType !== 'THROTTLING' && errorInfo.errorType !== 'TRANSIENT') {
      throw new Error(`${errorInfo.errorType} is not retried`);
    }
    const retryCount = token.getRetryCount() + 1;
    if (retryCount >= this.maxAttempts) throw new Error('No attempts left');
    let delay = this.backoff(retryCount);
    if (errorInfo.retryAfterHint instanceof Date) {
      delay = Math.max(delay, Math.min(errorInfo.retryAfterHint.getTime() - Date.now(), delay + RETRY_AFTER_SLACK_MS));
    }
    // The SDK's retry middleware waits `delay`. It cannot see the call's signal (the clients' cached
    // middleware chain has no per-call context): the runner's deadline race ends the call on time, and
    // the HTTP handler refuses the attempt that would follow a fired signal (call-runner.ts).
    return retryToken(retryCount, delay);
  }

  recordSuccess(): void {}
}
