/** A Connect call that outlived its overall deadline (retries and backoff included). */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
}

/**
 * The error an aborted call ends with, shaped as the SDK's HTTP handler shapes its own (name
 * `AbortError`, the signal's reason as `cause`), so a caller sees one kind of abort wherever it hit.
 */
export function abortErrorOf(signal: AbortSignal): Error {
  const error = new Error('Request aborted', { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}

/**
 * Runs `work` with an abort signal that fires at the deadline (or when `signal`, the caller's own,
 * aborts), and gives up on time even if the SDK does not: with the client's cached middleware
 * chain the SDK's backoff sleep cannot see the signal (call-runner.ts), so only this race ends a
 * call that is waiting between two attempts.
 */
export async function withDeadline<T>(
  deadlineMs: number,
  work: (signal: AbortSignal) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (signal?.aborted) throw abortErrorOf(signal);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const ended = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineExceededError(`Connect did not answer within ${deadlineMs} ms`);
      controller.abort(error);
      reject(error);
    }, deadlineMs);
    if (!signal) return;
    onAbort = () => {
      controller.abort(signal.reason);
      reject(abortErrorOf(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(controller.signal), ended]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
