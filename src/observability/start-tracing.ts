/*
 * Side effect only: starts OpenTelemetry tracing (when OTEL_* asks for it) as soon as this module is
 * evaluated. Import it first in main.ts, or preload it with `node --import`, so the HTTP
 * instrumentation is in place before the AWS SDK loads `node:http`/`node:https`.
 */
import { startTracing } from './tracing.js';

startTracing();
