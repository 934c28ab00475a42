/** A Connect call that outlived its overall deadline (retries and backoff included). */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
}

/**
 * The error an aborted call ends with, shaped as the SDK's HTTP handler shapes its own (name
 * `AbortError`, the signal's reason as `cause`), so a caller sees one kind of abort wherever it hit.
 */
export function abortErrorOf(signal: { readonly reason?: unknown }): Error {
  const error = new Error('Request aborted', { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}

/**
 * What ends one call's HTTP request: the abort signal shape the SDK's HTTP handler also accepts
 * (`onabort`, `DeprecatedAbortSignal` in @smithy/types), not an EventTarget. Why not an
 * `AbortController`'s signal: the handler adds an `abort` listener to a real signal (and a `close`
 * listener to remove it again), and on Node 20 every AbortSignal that gets an `abort` listener
 * outlives the young generation: ≈ 500 bytes promoted per call, collected only by a mark-compact
 * (docs/performance.md; not on Node 24). On every Node it also spares each call the controller, the
 * listener and the request's `close` listener that removes it (≈ 2.5 KB allocated per message).
 */
export class CallSignal {
  aborted = false;
  reason: unknown = undefined;
  /**
   * Set by the SDK's HTTP handler for each attempt (and left set between attempts): destroys the
   * attempt's request and rejects it. Cleared by {@link withDeadline} when the call settles.
   */
  onabort: ((this: CallSignal) => void) | null = null;

  /**
   * Fires once: later calls keep the first reason. A throw from the handler's `onabort` is not
   * passed on: the call has already failed with the deadline's or the caller's error, and this runs
   * in a timer or an abort listener, where it would be an uncaught exception.
   */
  abort(reason: unknown) {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    try {
      this.onabort?.call(this);
    } catch {
      // See above: nothing is left to tell.
    }
  }
}

/**
 * Runs `work` with a {@link CallSignal} that fires at the deadline (or when `signal`, the caller's
 * own, aborts), and gives up on time even if the SDK does not: with the client's cached middleware
 * chain the SDK's backoff sleep cannot see the signal (call-runner.ts), so only this deadline ends a
 * call that is waiting between two attempts. One promise settled by whichever comes first, rather
 * than a race of two: every Connect call goes through here, and each promise is a cost on it.
 */
export function withDeadline<T>(
  deadlineMs: number,
  work: (signal: CallSignal) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (signal?.aborted) return Promise.reject(abortErrorOf(signal));
  const callSignal = new CallSignal();
  return new Promise<T>((resolve, reject) => {
    let onAbort: (() => void) | undefined;
    /**
     * Once the call's fate is known: the timer, the caller's listener and the HTTP handler's
     * `onabort` (which holds the finished request) must not outlive it.
     */
    const release = () => {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      callSignal.onabort = null;
    };
    // Rejected first: the call's error is the deadline's or the caller's, whatever the abort does.
    const timer = setTimeout(() => {
      const error = new DeadlineExceededError(`Connect did not answer within ${deadlineMs} ms`);
      reject(error);
      callSignal.abort(error);
      release();
    }, deadlineMs);
    if (signal) {
      onAbort = () => {
        reject(abortErrorOf(signal));
        callSignal.abort(signal.reason);
        release();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    let running: Promise<T>;
    try {
      // The same promise when work returns a native one; a thenable or a plain value is adopted.
      running = Promise.resolve(work(callSignal));
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
