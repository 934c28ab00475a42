export { accountOf, connectQuotaKey } from './account.js';
export {
  type ClientAddress,
  clientIpOf,
  createTrustedProxies,
  invalidProxyEntries,
  ipLimitKey,
  normalizeAddress,
  type TrustedProxies,
} from './client-ip.js';
export {
  type ChatStartDecision,
  type ChatStartLimiter,
  type ChatStartRequest,
  createChatStartLimiter,
  type LimitName,
  type RateLimitSettings,
  unlimited,
  withRateLimits,
} from './limiter.js';
export { createMemoryLimitStore } from './memory-store.js';
export { createRedisLimitStore } from './redis-store.js';
export type { LimitStore, TokenBucketLimit, Verdict, WindowLimit } from './store.js';
