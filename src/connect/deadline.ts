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
 * chain the SDK's backoff sleep cannot see the signal (call-runner.ts), so only this deadline ends a
 * call that is waiting between two attempts. One promise settled by whichever comes first, rather
 * than a race of two: every Connect call goes through here, and each promise is a cost on it.
 */
export function withDeadline<T>(
  deadlineMs: number,
  work: (signal: AbortSignal) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (signal?.aborted) return Promise.reject(abortErrorOf(signal));
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let onAbort: (() => void) | undefined;
    /** Once the call's fate is known: the timer and the caller's listener must not outlive it. */
    const release = () => {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    };
    const timer = setTimeout(() => {
      const error = new DeadlineExceededError(`Connect did not answer within ${deadlineMs} ms`);
      controller.abort(error);
      reject(error);
      release();
    }, deadlineMs);
    if (signal) {
      onAbort = () => {
        controller.abort(signal.reason);
        reject(abortErrorOf(signal));
        release();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    let running: Promise<T>;
    try {
      // The same promise when work returns a native one; a thenable or a plain value is adopted.
      running = Promise.resolve(work(controller.signal));
    } catch (error) {
      reject(error);
      release();
      return;
    }
    running.then(
      (value) => {
        resolve(value);
        release();
      },
      (error: unknown) => {
        reject(error);
        release();
      },
    );
  });
}
