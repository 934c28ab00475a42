/*
 * Whether tracing runs in this process, without loading the OpenTelemetry SDK (the gateway and the
 * tests import this; only `startTracing` loads the SDK).
 */

let enabled = false;

/** True once `startTracing` started the OpenTelemetry SDK in this process. */
export function tracingEnabled(): boolean {
  return enabled;
}

/** Called by `startTracing` only. */
export function markTracingEnabled(): void {
  enabled = true;
}
