/*
 * Whether the environment asks for traces, decided without loading the OpenTelemetry SDK (≈ 55 ms
 * of start-up that a gateway without a collector should not pay).
 */

/** The running tracing, as `startTracing` left it. */
export interface Tracing {
  /** True when the OpenTelemetry SDK was started. */
  readonly enabled: boolean;
  /** Exports the spans still buffered and stops the SDK; call it on shutdown. */
  shutdown(): Promise<void>;
}

/** No tracing in this process. */
export const TRACING_OFF: Tracing = { enabled: false, shutdown: async () => undefined };

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
