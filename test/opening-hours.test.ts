import { describe, expect, it } from 'vitest';
import { type EffectiveHours, expandWeekly, instantOf, localDateTime, statusAt } from '../src/chat/opening-hours.js';

/* Opening hours in time zones: open now, until when, and the next opening, across DST and midnight. */

const nineToSix = (dates: string[], timeZone: string): EffectiveHours => ({
  timeZone,
  days: dates.map((date) => ({
    date,
    periods: [{ start: { hours: 9, minutes: 0 }, end: { hours: 18, minutes: 0 } }],
  })),
});

describe('opening hours', () => {
  it('local times to instants in a zone, summer and winter', () => {
    expect(instantOf('2026-07-01', { hours: 9, minutes: 0 }, 'Europe/London').toISOString()).toBe(
      '2026-07-01T08:00:00.000Z',
    );
    expect(instantOf('2026-12-01', { hours: 9, minutes: 0 }, 'Europe/London').toISOString()).toBe(
      '2026-12-01T09:00:00.000Z',
    );
    expect(instantOf('2026-12-01', { hours: 9, minutes: 0 }, 'America/New_York').toISOString()).toBe(
      '2026-12-01T14:00:00.000Z',
    );
    // The day DST starts in New York (2026-03-08, 02:00 → 03:00): 09:00 is already EDT.
    expect(instantOf('2026-03-08', { hours: 9, minutes: 0 }, 'America/New_York').toISOString()).toBe(
      '2026-03-08T13:00:00.000Z',
    );
    expect(localDateTime(new Date('2026-12-01T17:30:00Z'), 'Asia/Kolkata')).toBe('2026-12-01T23:00');
  });

  it('open until the period ends; closed until the next one starts, the same day or days later', () => {
    const hours = nineToSix(['2026-12-01', '2026-12-04'], 'Europe/London');
    expect(statusAt(hours, new Date('2026-12-01T10:00:00Z'))).toEqual({
      open: true,
      closesAt: new Date('2026-12-01T18:00:00Z'),
    });
    expect(statusAt(hours, new Date('2026-12-01T08:59:00Z'))).toEqual({
      open: false,
      opensAt: new Date('2026-12-01T09:00:00Z'),
    });
    // Closed on the 2nd and 3rd (an override, or a weekend): next is the 4th.
    expect(statusAt(hours, new Date('2026-12-01T18:00:00Z'))).toEqual({
      open: false,
      opensAt: new Date('2026-12-04T09:00:00Z'),
    });
    expect(statusAt({ timeZone: 'Europe/London', days: [] }, new Date())).toEqual({ open: false });
  });

  it('the same moment is open in one zone and closed in another', () => {
    const at = new Date('2026-12-01T15:00:00Z'); // 15:00 London, 10:00 New York, 20:30 Kolkata
    expect(statusAt(nineToSix(['2026-12-01'], 'Europe/London'), at).open).toBe(true);
    expect(statusAt(nineToSix(['2026-12-01'], 'America/New_York'), at).open).toBe(true);
    expect(statusAt(nineToSix(['2026-12-01'], 'Asia/Kolkata'), at).open).toBe(false);
  });

  it('periods past midnight and whole days merge: open across midnight until the real end', () => {
    const hours: EffectiveHours = {
      timeZone: 'UTC',
      days: [
        { date: '2026-12-01', periods: [{ start: { hours: 20, minutes: 0 }, end: { hours: 0, minutes: 0 } }] },
        { date: '2026-12-02', periods: [{ start: { hours: 0, minutes: 0 }, end: { hours: 2, minutes: 0 } }] },
      ],
    };
    expect(statusAt(hours, new Date('2026-12-01T23:00:00Z'))).toEqual({
      open: true,
      closesAt: new Date('2026-12-02T02:00:00Z'),
    });
    const always: EffectiveHours = {
      timeZone: 'UTC',
      days: ['2026-12-01', '2026-12-02'].map((date) => ({
        date,
        periods: [{ start: { hours: 0, minutes: 0 }, end: { hours: 0, minutes: 0 } }],
      })),
    };
    expect(statusAt(always, new Date('2026-12-01T12:00:00Z')).closesAt).toEqual(new Date('2026-12-03T00:00:00Z'));
  });

  it('a weekly schedule expands to dates by weekday', () => {
    const weekly = {
      timeZone: 'UTC',
      config: [{ day: 'TUESDAY' as const, start: { hours: 9, minutes: 0 }, end: { hours: 17, minutes: 0 } }],
    };
    const days = expandWeekly(weekly, '2026-11-30', '2026-12-02').days; // Mon, Tue, Wed
    expect(days.map((d) => [d.date, d.periods.length])).toEqual([
      ['2026-11-30', 0],
      ['2026-12-01', 1],
      ['2026-12-02', 0],
    ]);
  });
});
