import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ConnectOperation } from '../chat/ports.js';

/** The tenant label of a request refused before its tenant was resolved (never a raw header value). */
export const UNKNOWN_TENANT = 'unknown';

/**
 * The gateway's Prometheus metrics, in a registry of their own (never prom-client's global one, so
 * two apps in one process, as in the tests, do not collide). Every label value comes from a bounded
 * set: resolved tenant IDs, schema field and type names, error codes, regions.
 */
export interface GatewayMetrics {
  /** Serve this with `createMetricsServer` (off the public port). */
  readonly registry: Registry;
  /**
   * One finished GraphQL request. `tenant` must be the ID of a resolved tenant; `undefined` (refused
   * before resolution) counts as `unknown`.
   */
  requestCompleted(tenant: string | undefined, operation: string, outcome: string): void;
  /** One Connect call (retries included) and how long it took, in seconds. */
  connectCall(operation: ConnectOperation, region: string, outcome: string, seconds: number): void;
  /** Retries made within one Connect call (attempts minus one). */
  connectRetries(operation: ConnectOperation, retries: number): void;
  /**
   * A request refused by a gateway rate limit. `tenant`: the resolved tenant's ID, `undefined` when
   * the limit applies before the tenant is known (e.g. per client IP); `limit`: which limit, from a
   * fixed set such as `tenant`, `ip`, `connect`.
   */
  rateLimitRejected(tenant: string | undefined, limit: string): void;
  /** A chatEvents stream opened (+1) or closed (-1) in this process. */
  eventStreamsChanged(delta: 1 | -1): void;
}

/** Seconds: Connect answers in tens of milliseconds; the deadline is 8 s by default, 60 s at most. */
const CONNECT_LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const SAFE_LABEL = /^[A-Za-z0-9_.:,+-]{1,100}$/;

/**
 * Label values found safe, so that each is tested once: a request's five label values (tenant,
 * operation, outcome, region, Connect outcome) are the same few strings again and again, and a
 * regular expression test costs more than a lookup (≈ 4.6 thousand instructions per message,
 * docs/performance.md). Bounded: past {@link MAX_KNOWN_LABELS}, values are tested every time.
 */
const knownSafe = new Set<string>();
const MAX_KNOWN_LABELS = 10_000;

/** A label value, or `other` for anything outside the expected shape (keeps the series bounded and valid). */
export function labelValue(value: string | undefined, fallback = 'other'): string {
  if (value === undefined) return fallback;
  if (knownSafe.has(value)) return value;
  if (!SAFE_LABEL.test(value)) return fallback;
  if (knownSafe.size < MAX_KNOWN_LABELS) knownSafe.add(value);
  return value;
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Also collect prom-client's default process metrics (CPU, memory, event loop, GC). @default true */
  readonly defaultMetrics?: boolean;
}

/** Creates the metrics in a new registry. */
export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'chat_gateway_requests_total',
    help: 'GraphQL requests by resolved tenant, operation (root fields) and outcome (result type or error code).',
    labelNames: ['tenant', 'operation', 'outcome'] as const,
    registers: [registry],
  });
  const connectLatency = new Histogram({
    name: 'chat_gateway_connect_latency_seconds',
    help: 'Duration of Connect calls, retries and backoff included.',
    labelNames: ['operation', 'region', 'outcome'] as const,
    buckets: CONNECT_LATENCY_BUCKETS,
    registers: [registry],
  });
  const connectRetries = new Counter({
    name: 'chat_gateway_connect_retries_total',
    help: 'Retries of Connect calls made by the AWS SDK (attempts beyond the first).',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const rateLimitRejections = new Counter({
    name: 'chat_gateway_rate_limit_rejections_total',
    help: 'Requests refused by a gateway rate limit, by resolved tenant and limit.',
    labelNames: ['tenant', 'limit'] as const,
    registers: [registry],
  });

  const openStreams = new Gauge({
    name: 'chat_gateway_open_event_streams',
    help: 'chatEvents streams open in this process (each holds one Connect websocket).',
    registers: [registry],
  });

  return {
    registry,
    requestCompleted(tenant, operation, outcome) {
      requests.inc({
        tenant: labelValue(tenant, UNKNOWN_TENANT),
        operation: labelValue(operation),
        outcome: labelValue(outcome),
      });
    },
    connectCall(operation, region, outcome, seconds) {
      connectLatency.observe({ operation, region: labelValue(region), outcome: labelValue(outcome) }, seconds);
    },
    connectRetries(operation, retries) {
      // Always touch the series, so a scrape shows 0 before the first retry.
      connectRetries.inc({ operation }, Math.max(0, retries));
    },
    rateLimitRejected(tenant, limit) {
      rateLimitRejections.inc({ tenant: labelValue(tenant, UNKNOWN_TENANT), limit: labelValue(limit) });
    },
    eventStreamsChanged(delta) {
      openStreams.inc(delta);
    },
  };
}
