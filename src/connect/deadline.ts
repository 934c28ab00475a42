/** A Connect call that outlived its overall deadline (retries and backoff included). */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
}

/** Runs `work` with an abort signal that fires at the deadline, and gives up on time even if the SDK does not. */
export async function withDeadline<T>(deadlineMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineExceededError(`Connect did not answer within ${deadlineMs} ms`);
      controller.abort(error);
      reject(error);
    }, deadlineMs);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
