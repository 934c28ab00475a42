import type { MiddlewareStack } from '@smithy/types';
import type { CallContext, ConnectOperation } from '../chat/ports.js';
import { observeConnectCall, reportConnectCall } from '../observability/connect-calls.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { withDeadline } from './deadline.js';
import { failedConnectCall } from './map-error.js';
import { classifyConnectError } from './sdk-error.js';

/** An SDK command: its middleware stack is where the runner counts attempts. */
interface SdkCommand {
  // biome-ignore lint/suspicious/noExplicitAny: the stack's input/output types differ per command.
  readonly middlewareStack: MiddlewareStack<any, any>;
}

/** One call to run: what it is, for whom, and how to send it and read its answer. */
export interface ConnectCallSpec<C extends SdkCommand, O, R> {
  readonly operation: ConnectOperation;
  /** Where the call goes, for metrics and the failure log (never a secret). */
  readonly target: { readonly region: string; readonly instanceId?: string };
  readonly call: CallContext;
  /** Builds the command (inside the runner, so a failure to build it is reported like any other). */
  readonly command: () => C;
  /** Sends it with the client of the adapter's choice; the signal fires at the deadline. */
  readonly send: (command: C, abortSignal: AbortSignal) => Promise<O>;
  /** Turns the answer into the domain result; a throw is the call's failure. */
  readonly read: (output: O) => R;
  /**
   * A failure that is an answer, not an error (DescribeContact's unknown contact): its outcome
   * label and the value to return. Undefined: a real failure.
   */
  readonly answer?: (error: unknown) => { readonly outcome: string; readonly value: R } | undefined;
  /**
   * A failure that means something to the caller beyond the usual mapping (the Participant
   * Service's refused token, an ended chat): the error to throw instead. Undefined: the usual
   * mapping (throttling, chat quota, anything else unavailable).
   */
  readonly refuse?: (error: unknown) => Error | undefined;
}

/** Options of {@link createConnectCallRunner}. */
export interface ConnectCallRunnerOptions {
  /** Overall deadline of one call, retries and backoff included. */
  readonly deadlineMs: number;
  /** Latency, outcome and retries of each call. */
  readonly metrics?: GatewayMetrics | undefined;
}

/** Runs Connect calls the same way, whatever the operation and client. */
export interface ConnectCallRunner {
  run<C extends SdkCommand, O, R>(spec: ConnectCallSpec<C, O, R>): Promise<R>;
}

/**
 * The one way a Connect (or Participant Service) call is made: the command is built and sent
 * within the overall deadline (the client's retry strategy retries inside it), its attempts and
 * latency are counted, the request is told (completion line, metrics), and any failure is
 * classified once, logged with its SDK detail and thrown as the domain error a client may see.
 * The client is the adapter's choice (the Connect pool signs with the tenant's credentials; the
 * Participant Service takes bearer tokens), so one runner serves both.
 */
export function createConnectCallRunner(options: ConnectCallRunnerOptions): ConnectCallRunner {
  return {
    async run(spec) {
      const { operation, target, call } = spec;
      let observed: ReturnType<typeof observeConnectCall> | undefined;
      try {
        const command = spec.command();
        observed = observeConnectCall({
          operation,
          region: target.region,
          metrics: options.metrics,
          stack: command.middlewareStack,
        });
        const output = await withDeadline(options.deadlineMs, (abortSignal) => spec.send(command, abortSignal));
        const result = spec.read(output);
        reportConnectCall(call, operation, target.region, observed.finish('ok'));
        return result;
      } catch (error) {
        const answered = spec.answer?.(error);
        if (answered) {
          if (observed) reportConnectCall(call, operation, target.region, observed.finish(answered.outcome));
          return answered.value;
        }
        const refused = spec.refuse?.(error);
        if (refused) {
          if (observed) reportConnectCall(call, operation, target.region, observed.finish(classifyConnectError(error)));
          throw refused;
        }
        throw failedConnectCall(error, operation, target, call, observed?.finish(classifyConnectError(error)));
      }
    },
  };
}
