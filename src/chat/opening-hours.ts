/*
 * Opening hours in a time zone, as Connect gives them (local dates and times of day), turned into
 * instants: whether chat is open at a moment, until when, and when it opens next. No library: the
 * time zone's offsets come from Intl, which knows every IANA zone and its daylight saving rules.
 */

export interface TimeOfDay {
  readonly hours: number;
  readonly minutes: number;
}

/** One local date's open periods. An end at or before its start ends on the next day (00:00–00:00 is the whole day). */
export interface DayHours {
  /** YYYY-MM-DD, local to the hours' time zone. */
  readonly date: string;
  readonly periods: readonly { readonly start: TimeOfDay; readonly end: TimeOfDay }[];
}

/** The hours of a range of dates, overrides applied (GetEffectiveHoursOfOperations). */
export interface EffectiveHours {
  /** An IANA time zone, e.g. Europe/London. */
  readonly timeZone: string;
  readonly days: readonly DayHours[];
}

export const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A weekly schedule without overrides (DescribeHoursOfOperation). */
export interface WeeklyHours {
  readonly timeZone: string;
  readonly config: readonly { readonly day: Weekday; readonly start: TimeOfDay; readonly end: TimeOfDay }[];
}

/** Where a moment stands in the hours. */
export interface OpeningStatus {
  readonly open: boolean;
  /** When open: the end of the current period (adjacent periods merged, e.g. across midnight). */
  readonly closesAt?: Date;
  /** When closed: the start of the next period within the hours given; absent if none. */
  readonly opensAt?: Date;
}

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for a zone Intl does not know.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of an instant in a time zone. */
function wallClock(instant: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** The zone's offset from UTC at an instant, in ms (local minus UTC). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a local date and time in a zone: the offset is guessed at the local time read as
 * UTC, then read again at the instant that guess gives, which settles it across a daylight saving
 * change (a local time skipped by the change lands an hour off, in the gap's direction).
 */
export function instantOf(date: string, time: TimeOfDay, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const local = Date.UTC(year, month - 1, day, time.hours, time.minutes);
  const guess = local - offsetAt(local, timeZone);
  return new Date(local - offsetAt(guess, timeZone));
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The local date and time of an instant in a zone, to the minute: 2026-12-01T18:00. */
export function localDateTime(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${localDate(instant, timeZone)}T${two(w.hour)}:${two(w.minute)}`;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** A weekly schedule as the effective hours of each date from `from` to `to` (inclusive). */
export function expandWeekly(weekly: WeeklyHours, from: string, to: string): EffectiveHours {
  const days: DayHours[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
    days.push({
      date,
      periods: weekly.config.filter((c) => c.day === weekday).map(({ start, end }) => ({ start, end })),
    });
  }
  return { timeZone: weekly.timeZone, days };
}

const minutesOf = (t: TimeOfDay) => t.hours * 60 + t.minutes;

/** The open periods as instants, sorted, overlapping or touching ones merged. */
function intervalsOf(hours: EffectiveHours): [number, number][] {
  const raw: [number, number][] = [];
  for (const day of hours.days) {
    for (const { start, end } of day.periods) {
      const from = instantOf(day.date, start, hours.timeZone).getTime();
      const endDate = minutesOf(end) <= minutesOf(start) ? addDays(day.date, 1) : day.date;
      const to = instantOf(endDate, end, hours.timeZone).getTime();
      if (to > from) raw.push([from, to]);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const interval of raw) {
    const last = merged.at(-1);
    if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push([...interval]);
  }
  return merged;
}

/** Whether the hours are open at `now`, until when, or when they open next. */
export function statusAt(hours: EffectiveHours, now: Date): OpeningStatus {
  const at = now.getTime();
  const intervals = intervalsOf(hours);
  const current = intervals.find(([from, to]) => from <= at && at < to);
  if (current) return { open: true, closesAt: new Date(current[1]) };
  const next = intervals.find(([from]) => from > at);
  return { open: false, ...(next ? { opensAt: new Date(next[0]) } : {}) };
}

/** The UTC dates a read must cover to know the status at `now` and the next week's openings. */
export function rangeAround(now: Date): { from: string; to: string } {
  const today = now.toISOString().slice(0, 10);
  // Two days back: in a zone far west of UTC, yesterday's local date may be two UTC dates ago
  // (an overnight period that began then may still be open).
  return { from: addDays(today, -2), to: addDays(today, 7) };
}
