import type { Logger } from 'pino';
import { RateLimitedError } from '../chat/errors.js';
import type { ChatStarter, ClientAddress } from '../chat/ports.js';
import type { ConnectTarget, StaticCredentials } from '../chat/tenant.js';
import type { Config } from '../config.js';
import { connectQuotaKey } from './account.js';
import { clientIpOf, createTrustedProxies, ipLimitKey } from './client-ip.js';
import { createLimitStore } from './limit-store.js';
import type { LimitStore, Verdict } from './store.js';

/** Which limit refused a chat start: for the log, never for the client. */
export type LimitName = 'ip' | 'tenant' | 'connect';

/** What a chat start is counted against. */
export interface ChatStartRequest {
  readonly tenantId: string;
  /** Where the request came from; the client IP is derived with TRUSTED_PROXIES. */
  readonly client?: ClientAddress | undefined;
  readonly target: ConnectTarget;
}

export type ChatStartDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly limit: LimitName;
      /** The key that ran out: the client IP (or its /64), the tenant ID, or `region:account`. */
      readonly key: string;
      /** At least 1. */
      readonly retryAfterSeconds: number;
    };

/**
 * The gateway's limits on chat starts, checked before Connect is called: per client IP and per
 * tenant (starts per minute, fixed windows), then per AWS account and region (a token bucket with
 * Connect's StartChatContact rate and burst). A start refused by one limit counts against none.
 */
export interface ChatStartLimiter {
  acquire(request: ChatStartRequest): Promise<ChatStartDecision>;
  /** Closes the store's connections (Redis); idempotent. Call it on shutdown. */
  close(): Promise<void>;
}

export type RateLimitSettings = Config['rateLimit'];

const ALLOW: ChatStartDecision = Object.freeze({ allowed: true });

/** Every start allowed: `RATE_LIMIT=off`. */
export const unlimited: ChatStartLimiter = { acquire: async () => ALLOW, close: async () => {} };

/**
 * The limiter of the settings: off (`RATE_LIMIT=off`), in memory (default) or in Redis
 * (`REDIS_URL`, shared by every replica).
 */
export function createChatStartLimiter(options: {
  settings: RateLimitSettings;
  logger: Logger;
  /** The credentials of tenants without their own (simulator mode); absent: the default chain. */
  defaultCredentials?: StaticCredentials | undefined;
  /** The store shared with the other limits; absent: one the settings choose. */
  store?: LimitStore;
  /**
   * The clock of the in-memory store's token buckets, in epoch ms (tests); unused with `store` or
   * Redis (whose clock is the server's). @default Date.now
   */
  now?: (() => number) | undefined;
}): ChatStartLimiter {
  const { settings } = options;
  if (!settings.enabled) return unlimited;
  const trusted = createTrustedProxies(settings.trustedProxies);
  const store = options.store ?? createLimitStore(options);
  if (!store) return unlimited;
  const perIp = store.window('ip', settings.ipPerMinute, 60);
  const perTenant = store.window('tenant', settings.tenantPerMinute, 60);
  const connectQuota = store.tokenBucket('connect', settings.connectStartChatRate, settings.connectStartChatBurst);

  const refuse = (limit: LimitName, key: string, verdict: Verdict & { allowed: false }): ChatStartDecision => ({
    allowed: false,
    limit,
    key,
    retryAfterSeconds: Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)),
  });

  return {
    async acquire({ tenantId, client, target }) {
      const ip = clientIpOf(client, trusted);
      // No socket (in-process fetch): no client IP, so no per-IP limit; the other limits still apply.
      const ipKey = ip === undefined ? undefined : ipLimitKey(ip);
      if (ipKey !== undefined) {
        const verdict = await perIp.take(ipKey);
        if (!verdict.allowed) return refuse('ip', ipKey, verdict);
      }
      const tenantVerdict = await perTenant.take(tenantId);
      if (!tenantVerdict.allowed) {
        if (ipKey !== undefined) await perIp.giveBack(ipKey);
        return refuse('tenant', tenantId, tenantVerdict);
      }
      const quotaKey = connectQuotaKey(target, options.defaultCredentials);
      const quotaVerdict = await connectQuota.take(quotaKey);
      if (!quotaVerdict.allowed) {
        await Promise.all([perTenant.giveBack(tenantId), ipKey !== undefined ? perIp.giveBack(ipKey) : undefined]);
        return refuse('connect', quotaKey, quotaVerdict);
      }
      return ALLOW;
    },
    close: () => store.close(),
  };
}

/**
 * A chat starter that asks the limiter first: a refusal is a `RateLimitedError` (the client sees
 * only `retryAfterSeconds`; the log names the limit) and nothing reaches Connect.
 */
export function withRateLimits(
  starter: ChatStarter,
  limiter: ChatStartLimiter,
  /** Told of each refusal, e.g. to count it in the metrics. */
  onRefused?: (tenantId: string | undefined, limit: string) => void,
): ChatStarter {
  if (limiter === unlimited) return starter;
  return {
    async start(target, command, call) {
      const decision = await limiter.acquire({
        // startChat always names the tenant; the instance is the narrowest safe stand-in otherwise.
        tenantId: call.tenantId ?? `instance:${target.region}:${target.instanceId}`,
        client: call.client,
        target,
      });
      if (!decision.allowed) {
        // The IP and tenant limits refuse callers (routine: info); the account's Connect quota running
        // out is a capacity signal for operators (warn: raise the quota or spread tenants over accounts).
        call.logger[decision.limit === 'connect' ? 'warn' : 'info'](
          { rateLimit: { limit: decision.limit, key: decision.key, retryAfterSeconds: decision.retryAfterSeconds } },
          'chat start refused by a rate limit',
        );
        onRefused?.(call.tenantId, decision.limit);
        throw new RateLimitedError(decision.retryAfterSeconds);
      }
      return starter.start(target, command, call);
    },
  };
}
