/**
 * GetCurrentMetricData over the simulated queues: the rules its documentation states beyond the
 * model's shapes, and the metrics, per queue and channel when grouped so. The simulated agents
 * handle chats only; every other channel has no agents and no contacts. The simulator serves the
 * Queues and Channels filters and the QUEUE and CHANNEL groupings; it refuses the others (routing
 * profiles, routing steps, agent statuses, subtypes, custom metrics) as not simulated.
 */
import type { StoredQueue } from './availability-store.js';

/** Each metric's unit, as the CurrentMetrics documentation lists them. */
export const METRIC_UNITS: Readonly<Record<string, 'COUNT' | 'SECONDS'>> = {
  AGENTS_AFTER_CONTACT_WORK: 'COUNT',
  AGENTS_AVAILABLE: 'COUNT',
  AGENTS_ERROR: 'COUNT',
  AGENTS_NON_PRODUCTIVE: 'COUNT',
  AGENTS_ON_CALL: 'COUNT',
  AGENTS_ON_CONTACT: 'COUNT',
  AGENTS_ONLINE: 'COUNT',
  AGENTS_STAFFED: 'COUNT',
  CONTACTS_IN_QUEUE: 'COUNT',
  CONTACTS_SCHEDULED: 'COUNT',
  ESTIMATED_WAIT_TIME: 'SECONDS',
  OLDEST_CONTACT_AGE: 'SECONDS',
  SLOTS_ACTIVE: 'COUNT',
  SLOTS_AVAILABLE: 'COUNT',
};

/** An out-of-the-box metric named by ARN in MetricId (`arn:aws:connect:<region>:aws:metric/<NAME>`). */
const BUILT_IN_METRIC_ARN = /^arn:[a-z0-9-]+:connect:[a-z0-9-]+:aws:metric\/([A-Z_]+)$/;
/** "If using MetricId, the limit is 10 MetricId per request." */
const MAX_METRIC_IDS = 10;
const MAX_RESULTS_DEFAULT = 100;
const SIMULATED_FILTERS = new Set(['Queues', 'Channels']);
const SIMULATED_GROUPINGS = new Set(['QUEUE', 'CHANNEL']);
const ALL_CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'];

interface RequestedMetric {
  readonly Name?: string;
  readonly MetricId?: string;
  readonly Unit?: string;
}

/** A request the model's shapes accepted. */
export interface CurrentMetricDataRequest {
  readonly Filters: { readonly Queues?: readonly string[]; readonly Channels?: readonly string[] } & Record<
    string,
    unknown
  >;
  readonly Groupings?: readonly string[];
  readonly CurrentMetrics: readonly RequestedMetric[];
  readonly NextToken?: string;
  readonly MaxResults?: number;
  readonly SortCriteria?: readonly { readonly SortByMetric?: string; readonly SortOrder?: string }[];
}

/** The metric a CurrentMetric names: its Name, or the name in an out-of-the-box MetricId. */
const metricName = (metric: RequestedMetric) => metric.Name ?? BUILT_IN_METRIC_ARN.exec(metric.MetricId ?? '')?.[1];

/** Returns the first documented rule the request breaks, as InvalidParameterException's message; undefined if none. */
export function checkCurrentMetricRules(request: CurrentMetricDataRequest): string | undefined {
  const { Filters, Groupings = [], CurrentMetrics } = request;
  const filters = Object.keys(Filters).filter((k) => Filters[k] !== undefined && Filters[k] !== null);
  const unsimulated = filters.find((k) => !SIMULATED_FILTERS.has(k));
  if (unsimulated) return `Filters.${unsimulated} is not simulated: filter by Queues (and Channels).`;
  if (!Filters.Queues) return 'Filters.Queues is required: GetCurrentMetricData requires a queue filter.';
  const grouping = Groupings.find((g) => !SIMULATED_GROUPINGS.has(g));
  if (grouping) return `Grouping ${grouping} is not simulated: group by QUEUE and/or CHANNEL.`;
  if (new Set(Groupings).size !== Groupings.length) return 'Groupings must not repeat a grouping.';
  if (CurrentMetrics.filter((m) => m.MetricId !== undefined).length > MAX_METRIC_IDS) {
    return `At most ${MAX_METRIC_IDS} metrics may be named by MetricId.`;
  }
  for (const metric of CurrentMetrics) {
    if (metric.Name === undefined && metric.MetricId === undefined)
      return 'Each CurrentMetric needs a Name or a MetricId.';
    if (metric.Name !== undefined && metric.MetricId !== undefined) {
      return 'A CurrentMetric takes either a Name or a MetricId, not both.';
    }
    const name = metricName(metric);
    if (name === undefined || !(name in METRIC_UNITS)) {
      return `MetricId ${metric.MetricId} is not simulated: custom metrics are not, out-of-the-box ones (arn:aws:connect:<region>:aws:metric/<NAME>) are.`;
    }
    if (metric.Name !== undefined && metric.Unit === undefined)
      return `Metric ${name} needs its Unit, ${METRIC_UNITS[name]}.`;
    if (metric.Unit !== undefined && metric.Unit !== METRIC_UNITS[name]) {
      return `The unit of ${name} is ${METRIC_UNITS[name]}, not ${metric.Unit}.`;
    }
    if (
      name === 'ESTIMATED_WAIT_TIME' &&
      (!Filters.Channels || Groupings.length !== 2 || Groupings[0] !== 'QUEUE' || Groupings[1] !== 'CHANNEL')
    ) {
      return 'ESTIMATED_WAIT_TIME needs the Queues and Channels filters and the groupings QUEUE, CHANNEL.';
    }
  }
  const sortBy = request.SortCriteria?.[0]?.SortByMetric;
  if (sortBy === 'SLOTS_ACTIVE' || sortBy === 'SLOTS_AVAILABLE') return `Sorting on ${sortBy} is not supported.`;
  if (request.NextToken !== undefined && offsetOf(request.NextToken) === undefined) return 'NextToken is not valid.';
  return undefined;
}

