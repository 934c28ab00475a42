/**
 * Hours of operation as dates and times of day, without a clock: which weekday a date is, the
 * dates of a range, and a day's hours once an override for that date replaced the weekly config.
 * The time zone is only carried along: which instant a time of day is, is the caller's business.
 */

/** The model's HoursOfOperationDays. */
export const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

/** A day of the week, as Connect names it. */
export type Weekday = (typeof WEEKDAYS)[number];

/** The model's HoursOfOperationTimeSlice and OverrideTimeSlice: 0–23 hours, 0–59 minutes. */
export interface TimeSlice {
  readonly Hours: number;
  readonly Minutes: number;
}

/** One opening of a day: from `Start` to `End`; an `End` at or before `Start` is on the next day (00:00 is midnight). */
export interface OpenPeriod {
  readonly Start: TimeSlice;
  readonly End: TimeSlice;
}

/** What replaces a date's weekly hours: the periods it is open (none: closed all day). */
export interface HoursOverride {
  readonly name: string;
  readonly periods: readonly OpenPeriod[];
}

/** An hours of operation as the simulator holds it, with the model's member names where it has them. */
export interface StoredHours {
  readonly HoursOfOperationId: string;
  readonly Name: string;
  readonly Description?: string;
  readonly TimeZone: string;
  readonly Config: readonly { readonly Day: Weekday; readonly StartTime: TimeSlice; readonly EndTime: TimeSlice }[];
  /** By date, `YYYY-MM-DD`. */
  readonly overrides: Map<string, HoursOverride>;
  /** Epoch ms, from the simulator's clock. */
  lastModifiedAt: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Epoch ms of a `YYYY-MM-DD` date at 00:00 UTC, or undefined when it is no calendar date (2025-02-30). */
export function dayOf(date: string): number | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === date ? ms : undefined;
}

/** How many dates `from` to `to` holds, both included (0 when `to` is before `from`). */
export function datesInRange(fromDay: number, toDay: number): number {
  return Math.max(0, Math.round((toDay - fromDay) / DAY_MS) + 1);
}

/**
 * `"HH:MM"` (00:00–23:59) as a time slice; an end may also be `"24:00"`, midnight, which Connect
 * writes 00:00 (its hours only go to 23). Undefined for anything else.
 */
export function parseTimeOfDay(text: string, end = false): TimeSlice | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (end && hours === 24 && minutes === 0) return { Hours: 0, Minutes: 0 };
  return hours <= 23 && minutes <= 59 ? { Hours: hours, Minutes: minutes } : undefined;
}

/**
 * GetEffectiveHoursOfOperations' members for the dates `fromDay` to `toDay` (epoch ms at 00:00 UTC):
 * each date's weekly periods, or its override's in their place; the overrides that applied; the
 * time zone.
 */
export function effectiveHours(hours: StoredHours, fromDay: number, toDay: number) {
  const EffectiveHoursOfOperationList = [];
  const EffectiveOverrideHoursList = [];
  for (let day = fromDay; day <= toDay; day += DAY_MS) {
    const date = new Date(day).toISOString().slice(0, 10);
    const weekday = WEEKDAYS[new Date(day).getUTCDay()]!;
    const override = hours.overrides.get(date);
    const periods = override
      ? override.periods
      : hours.Config.filter((c) => c.Day === weekday).map((c) => ({ Start: c.StartTime, End: c.EndTime }));
    EffectiveHoursOfOperationList.push({ Date: date, OperationalHours: periods.map((p) => ({ ...p })) });
    if (override) {
      const midnight = { Hours: 0, Minutes: 0 };
      EffectiveOverrideHoursList.push({
        Date: date,
        OverrideHours:
          override.periods.length === 0
            ? [{ Start: midnight, End: midnight, OverrideName: override.name, OperationalStatus: 'CLOSED' }]
            : override.periods.map((p) => ({ ...p, OverrideName: override.name, OperationalStatus: 'OPEN' })),
      });
    }
  }
  return { EffectiveHoursOfOperationList, EffectiveOverrideHoursList, TimeZone: hours.TimeZone };
}
