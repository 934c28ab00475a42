/*
 * The one place where a failed AWS SDK call is classified. The retry strategy, the mapping to
 * domain errors and the metrics' outcome label all read this, so they can never disagree about
 * what a failure was.
 */

/** What the SDK attaches to its exceptions (all optional: not every failure is a service reply). */
export interface SdkError extends Error {
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string; readonly attempts?: number };
  readonly $response?: { readonly headers?: Readonly<Record<string, string | undefined>> };
}

/** Whether `error` is an Error, as every SDK exception, timeout and network failure is. */
export function isSdkError(error: unknown): error is SdkError {
  return error instanceof Error;
}

/**
 * A bounded class of a failed call, for retries, domain errors, metrics and logs:
 * - `limit_exceeded`: Connect's concurrent-chats quota (HTTP 429, but never worth a retry);
 * - `throttled`: Connect's API rate limit;
 * - `deadline`: our overall deadline passed (retries and backoff included);
 * - `timeout`: one attempt's connect or response timeout;
 * - `server_error` (5xx), `client_error` (other 4xx: access, validation, unknown resource);
 * - `network_error`: no HTTP answer (reset, refused);
 * - `error`: anything else, e.g. an answer without the expected fields.
 */
export type ConnectFailure =
  | 'limit_exceeded'
  | 'throttled'
  | 'deadline'
  | 'timeout'
  | 'server_error'
  | 'client_error'
  | 'network_error'
  | 'error';

const THROTTLING_NAMES = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);

/** Classifies any failure of a Connect (or Participant Service) call. */
export function classifyConnectError(error: unknown): ConnectFailure {
  if (!isSdkError(error)) return 'error';
  const status = error.$metadata?.httpStatusCode;
  if (error.name === 'LimitExceededException') return 'limit_exceeded';
  if (error.name === 'DeadlineExceededError') return 'deadline';
  if (THROTTLING_NAMES.has(error.name) || status === 429) return 'throttled';
  if (error.name === 'TimeoutError' || error.name === 'RequestTimeout') return 'timeout';
  if (status !== undefined && status >= 500) return 'server_error';
  if (status !== undefined && status >= 400) return 'client_error';
  if (typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code)) return 'network_error';
  return 'error';
}

/** Whether the service answered that the named resource does not exist. */
export function isResourceNotFound(error: unknown): boolean {
  return isSdkError(error) && error.name === 'ResourceNotFoundException';
}

/** Seconds from a Retry-After header (delta-seconds only), if there is a usable one. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const header = isSdkError(error) ? error.$response?.headers?.['retry-after'] : undefined;
  const seconds = header === undefined ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}
