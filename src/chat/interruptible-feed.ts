import { StreamInterruptedError } from './errors.js';
import type { ChatFeed } from './ports.js';

/**
 * A feed that `signal` ends for every reader at once (the process is shutting down): each open
 * feed closes its socket and its reader gets StreamInterruptedError, so that the client resumes on
 * another replica with nothing lost, and the server's drain is not held up by open streams.
 */
export function interruptible(feed: ChatFeed, signal: AbortSignal): ChatFeed {
  return {
    async *open(participant, call, own) {
      if (signal.aborted) throw new StreamInterruptedError('shutdown');
      const both = AbortSignal.any([signal, own]);
      yield* feed.open(participant, call, both);
      // The inner feed ended because the server's signal did: the chat itself did not end.
      if (signal.aborted && !own.aborted) throw new StreamInterruptedError('shutdown');
    },
  };
}
