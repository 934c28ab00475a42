/*
 * Whether a tenant's chat is open and how busy it is, and where a waiting chat stands in its
 * queue: read from Connect through the AvailabilityReader port, one answer per tenant (or per
 * contact) shared by every caller for a while, concurrent misses waiting for one read. When Connect
 * cannot answer, the answer degrades (null fields, each with a reason), never fails.
 */
import type { ChatAvailabilityView, QueueMetrics, QueueStatusView, UnknownReason } from './availability-view.js';
import { rangeAround, statusAt } from './opening-hours.js';
import type { AvailabilityReader, AvailabilityService, CallContext } from './ports.js';
import type { Tenant } from './tenant.js';

/** Options of {@link createAvailabilityService}. */
export interface AvailabilityOptions {
  /** Epoch ms (tests). @default Date.now */
  readonly now?: () => number;
  /** How long a contact's queue position is shared. @default 5000 */
  readonly positionCacheMs?: number;
  /** A degraded answer is kept this long at most, so Connect is asked again soon. @default 5000 */
  readonly degradedCacheMs?: number;
  /** Entries kept (tenants and contacts). @default 10000 */
  readonly maxEntries?: number;
}

/** A small TTL cache whose concurrent misses share one load. */
function sharedCache<T>(maxEntries: number, now: () => number) {
  const entries = new Map<string, { readonly until: number; readonly value: Promise<T> }>();
  return (key: string, load: () => Promise<{ value: T; ttlMs: number }>): Promise<T> => {
    const kept = entries.get(key);
    if (kept && kept.until > now()) return kept.value;
    // Until the load settles, concurrent callers share it.
    const loading = load();
    const value = loading.then((l) => l.value);
    entries.set(key, { until: Number.POSITIVE_INFINITY, value });
    loading.then(
      (l) => entries.set(key, { until: now() + l.ttlMs, value }),
      () => entries.delete(key),
    );
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return value;
  };
}

export function createAvailabilityService(
  reader: AvailabilityReader,
  options: AvailabilityOptions = {},
): AvailabilityService {
  const now = options.now ?? Date.now;
  const answers = sharedCache<ChatAvailabilityView>(options.maxEntries ?? 10_000, now);
  const positions = sharedCache<QueueStatusView | null>(options.maxEntries ?? 10_000, now);
  const degradedMs = options.degradedCacheMs ?? 5000;

  /** A read that never throws: its value, or undefined with the failure logged. */
  async function attempt<T>(what: string, call: CallContext, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      call.logger.warn(
        { availability: what, error: error instanceof Error ? error.name : 'unknown' },
        'availability read failed',
      );
      return undefined;
    }
  }

  async function read(tenant: Tenant, call: CallContext): Promise<{ value: ChatAvailabilityView; ttlMs: number }> {
    const { hoursOfOperationId, queueId } = tenant.connect;
    const at = new Date(now());
    const [hours, metrics] = await Promise.all([
      hoursOfOperationId
        ? attempt('hours', call, () => reader.hours(tenant.connect, hoursOfOperationId, rangeAround(at), call))
        : undefined,
      queueId ? attempt('queue', call, () => reader.queueMetrics(tenant.connect, queueId, call)) : undefined,
    ]);
    const unknown: { field: string; reason: UnknownReason }[] = [];
    const missing = (fields: string[], configured: boolean) => {
      for (const field of fields)
        unknown.push({ field, reason: configured ? 'CONNECT_UNAVAILABLE' : 'NOT_CONFIGURED' });
    };
    let status: ReturnType<typeof statusAt> | undefined;
    if (hours) {
      try {
        status = statusAt(hours, at);
      } catch {
        // A time zone Intl does not know: the hours cannot be placed in time.
        call.logger.warn({ timeZone: hours.timeZone }, 'availability: unknown time zone');
      }
    }
    if (!status) missing(['open', 'closesAt', 'opensAt'], hoursOfOperationId !== undefined);
    const metric = (name: keyof QueueMetrics, field: string) => {
      const value = metrics?.[name];
      if (value === undefined) missing([field], queueId !== undefined);
      return value ?? null;
    };
    const value: ChatAvailabilityView = {
      open: status?.open ?? null,
      timeZone: status ? (hours?.timeZone ?? null) : null,
      closesAt: status?.closesAt ?? null,
      opensAt: status?.opensAt ?? null,
      agentsOnline: metric('agentsOnline', 'agentsOnline'),
      agentsAvailable: metric('agentsAvailable', 'agentsAvailable'),
      contactsInQueue: metric('contactsInQueue', 'contactsInQueue'),
      longestWaitSeconds: metric('oldestContactAgeSeconds', 'longestWaitSeconds'),
      unknown: unknown.filter(
        (u) => u.reason === 'CONNECT_UNAVAILABLE' || u.field !== 'longestWaitSeconds' || !queueId,
      ),
      checkedAt: at,
    };
    const degraded = (hoursOfOperationId && !hours) || (queueId && !metrics);
    const cacheMs = degraded
      ? Math.min(degradedMs, tenant.availability.cacheSeconds * 1000)
      : tenant.availability.cacheSeconds * 1000;
    // Never past the next opening or closing: a cached "open" must not outlive the hours.
    const change = (status?.closesAt ?? status?.opensAt)?.getTime();
    const ttlMs = change === undefined ? cacheMs : Math.max(1000, Math.min(cacheMs, change - at.getTime()));
    return { value, ttlMs };
  }

  return {
    of(tenant, call) {
      const { instanceId, region, hoursOfOperationId, queueId } = tenant.connect;
      // The tenant's targets are in the key: a reload that changes them is read afresh.
      return answers(`${tenant.id}\u0000${region}\u0000${instanceId}\u0000${hoursOfOperationId}\u0000${queueId}`, () =>
        read(tenant, call),
      );
    },
    queueStatus(tenant, contactId, call) {
      return positions(`${tenant.id}\u0000${tenant.connect.instanceId}\u0000${contactId}`, async () => {
        const position = await attempt('position', call, () => reader.contactPosition(tenant.connect, contactId, call));
        return {
          value: position
            ? { position: position.position ?? null, estimatedWaitSeconds: position.estimatedWaitSeconds ?? null }
            : null,
          ttlMs: position ? (options.positionCacheMs ?? 5000) : degradedMs,
        };
      });
    },
  };
}
