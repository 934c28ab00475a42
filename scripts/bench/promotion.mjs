/*
 * `node scripts/bench/promotion.mjs [--calls 10000]` (or one case: `--case weakmap`)
 *
 * What survives the young generation, one pattern at a time: 20 concurrent "calls", each holding
 * ≈ 1.6 KB for 15 ms between allocations that keep the scavenger busy, and in each case one thing
 * a Connect call in the gateway does. Each case runs in its own `node --trace-gc-nvp` process; the
 * bytes its scavenges promoted are summed from that trace. A case that promotes much more than
 * `plain` keeps per-call objects alive past two scavenges, to be collected only by a mark-compact
 * (docs/performance.md, "What outlives the young generation"). Runs on the Node that runs it
 * (`npm exec --package=node@24 -- node scripts/bench/promotion.mjs` for another).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const CASES = {
  /** Nothing but the call's own objects. */
  plain: () => () => undefined,
  /** An AbortController per call, no listener. */
  'abort-signal': () => () => {
    new AbortController();
    return undefined;
  },
  /** An AbortController whose signal gets an `abort` listener, removed when the call ends (the SDK's HTTP handler). */
  'abort-listener': () => () => {
    const controller = new AbortController();
    const onAbort = () => undefined;
    controller.signal.addEventListener('abort', onAbort, { once: true });
    return () => controller.signal.removeEventListener('abort', onAbort);
  },
  /** The same with a plain EventTarget. */
  'event-target-listener': () => () => {
    const target = new EventTarget();
    const onEvent = () => undefined;
    target.addEventListener('event', onEvent);
    return () => target.removeEventListener('event', onEvent);
  },
  /**
   * A long-lived WeakMap given an entry per call (key: an object of the call, alive until it ends;
   * value: ≈ 1.6 KB reachable only through the map, as the call runner's record of a call), never
   * deleted.
   */
  weakmap: () => {
    const calls = new WeakMap();
    return (key) => {
      calls.set(key, record());
      return undefined;
    };
  },
  /** The same, the entry deleted when the call ends. */
  'weakmap-deleted': () => {
    const calls = new WeakMap();
    return (key) => {
      calls.set(key, record());
      return () => calls.delete(key);
    };
  },
};

/** ≈ 1.6 KB. */
const record = () => Array.from({ length: 100 }, (_, i) => ({ i }));

const { values: opts } = parseArgs({
  options: { calls: { type: 'string', default: '10000' }, case: { type: 'string' }, child: { type: 'boolean' } },
});
const calls = Number(opts.calls);

/** Allocations between calls, so that scavenges happen as they would under load. */
const churn = () => Array.from({ length: 300 }, (_, i) => ({ i, text: `x${i}` })).length;

async function runCase(name) {
  const perCall = CASES[name]();
  let done = 0;
  const call = () =>
    new Promise((resolve) => {
      const key = {};
      const held = record();
      const end = perCall(key);
      setTimeout(() => {
        churn();
        end?.();
        // Referenced here, so the call's key and its own ≈ 1.6 KB stay alive until it ends.
        resolve(key === held);
      }, 15);
    });
  const worker = async () => {
    while (done < calls) {
      churn();
      await call();
      done++;
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
}

if (opts.child) {
  await runCase(opts.case);
} else {
  const names = opts.case ? [opts.case] : Object.keys(CASES);
  process.stdout.write(`Node ${process.version}, ${calls} calls per case\n`);
  for (const name of names) {
    if (!(name in CASES)) throw new Error(`no case ${name}: ${Object.keys(CASES).join(', ')}`);
    const child = spawnSync(
      process.execPath,
      ['--trace-gc-nvp', fileURLToPath(import.meta.url), '--child', '--case', name, '--calls', String(calls)],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr.slice(-2000)}`);
    let promoted = 0;
    let scavenges = 0;
    for (const line of child.stdout.split('\n')) {
      if (!line.includes('gc=s ')) continue;
      scavenges++;
      promoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
    }
    process.stdout.write(
      `${name.padEnd(22)} ${(promoted / 1024 / 1024).toFixed(1).padStart(6)} MB promoted in ${scavenges} scavenges (${(promoted / calls).toFixed(0)} bytes per call)\n`,
    );
  }
}
