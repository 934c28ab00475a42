import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { DeserializeMiddleware, HttpHandlerOptions, Pluggable } from '@smithy/types';
import type { CallContext, ConnectOperation } from '../chat/ports.js';
import { type ObservedConnectCall, observeConnectCall, reportConnectCall } from '../observability/connect-calls.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { type CallSignal, withDeadline } from './deadline.js';
import { failedConnectCall } from './map-error.js';
import { classifyConnectError } from './sdk-error.js';

/** An SDK command: its input object, made for this one call, is how the client's middleware finds the call. */
interface SdkCommand {
  readonly input: object;
}

/** One call to run: what it is, for whom, and how to send it and read its answer. */
export interface ConnectCallSpec<C extends SdkCommand, O, R> {
  readonly operation: ConnectOperation;
  /** Where the call goes, for metrics and the failure log (never a secret). */
  readonly target: { readonly region: string; readonly instanceId?: string };
  readonly call: CallContext;
  /** Builds the command (inside the runner, so a failure to build it is reported like any other). */
  readonly command: () => C;
  /**
   * Sends it with the client of the adapter's choice, without per-call options (they would make
   * the SDK resolve the middleware chain again, see {@link connectCallScope}).
   */
  readonly send: (command: C) => Promise<O>;
  /** The caller's own reason to give up before the deadline (a chat feed that stops). */
  readonly signal?: AbortSignal | undefined;
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
      let observed: ObservedConnectCall | undefined;
      try {
        const command = spec.command();
        const observing = observeConnectCall({ operation, region: target.region, metrics: options.metrics });
        observed = observing;
        const output = await withDeadline(
          options.deadlineMs,
          (signal) => {
            enterCall(command.input, { signal, observed: observing });
            return spec.send(command);
          },
          spec.signal,
        );
        leaveCall(command.input);
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

/*
 * Per-call state without per-call send options. The clients resolve each command class's
 * middleware chain once and reuse it (`cacheMiddleware: true`, ≈ 14 % of the gateway's CPU), and
 * smithy's `Client.send` reuses it only for a `send(command)` without options: an `abortSignal`
 * option rebuilds the chain and drops the cache. A reused chain also shares one handler context
 * between concurrent calls, so neither the signal nor the attempt count can live in the context
 * or on the command's own middleware stack (which only the first command of a class contributes).
 *
 * What is per call is the `args` each middleware gets, and `args.input` is the command's input
 * object, made afresh by every `spec.command()`. So the runner registers the call under it, one
 * client-level middleware (added once per client) finds the call there, counts the attempt and
 * tells the HTTP request it is about to send which signal ends it, and the clients' HTTP handler
 * passes that signal to Node's request, which is destroyed when it fires, as with `send`'s own
 * `abortSignal`. Public API only (`middlewareStack.add`, a `NodeHttpHandler` subclass overriding
 * `handle`). Not an AsyncLocalStorage: on Node 20 it turns on promise hooks for the whole process,
 * and the SDK's middleware chain is promise-heavy; the WeakMaps cost a look-up per attempt.
 *
 * What the cached chain loses: the SDK's retry middleware races its backoff sleep against the
 * context's signal, which is no longer there. `withDeadline` still ends the call on time, and the
 * retry that wakes after the deadline carries the fired signal: the HTTP handler refuses it before
 * anything is sent (an `AbortError`, which the retry strategy does not retry).
 */

/** One call in flight: the signal that ends it and where its attempts are told. */
interface CallInFlight {
  readonly signal: CallSignal;
  readonly observed: ObservedConnectCall;
}

/** Calls by their command's input object. Weak: an entry lives as long as the SDK holds the input. */
const callsByInput = new WeakMap<object, CallInFlight>();
/** Calls by the HTTP request of their current attempt, for {@link CallScopedHttpHandler}. */
const callsByRequest = new WeakMap<object, CallInFlight>();

/**
 * Registers a call; an input object sent twice at once would mix two calls' attempts and signals.
 * (Once a call was answered its entry is gone, so only a reuse of a failed or running call's input
 * is caught.)
 */
function enterCall(input: object, call: CallInFlight) {
  if (callsByInput.has(input)) throw new Error('A command input was sent twice: build a new command for each call');
  callsByInput.set(input, call);
}

/**
 * Forgets a call the SDK has answered (no attempt can follow). A failed call's entry is left to
 * the collector: after a deadline the SDK may still wake for a retry, which must find the fired
 * signal. Why forget at all: a WeakMap entry whose key dies young is not dropped by a scavenge; its
 * value (the signal, the call's observation, what they hold) is promoted and waits for a
 * mark-compact (docs/performance.md).
 */
function leaveCall(input: object) {
  callsByInput.delete(input);
}

/**
 * Runs once per attempt: in the `deserialize` step at low priority it is the innermost
 * middleware, below the retry middleware (`finalizeRequest`) and after signing, so the request it
 * sees is the one the HTTP handler gets.
 */
// biome-ignore lint/suspicious/noExplicitAny: one middleware for every command of every client.
const callScopeMiddleware: DeserializeMiddleware<any, any> = (next) => (args) => {
  const call = callsByInput.get(args.input);
  if (!call) return next(args);
  call.observed.countAttempt();
  if (typeof args.request === 'object' && args.request !== null) callsByRequest.set(args.request, call);
  return next(args);
};

/**
 * Add once to each client that the runner sends with (`client.middlewareStack.use(connectCallScope)`),
 * before its first call: with `cacheMiddleware` a later change is not seen.
 */
// biome-ignore lint/suspicious/noExplicitAny: one plugin for every client.
export const connectCallScope: Pluggable<any, any> = {
  applyToStack(stack) {
    stack.add(callScopeMiddleware, {
      step: 'deserialize',
      priority: 'low',
      name: 'chatGatewayCallScope',
      override: true,
    });
  },
};

/**
 * Node's HTTP handler, given the signal of the call each request belongs to: the abort reaches
 * the socket (destroyed at the deadline) without a per-call `abortSignal` send option. A signal
 * passed the SDK's own way still wins.
 */
export class CallScopedHttpHandler extends NodeHttpHandler {
  override handle(request: Parameters<NodeHttpHandler['handle']>[0], options: HttpHandlerOptions = {}) {
    const call = callsByRequest.get(request);
    // Read once per attempt: the call scope middleware sets it again for the next attempt (an
    // unsigned client's attempts share one request object), so it can go now (see leaveCall).
    if (call) callsByRequest.delete(request);
    const signal = options.abortSignal ?? call?.signal;
    return super.handle(request, signal === options.abortSignal ? options : { ...options, abortSignal: signal });
  }
}
