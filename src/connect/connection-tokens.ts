import { LRUCache } from 'lru-cache';

/** A connection token and when Connect says it expires. */
export interface ConnectionCredentials {
  readonly token: string;
  readonly expiresAt: Date;
  /** The chat ended while this replica served it: nothing more goes to Connect for it. */
  readonly ended?: boolean;
}

/** Options of {@link createConnectionTokens}. */
export interface ConnectionTokensOptions {
  /** Chats whose connection this replica keeps. @default 10000 */
  readonly maxEntries?: number;
  /** A connection this close to its expiry is made again. @default 5 minutes */
  readonly refreshBeforeMs?: number;
  /** Epoch ms (tests). @default Date.now */
  readonly now?: () => number;
}

/**
 * The connection token of each chat this replica serves, keyed by the chat's key (`chatKeyOf`: a
 * SHA-256 of the participant token, never the token itself), made again before it expires. Per
 * replica on purpose: a restart or another replica just makes a new connection
 * (CreateParticipantConnection is cheap and idempotent for a participant), so nothing needs
 * sharing. Concurrent requests of one chat share one creation.
 */
export function createConnectionTokens(options: ConnectionTokensOptions = {}) {
  const now = options.now ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
  const cache = new LRUCache<string, ConnectionCredentials>({ max: options.maxEntries ?? 10_000 });
  const pending = new Map<string, Promise<ConnectionCredentials>>();
  /**
   * The chat's kept connection while it is fresh (or ended), at once: most messages of a chat find
   * one, and answering them without a promise spares each message a turn of the microtask queue.
   */
  const kept = (chatKey: string): ConnectionCredentials | undefined => {
    const found = cache.get(chatKey);
    return found && (found.ended || found.expiresAt.getTime() - refreshBeforeMs > now()) ? found : undefined;
  };
  return {
    kept,
    /** The chat's connection: the kept one while fresh, else one `create` makes (shared by concurrent callers). */
    async get(chatKey: string, create: () => Promise<ConnectionCredentials>): Promise<ConnectionCredentials> {
      const fresh = kept(chatKey);
      if (fresh) return fresh;
      let creating = pending.get(chatKey);
      if (!creating) {
        creating = create().then((made) => {
          cache.set(chatKey, made);
          return made;
        });
        pending.set(chatKey, creating);
        creating.then(
          () => pending.delete(chatKey),
          () => pending.delete(chatKey),
        );
      }
      return creating;
    },
    /** Drops the chat's connection. */
    forget(chatKey: string) {
      cache.delete(chatKey);
    },
    /**
     * Remembers that the chat ended: Connect answers a left participant's token with the same
     * AccessDeniedException as an unknown one, so only a replica that saw the chat can tell.
     */
    markEnded(chatKey: string) {
      const kept = cache.get(chatKey);
      cache.set(chatKey, { token: kept?.token ?? '', expiresAt: kept?.expiresAt ?? new Date(now()), ended: true });
    },
    get size() {
      return cache.size;
    },
  };
}

export type ConnectionTokens = ReturnType<typeof createConnectionTokens>;
