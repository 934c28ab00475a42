import type { ChatAvailabilityQuery } from './gql/graphql.js';

/*
 * What the page says about opening hours and the agents before a chat: "We're open until 18:00",
 * "Chat is closed now. Back at 9:00 (in 3 h)." Times are the hours' own wall clock (the gateway's
 * `closesAtLocal` / `opensAtLocal`); the relative part counts from the instant (`opensAt`).
 */

/** The tenant's availability as the page asks for it. */
export type Availability = ChatAvailabilityQuery['chatAvailability'];

const DAY_MS = 86_400_000;

/** A `DateTime` of the schema (typed `unknown` by codegen: an ISO string on the wire) as a Date. */
export const instantOf = (value: unknown): Date | undefined =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : undefined;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * `instant` on the wall clock of `timeZone` (the browser's when absent), written as the gateway
 * writes `opensAtLocal`: "2026-12-01T09:00".
 */
export function localDateTime(instant: Date, timeZone?: string | null): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    ...(timeZone ? { timeZone } : {}),
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** "9:00" from "2026-12-01T09:00". */
export const clockTime = (local: string) => `${Number(local.slice(11, 13))}:${local.slice(14, 16)}`;

/** Whole days from `now`'s date to the date of `local`, both on the hours' wall clock. */
function daysAhead(local: string, now: Date, timeZone: string | null): number {
  const today = localDateTime(now, timeZone).slice(0, 10);
  return Math.round((Date.parse(local.slice(0, 10)) - Date.parse(today)) / DAY_MS);
}

const weekday = (local: string) => WEEKDAYS[new Date(`${local.slice(0, 10)}T12:00:00Z`).getUTCDay()];

/** "in 3 h", "in 20 min", "in 2 days": how long until `at`, roughly. */
export function fromNow(at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  if (ms < 3_600_000) return `in ${Math.max(1, Math.ceil(ms / 60_000))} min`;
  if (ms < 2 * DAY_MS) return `in ${Math.round(ms / 3_600_000)} h`;
  return `in ${Math.round(ms / DAY_MS)} days`;
}

/** "Back at 9:00 (in 3 h)", "Back tomorrow at 9:00 (in 15 h)", "Back on Monday at 9:00 (in 2 days)". */
export function backAt(opensAt: Date, local: string, now: Date, timeZone: string | null): string {
  const days = daysAhead(local, now, timeZone);
  const when = days <= 0 ? '' : days === 1 ? 'tomorrow ' : `on ${weekday(local)} `;
  return `Back ${when}at ${clockTime(local)} (${fromNow(opensAt, now)}).`;
}

/** "until 18:00", "until midnight", "until 2:00 tomorrow", "until 18:00 on Friday"; undefined beyond a week. */
function until(local: string, now: Date, timeZone: string | null): string | undefined {
  const days = daysAhead(local, now, timeZone);
  const time = clockTime(local);
  if (days <= 0) return `until ${time}`;
  if (days === 1) return time === '0:00' ? 'until midnight' : `until ${time} tomorrow`;
  return days < 7 ? `until ${time} on ${weekday(local)}` : undefined;
}

/** What a closed chat says, from the availability or from a ChatClosedError's `opensAt`. */
export function closedText(opensAt: Date | undefined, timeZone: string | null): string {
  const now = new Date();
  return opensAt
    ? `Chat is closed now. ${backAt(opensAt, localDateTime(opensAt, timeZone), now, timeZone)}`
    : 'Chat is closed now.';
}

/**
 * The sentence about the hours; undefined when the gateway could not tell whether chat is open. A
 * time it names is on the hours' clock: " Times are Europe/London time." follows when the
 * browser's clock shows another.
 */
export function hoursText(availability: Availability, now: Date): string | undefined {
  const { open, timeZone } = availability;
  const note = (instant: Date) =>
    timeZone && localDateTime(instant, timeZone) !== localDateTime(instant) ? ` Times are ${timeZone} time.` : '';
  if (open === true) {
    const closesAt = instantOf(availability.closesAt);
    const local = availability.closesAtLocal;
    const end = closesAt && local ? until(local, now, timeZone) : undefined;
    return closesAt && end ? `We're open ${end}.${note(closesAt)}` : "We're open.";
  }
  if (open === false) {
    const opensAt = instantOf(availability.opensAt);
    const local = availability.opensAtLocal;
    return opensAt && local
      ? `Chat is closed now. ${backAt(opensAt, local, now, timeZone)}${note(opensAt)}`
      : 'Chat is closed now.';
  }
  return undefined;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 agents online, 1 available, 3 customers waiting.", from the figures the gateway knows. */
export function figuresText(availability: Availability): string | undefined {
  const { agentsOnline, agentsAvailable, contactsInQueue } = availability;
  const parts = [
    agentsOnline == null ? undefined : `${count(agentsOnline, 'agent', 'agents')} online`,
    agentsAvailable == null ? undefined : `${agentsAvailable} available`,
    contactsInQueue == null ? undefined : `${count(contactsInQueue, 'customer', 'customers')} waiting`,
  ].filter((part) => part !== undefined);
  if (parts.length === 0) return undefined;
  const text = parts.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The instant at which what the page says stops being true: the end of the period, or the opening. */
export function changesAt(availability: Availability): Date | undefined {
  return instantOf(availability.open ? availability.closesAt : availability.opensAt);
}
