import type { AvailabilityOperation } from './availability-model.js';
import type { ParticipantOperation } from './participant-model.js';

/**
 * What the simulator can do wrong on purpose. `drop` cuts the connection before the call is
 * handled; `lostReply` handles it (a chat is started) and then cuts the connection, as a network
 * failure after Connect acted would: only ClientToken idempotency saves the retry from a second chat.
 */
export type FaultKind = 'throttle' | 'chatLimit' | 'serverError' | 'latency' | 'drop' | 'hang' | 'lostReply';

/** The Connect and Participant Service operations the simulator serves; a fault can be aimed at one of them. */
export type SimulatedOperation = 'StartChatContact' | 'DescribeContact' | AvailabilityOperation | ParticipantOperation;

/** One injected fault: applies to the next `times` calls (every call when `times` is Infinity). */
export interface Fault {
  readonly kind: FaultKind;
  times: number;
  /** Delay for `latency`, in ms. */
  readonly ms?: number;
  /** Only calls of this operation take it (it waits at the front for one); absent: any Connect or Participant Service call. */
  readonly operation?: SimulatedOperation;
}

const KINDS: readonly FaultKind[] = ['throttle', 'chatLimit', 'serverError', 'latency', 'drop', 'hang', 'lostReply'];

/** A queue of faults; each call consumes at most one, from the front. */
export class FaultQueue {
  private readonly queue: Fault[] = [];

  /**
   * Queues a fault.
   * @param options.times how many calls it affects. @default Infinity (every call)
   * @param options.ms latency in ms, for `latency`. @default 1000
   * @param options.operation only calls of this operation take it. @default any Connect or Participant Service call
   */
  inject(kind: FaultKind, options: { times?: number; ms?: number; operation?: SimulatedOperation } = {}): this {
    this.queue.push({
      kind,
      times: options.times ?? Number.POSITIVE_INFINITY,
      ms: options.ms ?? 1000,
      ...(options.operation ? { operation: options.operation } : {}),
    });
    return this;
  }

  /**
   * Takes the fault at the front of the queue if it is one of `kinds` and aimed at `operation` (or
   * at any call). A fault that does not apply stays at the front for a call it applies to.
   */
  take(kinds: readonly FaultKind[], operation?: SimulatedOperation): Fault | undefined {
    const fault = this.queue[0];
    if (!fault) return this.takeRandom(kinds);
    if (!kinds.includes(fault.kind)) return undefined;
    if (fault.operation !== undefined && fault.operation !== operation) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.queue.shift();
    this.count(fault.kind);
    return fault;
  }

  /** How many faults of each kind were applied, queued or random. */
  readonly applied: Partial<Record<FaultKind, number>> = {};

  private random: { weights: Partial<Record<FaultKind, number>>; ms: number; next: () => number } | undefined;

  /**
   * When the queue is empty, applies faults at random: at each point where a kind can apply, it
   * does with its probability. Seeded, so a failing run can be replayed.
   * @param weights probability per kind, e.g. `{ throttle: 0.1, lostReply: 0.05 }`
   * @param options.ms latency of `latency` faults. @default 1000
   */
  randomly(weights: Partial<Record<FaultKind, number>>, options: { seed?: number; ms?: number } = {}): this {
    let state = (options.seed ?? 1) >>> 0 || 1;
    // xorshift32: small, deterministic, good enough to spread faults.
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 0x1_0000_0000;
    };
    this.random = { weights, ms: options.ms ?? 1000, next };
    return this;
  }

  private takeRandom(kinds: readonly FaultKind[]): Fault | undefined {
    if (!this.random) return undefined;
    for (const kind of kinds) {
      const p = this.random.weights[kind] ?? 0;
      if (p > 0 && this.random.next() < p) {
        this.count(kind);
        return { kind, times: 1, ms: this.random.ms };
      }
    }
    return undefined;
  }

  private count(kind: FaultKind) {
    this.applied[kind] = (this.applied[kind] ?? 0) + 1;
  }

  clear(): void {
    this.queue.length = 0;
    this.random = undefined;
  }
}

/**
 * Parses a fault list such as `throttle:2,latency@300,chatLimit` (kind, optional `:times`,
 * optional `@ms`; no times means every call), as `SIMULATOR_FAULTS` takes it.
 */
export function parseFaults(spec: string): FaultQueue {
  const queue = new FaultQueue();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-zA-Z]+)(?::(\d+))?(?:@(\d+))?$/.exec(part);
    const kind = m?.[1] as FaultKind | undefined;
    if (!m || !kind || !KINDS.includes(kind)) {
      throw new Error(`Invalid fault "${part}": expected kind[:times][@ms] with kind one of ${KINDS.join(', ')}`);
    }
    queue.inject(kind, {
      ...(m[2] ? { times: Number(m[2]) } : {}),
      ...(m[3] ? { ms: Number(m[3]) } : {}),
    });
  }
  return queue;
}
