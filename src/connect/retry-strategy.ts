import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, StandardRetryToken } from '@smithy/types';

/** Exponential backoff with full jitter, capped: 100 ms, 200 ms, 400 ms … at most 2 s. */
export function jitteredBackoff(attempt: number): number {
  return Math.round(Math.random() * Math.min(2000, 100 * 2 ** (attempt - 1)));
}

/**
 * True for Connect's concurrent-chats quota. The SDK classifies it as throttling (HTTP 429),
 * but retrying a full instance only adds delay.
 */
export function isChatLimitError(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'LimitExceededException';
}

/**
 * The SDK's standard strategy (throttling, 5xx, timeouts and dropped connections are retried),
 * except that `LimitExceededException` is never retried.
 */
export class ChatStartRetryStrategy extends ConfiguredRetryStrategy {
  /**
   * @param maxAttempts attempts per call, the first included
   * @param backoff delay before retry `attempt` (1-based), in ms. @default jitteredBackoff
   */
  constructor(maxAttempts: number, backoff: (attempt: number) => number = jitteredBackoff) {
    super(maxAttempts, backoff);
  }

  override async refreshRetryTokenForRetry(token: StandardRetryToken, errorInfo: RetryErrorInfo) {
    if (isChatLimitError(errorInfo.error)) throw new Error('LimitExceededException is not retried');
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}
