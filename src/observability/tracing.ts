import type { IncomingMessage } from 'node:http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { markTracingEnabled } from './tracing-state.js';

export { tracingEnabled } from './tracing-state.js';

/** The running tracing, as `startTracing` left it. */
export interface Tracing {
  /** True when the OpenTelemetry SDK was started. */
  readonly enabled: boolean;
  /** Exports the spans still buffered and stops the SDK; call it on shutdown. */
  shutdown(): Promise<void>;
}

/** Query parameters whose values never go into a span (GraphQL over GET carries variables in the URL). */
const REDACTED_QUERY_PARAMS = [
  'variables',
  'extensions',
  // The instrumentation's own defaults, which a custom list replaces.
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
];

/** Incoming requests not worth a span: probes and metric scrapes. */
const UNTRACED_PATHS = new Set(['/health', '/readiness', '/metrics']);

const DISABLED: Tracing = { enabled: false, shutdown: async () => undefined };
let current: Tracing | undefined;

const isSet = (value: string | undefined) => value !== undefined && value.trim() !== '';

/**
 * True when the environment asks for traces: an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or an exporter (`OTEL_TRACES_EXPORTER`, not `none`), and
 * not `OTEL_SDK_DISABLED=true`.
 */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (exporters.length > 0 && exporters.every((e) => e === 'none')) return false;
  return (
    exporters.length > 0 || isSet(env.OTEL_EXPORTER_OTLP_ENDPOINT) || isSet(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
  );
}

/**
 * Starts OpenTelemetry tracing when the environment asks for it (see {@link tracingRequested});
 * otherwise does nothing and returns a disabled handle. Idempotent: later calls return the first
 * handle. The SDK reads the standard `OTEL_*` variables itself (endpoint, protocol, headers,
 * service name, sampler, resource attributes). Only traces are exported: the gateway's metrics are
 * Prometheus, its logs pino.
 *
 * Spans: incoming HTTP requests (not probes or scrapes), outgoing HTTP (Connect, STS, the OTLP
 * exporter excepted) and, with the app's `tracing` option, GraphQL execution.
 *
 * Call it before anything imports `node:http`/`node:https` users such as the AWS SDK: the HTTP
 * instrumentation patches those modules when they are next required. From main.ts that means the
 * first import (`import './observability/start-tracing.js'`), since ESM evaluates every static
 * import before the module's own code; or preload it: `node --import tsx --import
 * ./src/observability/start-tracing.ts src/main.ts`.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing {
  if (current) return current;
  if (!tracingRequested(env)) {
    current = DISABLED;
    return current;
  }
  const sdk = new NodeSDK({
    ...(isSet(env.OTEL_SERVICE_NAME) ? {} : { serviceName: 'connect-chat-gateway' }),
    // Traces only: no OTLP metrics or logs exporters (the SDK would start them by default).
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) =>
          UNTRACED_PATHS.has((request.url ?? '/').split('?')[0] ?? '/') || request.method === 'OPTIONS',
        redactedQueryParams: REDACTED_QUERY_PARAMS,
        redactedQueryParamsServer: REDACTED_QUERY_PARAMS,
      }),
    ],
  });
  sdk.start();
  markTracingEnabled();
  let stopped: Promise<void> | undefined;
  current = {
    enabled: true,
    shutdown: () => {
      stopped ??= sdk.shutdown().catch(() => undefined);
      return stopped;
    },
  };
  return current;
}
