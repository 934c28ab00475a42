import { describe, expect, it } from 'vitest';
import { createConnectionTokens } from '../src/connect/connection-tokens.js';

const HOUR = 3_600_000;

describe('connection tokens kept per replica', () => {
  it('makes one connection for concurrent requests of a chat, then reuses it while fresh', async () => {
    let now = 1_000_000;
    const tokens = createConnectionTokens({ now: () => now, refreshBeforeMs: 5 * 60_000 });
    let made = 0;
    const create = async () => {
      made += 1;
      return { token: `connection-${made}`, expiresAt: new Date(now + HOUR) };
    };
    const first = await Promise.all([tokens.get('participant-a', create), tokens.get('participant-a', create)]);
    expect(first.map((c) => c.token)).toEqual(['connection-1', 'connection-1']);
    now += 50 * 60_000;
    expect((await tokens.get('participant-a', create)).token).toBe('connection-1');
    // Within 5 minutes of its expiry it is made again.
    now += 6 * 60_000;
    expect((await tokens.get('participant-a', create)).token).toBe('connection-2');
    expect(made).toBe(2);
  });

  it('answers a kept connection at once while it is fresh or ended, and nothing otherwise', async () => {
    let now = 1_000_000;
    const tokens = createConnectionTokens({ now: () => now, refreshBeforeMs: 5 * 60_000 });
    expect(tokens.kept('participant-a')).toBeUndefined();
    await tokens.get('participant-a', async () => ({ token: 'connection-1', expiresAt: new Date(now + HOUR) }));
    expect(tokens.kept('participant-a')?.token).toBe('connection-1');
    expect(tokens.kept('participant-b')).toBeUndefined();
    // Within 5 minutes of its expiry it is not fresh: the caller makes a new one through get.
    now += 56 * 60_000;
    expect(tokens.kept('participant-a')).toBeUndefined();
    tokens.markEnded('participant-a');
    expect(tokens.kept('participant-a')?.ended).toBe(true);
  });

  it('keeps chats apart and forgets on request', async () => {
    const tokens = createConnectionTokens();
    const create = (token: string) => async () => ({ token, expiresAt: new Date(Date.now() + HOUR) });
    await tokens.get('participant-a', create('a'));
    await tokens.get('participant-b', create('b'));
    expect((await tokens.get('participant-b', create('other'))).token).toBe('b');
    tokens.forget('participant-b');
    expect((await tokens.get('participant-b', create('b2'))).token).toBe('b2');
    expect(tokens.size).toBe(2);
  });

  it('does not keep a failed creation: the next request tries again', async () => {
    const tokens = createConnectionTokens();
    await expect(tokens.get('p', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect((await tokens.get('p', async () => ({ token: 'ok', expiresAt: new Date(Date.now() + HOUR) }))).token).toBe(
      'ok',
    );
  });
});

describe('ended chats', () => {
  it('are remembered: the kept entry says so and no new connection is made', async () => {
    const tokens = createConnectionTokens();
    let made = 0;
    const create = async () => {
      made += 1;
      return { token: `c${made}`, expiresAt: new Date(Date.now() + HOUR) };
    };
    await tokens.get('p', create);
    tokens.markEnded('p');
    expect((await tokens.get('p', create)).ended).toBe(true);
    expect(made).toBe(1);
  });
});
