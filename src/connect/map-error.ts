import type { Logger } from 'pino';
import { ChatCapacityExceededError, type ChatError, ChatUnavailableError, RateLimitedError } from '../chat/errors.js';
import type { ConnectCallListener, ConnectCallReport, ConnectOperation } from '../chat/ports.js';
import { classifyConnectError, isSdkError, retryAfterSeconds } from './sdk-error.js';

/**
 * Maps any failure of a Connect call to the domain error a client sees. Never copies a message,
 * ARN or account from the SDK error: those go to the log only.
 * @param requestId the gateway's request ID, which the log has the detail under
 */
export function toChatError(error: unknown, requestId: string, operation?: ConnectOperation): ChatError {
  switch (classifyConnectError(error)) {
    case 'limit_exceeded':
      return new ChatCapacityExceededError(retryAfterSeconds(error) ?? null);
    case 'throttled':
      return new RateLimitedError(
        retryAfterSeconds(error) ?? 1,
        operation === undefined || operation === 'StartChatContact' ? undefined : 'Too many requests right now.',
      );
    default:
      return new ChatUnavailableError(requestId);
  }
}

/**
 * Ends a failed Connect call: logs the SDK detail (name, message, metadata — never returned to a
 * client) with the call's timing, and returns the domain error to throw.
 */
export function failedConnectCall(
  error: unknown,
  operation: ConnectOperation,
  target: { readonly region: string; readonly instanceId?: string | undefined },
  call: {
    readonly requestId: string;
    readonly logger: Logger;
    readonly onConnectCall?: ConnectCallListener | undefined;
  },
  timing: ConnectCallReport | undefined,
): ChatError {
  const chatError = toChatError(error, call.requestId, operation);
  if (timing) call.onConnectCall?.(operation, timing);
  const e = isSdkError(error) ? error : undefined;
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
