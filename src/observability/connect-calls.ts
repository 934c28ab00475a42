import type { MiddlewareStack } from '@smithy/types';
import type { Logger } from 'pino';
import type { ConnectCallListener, ConnectCallReport, ConnectOperation } from '../chat/ports.js';
import type { GatewayMetrics } from './metrics.js';

/**
 * Counts the attempts of one SDK command: a middleware in the `deserialize` step sits below the
 * SDK's retry middleware (`finalizeRequest`), so it runs once per attempt, including an attempt the
 * overall deadline cuts short (which `$metadata.attempts` would not report).
 * @returns a reader of the attempts so far
 */
export function countAttempts<I extends object, O extends object>(stack: MiddlewareStack<I, O>): () => number {
  let attempts = 0;
  stack.add(
    (next) => (args) => {
      attempts += 1;
      return next(args);
    },
    { step: 'deserialize', name: 'chatGatewayAttemptCounter', override: true },
  );
  return () => attempts;
}

/**
 * Times one Connect call and counts its attempts. Call `finish(outcome)` once, when it ends: the
 * latency histogram and the retry counter are updated and the report is returned for the log line.
 */
export function observeConnectCall<I extends object, O extends object>(options: {
  readonly operation: ConnectOperation;
  readonly region: string;
  readonly metrics?: GatewayMetrics | undefined;
  readonly stack: MiddlewareStack<I, O>;
}) {
  const started = performance.now();
  const attempts = countAttempts(options.stack);
  return {
    finish(outcome: string): ConnectCallReport {
      const elapsedMs = performance.now() - started;
      options.metrics?.connectCall(options.operation, options.region, outcome, elapsedMs / 1000);
      options.metrics?.connectRetries(options.operation, attempts() - 1);
      return { latencyMs: Math.round(elapsedMs * 10) / 10, attempts: attempts(), outcome };
    },
  };
}

/**
 * A Connect call that ended well: told to the request (its completion line carries the calls'
 * latency and attempts at info) and logged at debug — a second info line per chat start cost CPU
 * for nothing (docs/performance.md). Failures are logged as warnings by the adapters, with the same fields.
 */
export function reportConnectCall(
  call: { readonly logger: Logger; readonly onConnectCall?: ConnectCallListener | undefined },
  operation: ConnectOperation,
  region: string,
  report: ConnectCallReport,
) {
  call.onConnectCall?.(operation, report);
  call.logger.debug({ operation, region, ...report }, `${operation} ${report.outcome}`);
}
