import type { Logger } from 'pino';
import type { ConnectCallListener, ConnectCallReport, ConnectOperation } from '../chat/ports.js';
import type { GatewayMetrics } from './metrics.js';

/** What {@link observeConnectCall} returns: where the call's attempts are told, and its end. */
export interface ObservedConnectCall {
  /** One attempt went out (the client-level middleware of connect/call-runner.ts calls it, once per attempt). */
  countAttempt(): void;
  /** The call ended: the latency histogram and the retry counter are updated, the report returned for the log line. */
  finish(outcome: string): ConnectCallReport;
}

/**
 * Times one Connect call and counts its attempts, including an attempt the overall deadline cuts
 * short (which `$metadata.attempts` would not report). Call `finish(outcome)` once, when it ends.
 */
export function observeConnectCall(options: {
  readonly operation: ConnectOperation;
  readonly region: string;
  readonly metrics?: GatewayMetrics | undefined;
}): ObservedConnectCall {
  const started = performance.now();
  let attempts = 0;
  return {
    countAttempt() {
      attempts += 1;
    },
    finish(outcome) {
      const elapsedMs = performance.now() - started;
      options.metrics?.connectCall(options.operation, options.region, outcome, elapsedMs / 1000);
      options.metrics?.connectRetries(options.operation, attempts - 1);
      return { latencyMs: Math.round(elapsedMs * 10) / 10, attempts, outcome };
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
