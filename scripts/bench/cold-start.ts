import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ColdStart, coldStart, envFromPairs, spread, startSimulator } from './setup.js';

/*
 * `npm run bench:cold-start -- [--a=/tmp/before/main.cjs] [--b=dist/main.cjs] [--starts 7]`
 *   `[--a-env NODE_COMPILE_CACHE=/tmp/cache] [--b-env …]`
 *
 * Starts each gateway variant (node arguments: a bundle, or flags before it) `--starts` times,
 * alternating A and B so that this machine's drift hits both alike, and prints the time from spawn
 * to `/health` and to the first chat start: medians [min–max]. Without `--a`, B alone (the bench's
 * "cold start to first chat start ≤ 500 ms" target, more starts). Each start is a fresh process
 * with production settings against the simulator (scripts/bench/setup.ts `startGateway`).
 */
const { values: opts } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: 'dist/main.cjs' },
    'a-env': { type: 'string', multiple: true, default: [] },
    'b-env': { type: 'string', multiple: true, default: [] },
    starts: { type: 'string', default: '7' },
  },
});

const variants = [
  ...(opts.a ? [{ name: 'A', args: opts.a, env: envFromPairs(opts['a-env']) }] : []),
  { name: 'B', args: opts.b, env: envFromPairs(opts['b-env']) },
].map((v) => ({ ...v, starts: [] as ColdStart[] }));

const dir = mkdtempSync(join(tmpdir(), 'chat-cold-start-'));
const simulator = await startSimulator(dir);
try {
  for (let i = 0; i < Number(opts.starts); i++) {
    for (const v of variants) v.starts.push(await coldStart(dir, simulator, v.args.split(' ').filter(Boolean), v.env));
  }
} finally {
  await simulator.stop();
  rmSync(dir, { recursive: true, force: true });
}

const fmt = (values: number[]) => {
  const s = spread(values);
  return `${s.median.toFixed(0)} [${s.min.toFixed(0)}–${s.max.toFixed(0)}]`;
};
console.log(`node ${process.version}, ${opts.starts} starts of each, alternating; ms from spawn (median [min–max])`);
for (const v of variants) {
  console.log(
    `${v.name} (${v.args}): /health ${fmt(v.starts.map((s) => s.health))}, first chat start ${fmt(v.starts.map((s) => s.firstChat))}; CPU by then ${fmt(v.starts.map((s) => s.cpu))}`,
  );
}
if (variants.length === 2) {
  const [a, b] = variants as [(typeof variants)[0], (typeof variants)[0]];
  const medianOf = (v: typeof a, of: (s: ColdStart) => number) => spread(v.starts.map(of)).median;
  const ratio = (of: (s: ColdStart) => number) => (medianOf(b, of) / medianOf(a, of)).toFixed(3);
  console.log(`B/A: first chat start ${ratio((s) => s.firstChat)}, CPU ${ratio((s) => s.cpu)}`);
}
