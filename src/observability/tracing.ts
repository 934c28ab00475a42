import type { IncomingMessage } from 'node:http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { TRACING_OFF, type Tracing, tracingRequested } from './tracing-switch.js';

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

let current: Tracing | undefined;

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
 * instrumentation patches those modules when they are next required. main.ts does, before it
 * imports the rest of the gateway.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing {
  if (current) return current;
  if (!tracingRequested(env)) {
    current = TRACING_OFF;
    return current;
  }
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME?.trim() ? {} : { serviceName: 'connect-chat-gateway' }),
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
