import { captureProcessWarnings } from './observability/process-warnings.js';
import { TRACING_OFF, tracingRequested } from './observability/tracing-switch.js';

/*
 * The entry point. OpenTelemetry must patch node:http before the AWS SDK loads it, so the gateway's
 * modules are imported only after tracing started; and the SDK (≈ 55 ms of start-up) is loaded only
 * when OTEL_* asks for traces.
 */
const warnings = captureProcessWarnings();

async function main() {
  const tracing = tracingRequested() ? (await import('./observability/tracing.js')).startTracing() : TRACING_OFF;
  const { runGateway } = await import('./run-gateway.js');
  await runGateway(tracing, warnings);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad config): print the message plainly, which names the bad key or path.
  warnings.flushToStderr();
  process.stderr.write(`Gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
