/**
 * A bounded queue between a push source (a websocket) and a pulling reader (an async iterator):
 * the source pushes as items arrive, the reader pulls at its own pace, and at most `capacity`
 * values wait in between. A full buffer refuses the push, and the source decides what that means.
 */
export interface FeedBuffer<T> {
  /** Hands `value` to a waiting reader or keeps it; false (nothing kept) when `capacity` values already wait. */
  push(value: T): boolean;
  /** No more values: the reader gets those kept, then the end. */
  end(): void;
  /** The reader gets those kept, then `error`; with `discard`, `error` at its next pull. */
  fail(error: unknown, discard?: boolean): void;
  /** Ends at once, dropping what is kept (the reader left, or the feed was aborted). */
  close(): void;
  /** The next value, waiting for one if none is kept. */
  next(): Promise<IteratorResult<T, undefined>>;
  /** How many values wait for the reader. */
  readonly size: number;
}

const DONE: IteratorResult<never, undefined> = { done: true, value: undefined };

/** Creates a buffer holding at most `capacity` values. */
export function createFeedBuffer<T>(capacity: number): FeedBuffer<T> {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`A feed buffer holds at least 1 value, got ${capacity}`);
  }
  let kept: T[] = [];
  let head = 0;
  let finished = false;
  let failure: { error: unknown } | undefined;
  let reader: { resolve: (r: IteratorResult<T, undefined>) => void; reject: (e: unknown) => void } | undefined;

  const size = () => kept.length - head;
  const take = (): T => {
    const value = kept[head]!;
    head += 1;
    // Compact now and then so a long feed does not keep its whole history in the array.
    if (head >= 1024 && head * 2 >= kept.length) {
      kept = kept.slice(head);
      head = 0;
    }
    return value;
  };
  /** Settles a waiting reader once the buffer is empty and finished. */
  const settle = () => {
    if (!reader || size() > 0) return;
    const waiting = reader;
    reader = undefined;
    if (!failure) return waiting.resolve(DONE);
    const { error } = failure;
    failure = undefined;
    waiting.reject(error);
  };

  return {
    push(value) {
      if (finished) return true;
      if (reader) {
        const waiting = reader;
        reader = undefined;
        waiting.resolve({ done: false, value });
        return true;
      }
      if (size() >= capacity) return false;
      kept.push(value);
      return true;
    },
    end() {
      if (finished) return;
      finished = true;
      settle();
    },
    fail(error, discard = false) {
      if (finished) return;
      finished = true;
      failure = { error };
      if (discard) {
        kept = [];
        head = 0;
      }
      settle();
    },
    close() {
      finished = true;
      failure = undefined;
      kept = [];
      head = 0;
      settle();
    },
    next() {
      if (size() > 0) return Promise.resolve({ done: false, value: take() });
      if (finished) {
        if (!failure) return Promise.resolve(DONE);
        const { error } = failure;
        // The error is told once; after it the iterator is done.
        failure = undefined;
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        reader = { resolve, reject };
      });
    },
    get size() {
      return size();
    },
  };
}
