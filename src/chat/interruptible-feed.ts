import { StreamInterruptedError } from './errors.js';
import { observed } from './observed-iterator.js';
import type { ChatFeed } from './ports.js';

/**
 * A feed that `signal` ends for every reader at once (the process is shutting down): each open
 * feed closes its socket and its reader gets StreamInterruptedError, so that the client resumes on
 * another replica with nothing lost, and the server's drain is not held up by open streams.
 *
 * The open feeds are kept in a set and returned on shutdown, rather than each given
 * `AbortSignal.any([signal, own])`: that would register a weak reference per stream on the one
 * long-lived shutdown signal, thousands of them for the garbage collector to walk.
 */
export function interruptible(feed: ChatFeed, signal: AbortSignal): ChatFeed {
  const open = new Set<() => void>();
  signal.addEventListener(
    'abort',
    () => {
      for (const interrupt of open) interrupt();
      open.clear();
    },
    { once: true },
  );
  return {
    open(participant, call, own) {
      return {
        [Symbol.asyncIterator]() {
          if (signal.aborted) return failing(new StreamInterruptedError('shutdown'));
          const inner = feed.open(participant, call, own)[Symbol.asyncIterator]();
          // Returning the inner feed ends its pending read with `done`, which `done` below turns into the error.
          const interrupt = () => void inner.return?.();
          open.add(interrupt);
          return observed(inner, {
            done() {
              // The inner feed ended because the server is shutting down: the chat itself did not end.
              if (signal.aborted && !own.aborted) throw new StreamInterruptedError('shutdown');
            },
            finish: () => open.delete(interrupt),
          });
        },
      };
    },
  };
}

/** An iterator whose first read fails with `error`. */
function failing<T>(error: Error): AsyncIterator<T> {
  return {
    next: () => Promise.reject(error),
    return: async () => ({ done: true, value: undefined }),
  };
}
