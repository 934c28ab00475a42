/** What the simulator can do wrong on purpose. */
export type FaultKind = 'throttle' | 'chatLimit' | 'serverError' | 'latency' | 'drop' | 'hang';

/** The Connect operations the simulator serves; a fault can be aimed at one of them. */
export type SimulatedOperation = 'StartChatContact' | 'DescribeContact';

/** One injected fault: applies to the next `times` calls (every call when `times` is Infinity). */
export interface Fault {
  readonly kind: FaultKind;
  times: number;
  /** Delay for `latency`, in ms. */
  readonly ms?: number;
  /** Only calls of this operation take it (it waits at the front for one); absent: any Connect call. */
  readonly operation?: SimulatedOperation;
}

const KINDS: readonly FaultKind[] = ['throttle', 'chatLimit', 'serverError', 'latency', 'drop', 'hang'];

/** A queue of faults; each call consumes at most one, from the front. */
export class FaultQueue {
  private readonly queue: Fault[] = [];

  /**
   * Queues a fault.
   * @param options.times how many calls it affects. @default Infinity (every call)
   * @param options.ms latency in ms, for `latency`. @default 1000
   * @param options.operation only calls of this operation take it. @default any Connect call
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
    if (!fault || !kinds.includes(fault.kind)) return undefined;
    if (fault.operation !== undefined && fault.operation !== operation) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.queue.shift();
    return fault;
  }

  clear(): void {
    this.queue.length = 0;
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
