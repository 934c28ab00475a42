import { chatKeyOf } from '../chat/chat-key.js';
import { RateLimitedError } from '../chat/errors.js';
import type { LiveSignal } from '../chat/live.js';
import { observed } from '../chat/observed-iterator.js';
import type { ChatFeed } from '../chat/ports.js';
import { clientIpOf, createTrustedProxies, ipLimitKey } from './client-ip.js';

/** Which bound refused a stream: for the log and the metrics label, never for the client. */
export type StreamLimitName = 'streams-chat' | 'streams-ip' | 'streams-tenant' | 'streams-total';

/** Options of {@link withStreamLimits}. */
export interface StreamLimits {
  /** Open event streams of one chat (tabs of one customer). */
  readonly perChat: number;
  /** Open event streams from one client IP (IPv6: its /64). */
  readonly perIp: number;
  /** Open event streams of one tenant. */
  readonly perTenant: number;
  /** Open event streams of this process. */
  readonly total: number;
  /** IPs/CIDRs whose `x-forwarded-for` is believed (TRUSTED_PROXIES). */
  readonly trustedProxies: readonly string[];
  /** Told of each refusal, e.g. to count it in the metrics. */
  readonly onRefused?: (tenantId: string | undefined, limit: StreamLimitName) => void;
  /** Told of each stream opened (+1) or closed (-1), e.g. for a gauge. */
  readonly onOpenChange?: (delta: 1 | -1) => void;
}

/** Open streams per key, forgetting a key when its count returns to 0 (memory follows open streams). */
function counter() {
  const counts = new Map<string, number>();
  return {
    count: (key: string) => counts.get(key) ?? 0,
    add(key: string, delta: 1 | -1) {
      const next = (counts.get(key) ?? 0) + delta;
      if (next <= 0) counts.delete(key);
      else counts.set(key, next);
    },
  };
}

/** Retrying later may find a slot: a stream closes when its client leaves. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The chats' live feeds behind bounds on open event streams, counted in this process (what they
 * bound is this process's sockets and memory): per chat, per client IP, per tenant and in all. A
 * stream beyond one is refused on opening with RateLimitedError, before Connect is called; a
 * stream's slots are given back when it ends, however it ends.
 */
export function withStreamLimits(feed: ChatFeed, limits: StreamLimits): ChatFeed {
  const trusted = createTrustedProxies(limits.trustedProxies);
  const perChat = counter();
  const perIp = counter();
  const perTenant = counter();
  let total = 0;

  return {
    open(participant, call, signal) {
      return { [Symbol.asyncIterator]: () => opened(participant, call, signal) };
    },
  };

  /** The feed if no bound refuses it (the refusal is the first read's error), counted while open. */
  function opened(...[participant, call, signal]: Parameters<ChatFeed['open']>): AsyncIterator<LiveSignal> {
    const chatKey = chatKeyOf(participant);
    const ip = clientIpOf(call.client, trusted);
    const ipKey = ip === undefined ? undefined : ipLimitKey(ip);
    const tenantKey = call.tenantId;
    const refused: StreamLimitName | undefined =
      total >= limits.total
        ? 'streams-total'
        : perChat.count(chatKey) >= limits.perChat
          ? 'streams-chat'
          : ipKey !== undefined && perIp.count(ipKey) >= limits.perIp
            ? 'streams-ip'
            : tenantKey !== undefined && perTenant.count(tenantKey) >= limits.perTenant
              ? 'streams-tenant'
              : undefined;
    if (refused) {
      call.logger.info({ rateLimit: { limit: refused } }, 'chat event stream refused by a bound');
      limits.onRefused?.(tenantKey, refused);
      const error = new RateLimitedError(RETRY_AFTER_SECONDS, 'Too many open event streams right now.');
      return { next: () => Promise.reject(error) };
    }
    const take = (delta: 1 | -1) => {
      total += delta;
      perChat.add(chatKey, delta);
      if (ipKey !== undefined) perIp.add(ipKey, delta);
      if (tenantKey !== undefined) perTenant.add(tenantKey, delta);
      limits.onOpenChange?.(delta);
    };
    // The feed first: should opening it throw, no slot is taken.
    const inner = feed.open(participant, call, signal)[Symbol.asyncIterator]();
    take(1);
    return observed(inner, { finish: () => take(-1) });
  }
}
