import { describe, expect, it } from 'vitest';
import { isoInstant } from '../src/schema/iso-instant.js';

const DAY_MS = 86_400_000;
const YEAR_10000_MS = Date.UTC(10_000, 0, 1);

/** Whatever `isoInstant` gives that `toISOString` would not: empty when they agree. */
const disagreements = (instants: Iterable<number>) => {
  const found: string[] = [];
  for (const ms of instants) {
    const date = new Date(ms);
    if (isoInstant(date) !== date.toISOString()) found.push(`${date.toISOString()}: ${isoInstant(date)}`);
  }
  return found;
};

function* everyDay(fromYear: number, toYear: number, offsetMs: number) {
  for (let ms = Date.UTC(fromYear, 0, 1) + offsetMs; ms < Date.UTC(toYear, 0, 1); ms += DAY_MS) yield ms;
}

function* pseudoRandom(count: number, below: number) {
  let seed = 0x2f6b_1a3d;
  for (let i = 0; i < count; i += 1) {
    // Two 26-bit draws make one instant anywhere below `below` (deterministic: the same every run).
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    const high = seed >>> 6;
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    const low = seed >>> 6;
    yield Math.floor(((high * 2 ** 26 + low) / 2 ** 52) * below);
  }
}

describe('isoInstant: what toISOString writes', () => {
  it('every day from 1970 to 2200, at its first and last millisecond and at a time of day', () => {
    expect(disagreements(everyDay(1970, 2200, 0))).toEqual([]);
    expect(disagreements(everyDay(1970, 2200, DAY_MS - 1))).toEqual([]);
    expect(disagreements(everyDay(1970, 2200, 13 * 3_600_000 + 7 * 60_000 + 9_042))).toEqual([]);
  });

  it('200,000 instants anywhere from 1970 to 9999', () => {
    expect(disagreements(pseudoRandom(200_000, YEAR_10000_MS))).toEqual([]);
  });

  it('the leap days and the ends of the range', () => {
    const instants = [
      0,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(2100, 1, 28, 12),
      Date.UTC(2100, 2, 1),
      Date.UTC(2400, 1, 29, 1, 2, 3, 4),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    expect(disagreements(instants)).toEqual([]);
    expect(isoInstant(new Date(Date.UTC(2026, 11, 4, 16, 42, 13, 123)))).toBe('2026-12-04T16:42:13.123Z');
  });

  it('leaves what it does not compute to toISOString: before 1970, from 10000 on, invalid', () => {
    expect(isoInstant(new Date(-1))).toBe('1969-12-31T23:59:59.999Z');
    expect(isoInstant(new Date(Date.UTC(-5, 3, 1)))).toBe('-000005-04-01T00:00:00.000Z');
    expect(isoInstant(new Date(YEAR_10000_MS))).toBe('+010000-01-01T00:00:00.000Z');
    expect(() => isoInstant(new Date(Number.NaN))).toThrow(RangeError);
  });
});
