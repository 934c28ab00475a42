import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { ChatContinuations, RememberedChat } from '../chat/ports.js';
import { createSealer } from './sealed.js';

/** Prefix of the keys the gateway writes into a shared Redis. */
const KEY_PREFIX = 'connect-chat-gateway:chat:';

/** Where sealed records live: this process, or Redis shared by every replica. */
interface SealedStore {
  set(key: string, sealed: string, ttlSeconds: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

function memoryStore(maxEntries: number): SealedStore {
  const cache = new LRUCache<string, string>({ max: maxEntries, ttlAutopurge: false });
  return {
    async set(key, sealed, ttlSeconds) {
      cache.set(key, sealed, { ttl: ttlSeconds * 1000 });
    },
    get: async (key) => cache.get(key),
    async close() {},
  };
}

function redisStore(url: string): SealedStore {
  // Imported here, not with this module: a gateway without REDIS_URL never loads ioredis.
  const connection: Promise<Redis> = import('ioredis').then(
    ({ Redis }) => new Redis(url, { commandTimeout: 500, connectTimeout: 2000, maxRetriesPerRequest: 1 }),
  );
  return {
    async set(key, sealed, ttlSeconds) {
      await (await connection).set(KEY_PREFIX + key, sealed, 'EX', ttlSeconds);
    },
    get: async (key) => (await (await connection).get(KEY_PREFIX + key)) ?? undefined,
    async close() {
      (await connection).disconnect();
    },
  };
}

/** Options of {@link createContinuations}. */
export interface ContinuationsOptions {
  /** CONTINUATION_KEY's bytes: the records are sealed with keys derived from it. */
  readonly key: Buffer;
  /** Shared by every replica; absent: in this process (a customer's other device must reach the same one). */
  readonly redisUrl?: string | undefined;
  readonly logger: Logger;
  /** Records kept in memory. @default 100000 */
  readonly maxEntries?: number;
}

/**
 * The ChatContinuations port: the chat of each signed-in customer, sealed (see sealed.ts), expiring
 * with the chat. A store that fails is logged (never the record or who it is for) and answers
 * "nothing remembered": continuing elsewhere is a convenience, never a reason to fail a request.
 */
export function createContinuations(options: ContinuationsOptions): ChatContinuations & { close(): Promise<void> } {
  const sealer = createSealer(options.key);
  const store = options.redisUrl ? redisStore(options.redisUrl) : memoryStore(options.maxEntries ?? 100_000);
  const failed = (what: string) => (error: unknown) => {
    options.logger.warn(
      { error: error instanceof Error ? error.name : 'unknown' },
      `continuation store: ${what} failed`,
    );
    return undefined;
  };
  return {
    async remember(tenantId, subject, chat, ttlSeconds) {
      const sealed = sealer.seal(tenantId, subject, JSON.stringify(chat));
      await store
        .set(sealer.keyOf(tenantId, subject), sealed, Math.max(1, Math.ceil(ttlSeconds)))
        .catch(failed('write'));
    },
    async find(tenantId, subject) {
      const sealed = await store.get(sealer.keyOf(tenantId, subject)).catch(failed('read'));
      if (!sealed) return undefined;
      const plain = sealer.open(tenantId, subject, sealed);
      if (!plain) return undefined;
      const chat = JSON.parse(plain) as RememberedChat;
      return typeof chat.participantToken === 'string' && typeof chat.contactId === 'string' ? chat : undefined;
    },
    close: () => store.close(),
  };
}
