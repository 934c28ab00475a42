import type { Logger } from 'pino';
import { ChatCapacityExceededError, type ChatError, ChatUnavailableError, RateLimitedError } from '../chat/errors.js';
import type { ConnectCallListener, ConnectCallReport } from '../chat/ports.js';
import { isChatLimitError } from './retry-strategy.js';

const THROTTLING_NAMES = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);

/** What the SDK attaches to its exceptions (all optional: not every failure is a service reply). */
interface SdkErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

/** Seconds from a Retry-After header (delta-seconds only), if there is a usable one. */
function retryAfterSeconds(error: SdkErrorShape): number | undefined {
  const header = error.$response?.headers?.['retry-after'];
  const seconds = header === undefined ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

/** True when Connect's API rate limit, not the chat quota, refused the call. */
function isThrottlingError(error: unknown): boolean {
  const e = error as SdkErrorShape;
  if (isChatLimitError(e)) return false;
  return THROTTLING_NAMES.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 429;
}

/**
 * Maps any failure of a Connect call to the domain error a client sees. Never copies a message,
 * ARN or account from the SDK error: those go to the log only.
 * @param requestId the gateway's request ID, which the log has the detail under
 */
export function toChatError(error: unknown, requestId: string): ChatError {
  const e = error as SdkErrorShape;
  if (isChatLimitError(e)) return new ChatCapacityExceededError(retryAfterSeconds(e) ?? null);
  if (isThrottlingError(e)) return new RateLimitedError(retryAfterSeconds(e) ?? 1);
  return new ChatUnavailableError(requestId);
}

/**
 * Ends a failed Connect call: logs the SDK detail (name, message, metadata — never returned to a
 * client) with the call's timing, and returns the domain error to throw.
 */
export function failedConnectCall(
  error: unknown,
  operation: 'StartChatContact' | 'DescribeContact',
  target: { readonly region: string; readonly instanceId: string },
  call: {
    readonly requestId: string;
    readonly logger: Logger;
    readonly onConnectCall?: ConnectCallListener | undefined;
  },
  timing: ConnectCallReport | undefined,
): ChatError {
  const chatError = toChatError(error, call.requestId);
  if (timing) call.onConnectCall?.(operation, timing);
  const e = error as { name?: string; message?: string; $metadata?: Record<string, unknown> };
  call.logger.warn(
    {
      connectError: { name: e?.name, message: e?.message, metadata: e?.$metadata },
      region: target.region,
      instanceId: target.instanceId,
      result: chatError.code,
      operation,
      ...timing,
    },
    `${operation} failed`,
  );
  return chatError;
}