/** What the metrics are made of: a queue's settings and its queued chats' enqueue times (epoch ms). */
export interface QueueState {
  readonly queue: StoredQueue;
  readonly arn: string;
  readonly enqueuedAt: readonly number[];
}

/**
 * The answer to a request that passed {@link checkCurrentMetricRules}, for the filter's queues
 * that exist (`queues`, in the filter's order; unknown ones have no data), at `now` (epoch ms).
 */
export function currentMetricData(request: CurrentMetricDataRequest, queues: readonly QueueState[], now: number) {
  const groupings = request.Groupings ?? [];
  const byQueue = groupings.includes('QUEUE');
  const byChannel = groupings.includes('CHANNEL');
  const channels = request.Filters.Channels ?? ALL_CHANNELS;
  const cells: { queues: readonly QueueState[]; channels: readonly string[]; dimensions: Record<string, unknown> }[] =
    [];
  if (queues.length > 0) {
    for (const q of byQueue ? queues : [undefined]) {
      for (const channel of byChannel ? channels : [undefined]) {
        cells.push({
          queues: q ? [q] : queues,
          channels: channel ? [channel] : channels,
          dimensions: {
            ...(q ? { Queue: { Id: q.queue.QueueId, Arn: q.arn } } : {}),
            ...(channel ? { Channel: channel } : {}),
          },
        });
      }
    }
  }
  // "When you do not use groupings, Unit says SECONDS but the Value is returned in MILLISECONDS."
  const ageUnitMs = groupings.length === 0 ? 1 : 1000;
  const value = (name: string, cell: (typeof cells)[number]) => {
    const chat = cell.channels.includes('CHAT');
    const sum = (f: (q: QueueState) => number) => (chat ? cell.queues.reduce((n, q) => n + f(q), 0) : 0);
    switch (name) {
      case 'AGENTS_ONLINE':
      case 'AGENTS_STAFFED':
        return sum((q) => q.queue.agentsOnline);
      case 'AGENTS_AVAILABLE':
      case 'SLOTS_AVAILABLE':
        return sum((q) => q.queue.agentsAvailable);
      case 'AGENTS_ON_CALL':
      case 'AGENTS_ON_CONTACT':
      case 'SLOTS_ACTIVE':
        return sum((q) => q.queue.agentsOnline - q.queue.agentsAvailable);
      case 'CONTACTS_IN_QUEUE':
        return sum((q) => q.enqueuedAt.length);
      case 'OLDEST_CONTACT_AGE': {
        const oldest = Math.min(...(chat ? cell.queues.flatMap((q) => q.enqueuedAt) : []));
        return Number.isFinite(oldest) ? Math.floor(Math.max(0, now - oldest) / ageUnitMs) : 0;
      }
      case 'ESTIMATED_WAIT_TIME':
        return sum((q) => estimatedWaitSeconds(q.enqueuedAt.length + 1, q.queue));
      default:
        return 0;
    }
  };
  const sort = request.SortCriteria?.[0];
  const sortBy = sort?.SortByMetric ?? 'AGENTS_ONLINE';
  const direction = sort?.SortOrder === 'ASCENDING' ? 1 : -1;
  const sorted = cells
    .map((cell, i) => ({ cell, i, key: value(sortBy, cell) }))
    .sort((a, b) => (a.key - b.key) * direction || a.i - b.i);
  const offset = request.NextToken !== undefined ? offsetOf(request.NextToken)! : 0;
  const end = offset + (request.MaxResults ?? MAX_RESULTS_DEFAULT);
  return {
    MetricResults: sorted.slice(offset, end).map(({ cell }) => ({
      Dimensions: cell.dimensions,
      Collections: request.CurrentMetrics.map((metric) => ({
        Metric: { ...metric },
        Value: value(metricName(metric)!, cell),
      })),
    })),
    ...(end < sorted.length ? { NextToken: Buffer.from(JSON.stringify({ offset: end })).toString('base64url') } : {}),
    DataSnapshotTime: now / 1000,
    ApproximateTotalCount: sorted.length,
  };
}

/**
 * The simulator's estimated wait, in seconds, of the contact at `position` (1-based) in `queue`:
 * position × average handle time ÷ the agents available (at least 1).
 */
export function estimatedWaitSeconds(position: number, queue: StoredQueue): number {
  return (position * queue.averageHandleTimeSeconds) / Math.max(1, queue.agentsAvailable);
}

function offsetOf(token: string): number | undefined {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    return Number.isInteger(offset) && (offset as number) > 0 ? (offset as number) : undefined;
  } catch {
    return undefined;
  }
}
