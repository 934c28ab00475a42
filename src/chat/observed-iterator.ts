/** What {@link observed} does around an iteration. */
export interface IterationHooks<T> {
  /** Each value, before it is handed on (awaited). */
  readonly value?: (value: T) => void | Promise<void>;
  /** The iteration ended with no more values; a throw here is the iteration's failure instead. */
  readonly done?: () => void;
  /** The iteration failed: what to throw instead (awaited). */
  readonly error?: (error: unknown) => unknown;
  /** The iteration is over for whatever reason (done, failed, returned): called once. */
  readonly finish?: () => void;
}

/**
 * `iterator` with hooks around it, for the layers of an open event stream (limits, shutdown,
 * continuation). A plain iterator on purpose, not an async generator: a process holds thousands of
 * open streams, and each generator layer keeps a frame and its own promise queue for the stream's
 * whole life. `return()` is passed on at once, even while a `next()` is pending (a generator's
 * would wait for it), so that the layers below can end a quiet stream.
 */
export function observed<T>(iterator: AsyncIterator<T>, hooks: IterationHooks<T>): AsyncIterableIterator<T> {
  let over = false;
  const finish = () => {
    if (over) return;
    over = true;
    hooks.finish?.();
  };
  const failed = (error: unknown): Promise<never> => {
    finish();
    if (!hooks.error) return Promise.reject(error);
    return Promise.resolve(hooks.error(error)).then((mapped) => Promise.reject(mapped));
  };
  const passOn = (result: IteratorResult<T>): IteratorResult<T> | Promise<IteratorResult<T>> => {
    if (result.done) {
      try {
        hooks.done?.();
      } catch (error) {
        return failed(error);
      }
      finish();
      return result;
    }
    const handled = hooks.value?.(result.value);
    return handled ? handled.then(() => result) : result;
  };
  // Promise chains rather than async functions: one promise per value and layer, not three.
  const self: AsyncIterableIterator<T> = {
    next() {
      let pending: Promise<IteratorResult<T>>;
      try {
        pending = iterator.next();
      } catch (error) {
        return failed(error);
      }
      return pending.then(passOn, failed);
    },
    async return() {
      finish();
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => self,
  };
  return self;
}
