import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallSignal, DeadlineExceededError, withDeadline } from '../src/connect/deadline.js';

/* The overall deadline of one Connect call (retries and backoff included), on fake timers. */

const never = () => new Promise<never>(() => undefined);

describe('withDeadline', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers what the call answers, and leaves no timer and no listener behind', async () => {
    const caller = new AbortController();
    const removed = vi.spyOn(caller.signal, 'removeEventListener');
    let seen: CallSignal | undefined;
    const answer = withDeadline(
      1000,
      async (signal) => {
        seen = signal;
        return 'sent';
      },
      caller.signal,
    );
    await expect(answer).resolves.toBe('sent');
    expect(vi.getTimerCount()).toBe(0);
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
    caller.abort(new Error('too late'));
    expect(seen?.aborted).toBe(false);
  });

  it('gives up at the deadline and aborts the call with the deadline error', async () => {
    let seen: CallSignal | undefined;
    const answer = withDeadline(1000, (signal) => {
      seen = signal;
      return never();
    });
    const settled = expect(answer).rejects.toBeInstanceOf(DeadlineExceededError);
    await vi.advanceTimersByTimeAsync(999);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await settled;
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(DeadlineExceededError);
  });

  it("ends the call when the caller's own signal aborts, as the SDK's abort does", async () => {
    const caller = new AbortController();
    let seen: CallSignal | undefined;
    const answer = withDeadline(
      1000,
      (signal) => {
        seen = signal;
        return never();
      },
      caller.signal,
    );
    const reason = new Error('feed stopped');
    caller.abort(reason);
    await expect(answer).rejects.toMatchObject({ name: 'AbortError', cause: reason });
    expect(seen?.reason).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not start a call whose caller already gave up', async () => {
    const caller = new AbortController();
    caller.abort(new Error('gone'));
    const work = vi.fn(never);
    await expect(withDeadline(1000, work, caller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(work).not.toHaveBeenCalled();
  });

  it('fails with what the call throws or rejects with, and clears its timer', async () => {
    const thrown = new Error('command could not be built');
    await expect(
      withDeadline(1000, () => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    const rejected = new Error('throttled');
    await expect(withDeadline(1000, () => Promise.reject(rejected))).rejects.toBe(rejected);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores a call that fails after the deadline (no unhandled rejection)', async () => {
    let fail: (error: Error) => void = () => undefined;
    const answer = withDeadline(
      1000,
      () =>
        new Promise<never>((_, reject) => {
          fail = reject;
        }),
    );
    const settled = expect(answer).rejects.toBeInstanceOf(DeadlineExceededError);
    await vi.advanceTimersByTimeAsync(1000);
    await settled;
    fail(new Error('socket destroyed by the abort'));
    await vi.advanceTimersByTimeAsync(0);
  });
});

describe('CallSignal', () => {
  it('fires once, tells the request in flight, and keeps the first reason', () => {
    const signal = new CallSignal();
    const onabort = vi.fn();
    signal.onabort = onabort;
    const first = new Error('deadline');
    signal.abort(first);
    signal.abort(new Error('later'));
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(first);
    expect(onabort).toHaveBeenCalledTimes(1);
  });

  it("never throws what the request's onabort throws (it runs in a timer or an abort listener)", () => {
    const signal = new CallSignal();
    signal.onabort = () => {
      throw new TypeError('cannot describe the reason');
    };
    expect(() => signal.abort(Object.create(null))).not.toThrow();
    expect(signal.aborted).toBe(true);
  });
});
