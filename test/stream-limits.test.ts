import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../src/chat/errors.js';
import type { LiveSignal } from '../src/chat/live.js';
import type { CallContext, ChatFeed } from '../src/chat/ports.js';
import { createLogger } from '../src/logger.js';
import { withStreamLimits } from '../src/ratelimit/stream-limits.js';

/* Bounds on open event streams: refused beyond each, given back however a stream ends. */

const logger = createLogger('silent');
const callFrom = (ip: string, tenantId = 'acme'): CallContext => ({
  requestId: 'r',
  logger,
  tenantId,
  client: { peerAddress: ip },
});
const chat = (token: string) => ({ region: 'eu-west-2', participantToken: token });

/** A feed that stays open until aborted. */
const idle: ChatFeed = {
  async *open(_p, _c, signal) {
    yield { kind: 'subscribed', reconnect: false } satisfies LiveSignal;
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  },
};

async function opened(feed: ChatFeed, token: string, call: CallContext) {
  const stop = new AbortController();
  const stream = feed.open(chat(token), call, stop.signal)[Symbol.asyncIterator]();
  try {
    await stream.next();
    const close = async () => {
      stop.abort();
      await stream.return?.(undefined);
    };
    return { ok: true as const, close };
  } catch (error) {
    return { ok: false as const, error };
  }
}

describe('withStreamLimits', () => {
  it('per chat, per IP (IPv6 /64), per tenant and in all; a closed stream gives its slots back', async () => {
    const refusals: string[] = [];
    const feed = withStreamLimits(idle, {
      perChat: 2,
      perIp: 3,
      perTenant: 4,
      total: 5,
      trustedProxies: [],
      onRefused: (_tenant, limit) => refusals.push(limit),
    });
    const a1 = await opened(feed, 'a', callFrom('10.0.0.1'));
    const a2 = await opened(feed, 'a', callFrom('10.0.0.1'));
    const a3 = await opened(feed, 'a', callFrom('10.0.0.2'));
    expect([a1.ok, a2.ok, a3.ok]).toEqual([true, true, false]);
    expect(a3.ok ? undefined : a3.error).toBeInstanceOf(RateLimitedError);
    const b1 = await opened(feed, 'b', callFrom('10.0.0.1'));
    const b2 = await opened(feed, 'b', callFrom('10.0.0.1'));
    expect([b1.ok, b2.ok]).toEqual([true, false]);
    const c1 = await opened(feed, 'c', callFrom('2001:db8::1'));
    const c2 = await opened(feed, 'c', callFrom('2001:db8::2'));
    expect([c1.ok, c2.ok]).toEqual([true, false]);
    const other = await opened(feed, 'd', callFrom('10.0.0.9', 'globex'));
    expect(other.ok).toBe(true);
    const full = await opened(feed, 'e', callFrom('10.0.0.10', 'initech'));
    expect(full.ok).toBe(false);
    expect(refusals).toEqual(['streams-chat', 'streams-ip', 'streams-tenant', 'streams-total']);

    if (a1.ok) await a1.close();
    const again = await opened(feed, 'a', callFrom('10.0.0.3'));
    expect(again.ok).toBe(true);
    // acme has 4 open again (a2, b1, c1, again), and the process 5.
    expect((await opened(feed, 'f', callFrom('10.0.0.4'))).ok).toBe(false);
    if (b1.ok) await b1.close();
    expect((await opened(feed, 'f', callFrom('10.0.0.4'))).ok).toBe(true);
  });

  it('an IPv6 client counts per /64', async () => {
    const feed = withStreamLimits(idle, { perChat: 9, perIp: 1, perTenant: 9, total: 9, trustedProxies: [] });
    expect((await opened(feed, 'a', callFrom('2001:db8:0:1::1'))).ok).toBe(true);
    expect((await opened(feed, 'b', callFrom('2001:db8:0:1::2'))).ok).toBe(false);
    expect((await opened(feed, 'c', callFrom('2001:db8:0:2::1'))).ok).toBe(true);
  });
});
