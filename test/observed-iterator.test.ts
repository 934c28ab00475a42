import { describe, expect, it } from 'vitest';
import { observed } from '../src/chat/observed-iterator.js';

/** An iterator of `values` that then fails with `error`, or waits forever when `error` is 'hang'. */
function source(values: number[], end: Error | 'hang' | 'done' = 'done') {
  let returned = 0;
  const iterator: AsyncIterator<number> = {
    next() {
      const value = values.shift();
      if (value !== undefined) return Promise.resolve({ done: false, value });
      if (end === 'hang') return new Promise(() => undefined);
      if (end === 'done') return Promise.resolve({ done: true, value: undefined });
      return Promise.reject(end);
    },
    async return() {
      returned += 1;
      return { done: true, value: undefined };
    },
  };
  return { iterator, returned: () => returned };
}

describe('observed', () => {
  it('hands on each value after its hook, then finishes once when done', async () => {
    const seen: number[] = [];
    let finished = 0;
    const it = observed(source([1, 2]).iterator, {
      value: async (v) => void seen.push(v),
      finish: () => {
        finished += 1;
      },
    });
    expect(await it.next()).toEqual({ done: false, value: 1 });
    expect(seen).toEqual([1]);
    expect(await it.next()).toEqual({ done: false, value: 2 });
    expect(await it.next()).toEqual({ done: true, value: undefined });
    await it.return?.();
    expect(finished).toBe(1);
  });

  it('maps a failure through its hook and finishes', async () => {
    let finished = 0;
    const it = observed(source([], new Error('inner')).iterator, {
      error: async (e) => new Error(`mapped ${(e as Error).message}`),
      finish: () => {
        finished += 1;
      },
    });
    await expect(it.next()).rejects.toThrow('mapped inner');
    expect(finished).toBe(1);
  });

  it('turns the end into a failure when `done` throws', async () => {
    let finished = 0;
    const it = observed(source([]).iterator, {
      done: () => {
        throw new Error('interrupted');
      },
      finish: () => {
        finished += 1;
      },
    });
    await expect(it.next()).rejects.toThrow('interrupted');
    expect(finished).toBe(1);
  });

  it('passes return() on at once, while a read is still pending', async () => {
    const inner = source([], 'hang');
    let finished = 0;
    const it = observed(inner.iterator, {
      finish: () => {
        finished += 1;
      },
    });
    void it.next();
    expect(await it.return?.()).toEqual({ done: true, value: undefined });
    expect(inner.returned()).toBe(1);
    expect(finished).toBe(1);
  });
});
