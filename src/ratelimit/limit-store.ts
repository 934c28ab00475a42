import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createMemoryLimitStore } from './memory-store.js';
import { createRedisLimitStore } from './redis-store.js';
import type { LimitStore } from './store.js';

/**
 * The one store of every gateway limit (chat starts, conversation writes): in this process, or in
 * Redis with `REDIS_URL` (shared by every replica). Undefined with `RATE_LIMIT=off`.
 */
export function createLimitStore(options: {
  readonly settings: Config['rateLimit'];
  readonly logger: Logger;
  /** The in-memory token buckets' clock, in epoch ms (tests). @default Date.now */
  readonly now?: (() => number) | undefined;
}): LimitStore | undefined {
  const { settings } = options;
  if (!settings.enabled) return undefined;
  return settings.redisUrl
    ? createRedisLimitStore({ url: settings.redisUrl, logger: options.logger })
    : createMemoryLimitStore({ now: options.now });
}
