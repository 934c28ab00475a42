import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Latency, latencyAtRate } from './latency.js';
import { memoryMB, type ServerProcess } from './processes.js';
import {
  assertChatStarts,
  BUNDLE_ARGS,
  baselineTarget,
  gatewayTarget,
  startGateway as launchGateway,
  round as measure,
  median,
  naiveYogaTarget,
  type Round,
  startReference,
  startSimulator,
  summary,
  type Target,
  TSX_ARGS,
  WARM_UP_REQUESTS,
} from './setup.js';

/*
 * `npm run bench [-- --rounds 3 --seconds 3 --connections 20 --rate 400 --soak SECONDS --tsx]`
 *   `[--skip-compare] [--skip-tenants]` (e.g. `--soak 300 --skip-compare --skip-tenants` for the soak alone)
 *
 * The gateway runs as deployed: the esbuild bundle (`npm run build` → dist/main.cjs), built first;
 * `--tsx` runs src/main.ts through tsx instead (slower cold start, same steady state).
 * Compares the gateway (production settings: info logs, metrics on, rate limits too high to
 * trigger) with two references making the same StartChatContact call with the same SDK client
 * settings: the baseline (a bare node:http server) and a naive Yoga server (the framework's floor).
 * All run against the Connect simulator, each in its own process, driven by autocannon with the
 * same connections and request counts in rotating rounds. Prints medians and ratios, never asserts.
 */

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    rate: { type: 'string', default: '400' },
    soak: { type: 'string' },
    'skip-tenants': { type: 'boolean', default: false },
    'skip-compare': { type: 'boolean', default: false },
    tsx: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(opts.rounds);
const SECONDS = Number(opts.seconds);
const CONNECTIONS = Number(opts.connections);
const RATE = Number(opts.rate);
/** Seconds each server runs at the steady rate before its latency is measured. */
const SETTLE_SECONDS = 15;

const dir = mkdtempSync(join(tmpdir(), 'chat-bench-'));
const GATEWAY_ARGS = opts.tsx ? TSX_ARGS : BUNDLE_ARGS;
const startGateway = (simulator: ServerProcess, tenants: number) =>
  launchGateway(dir, simulator, { nodeArgs: GATEWAY_ARGS, tenants });
const round = (target: Target, load: { seconds: number } | { amount: number }, extra = {}) =>
  measure(target, load, CONNECTIONS, extra);

/** Time from spawning the gateway to its first successful chat start, in ms. */
async function coldStart(simulator: ServerProcess): Promise<number> {
  const gateway = await startGateway(simulator, 1);
  const target = gatewayTarget(gateway);
  for (;;) {
    try {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: target.headers,
        body: target.body,
      });
      if ((await response.text()).includes('StartChatContactPayload')) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - gateway.startedAt;
  await gateway.stop();
  return ms;
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

async function main() {
  if (!opts.tsx) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: new URL('../../', import.meta.url).pathname,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const simulator = await startSimulator(dir);
  if (!opts['skip-compare']) {
    const gateway = await startGateway(simulator, 1);
    const baseline = await startReference(dir, simulator, 'baseline');
    const naive = await startReference(dir, simulator, 'naive-yoga');
    const targets = [gatewayTarget(gateway), baselineTarget(baseline), naiveYogaTarget(naive)];
    try {
      for (const t of targets) await assertChatStarts(t);
      process.stdout.write(
        `Node ${process.version}, gateway ${GATEWAY_ARGS.join(' ')}, ${ROUNDS} rotating rounds of ${SECONDS} s, ${CONNECTIONS} connections\n`,
      );
      for (const t of targets) await round(t, { amount: WARM_UP_REQUESTS }); // not counted
      const results = new Map<string, Round[]>(targets.map((t) => [t.name, []]));
      for (let r = 0; r < ROUNDS; r++) {
        // Rotate who goes first, so drift on this noisy machine hits every server alike.
        const order = [...targets.slice(r % targets.length), ...targets.slice(0, r % targets.length)];
        for (const t of order) results.get(t.name)?.push(await round(t, { seconds: SECONDS }));
      }
      // Latency at the same steady load for all three, well below any one's saturation. First a
      // settling run at that rate: the heap full load grew is collected in the next seconds (for a
      // 300 MB heap, `--trace-gc` showed a 4.5 ms pause plus 13 ms of marking steps between
      // requests), which would otherwise land in a measured round.
      for (const t of targets) await latencyAtRate(t, RATE, RATE * SETTLE_SECONDS);
      const latencies = new Map<string, Latency[]>(targets.map((t) => [t.name, []]));
      for (let r = 0; r < ROUNDS; r++) {
        const order = [...targets.slice(r % targets.length), ...targets.slice(0, r % targets.length)];
        for (const t of order) latencies.get(t.name)?.push(await latencyAtRate(t, RATE, RATE * 5));
      }
      const steady = (name: string) => {
        const all = latencies.get(name) ?? [];
        return {
          p50: median(all.map((l) => l.p50)),
          p99: median(all.map((l) => l.p99)),
          failures: all.reduce((sum, l) => sum + l.failures, 0),
        };
      };
      const gl = steady('gateway');
      const bl = steady('baseline');
      const nl = steady('naive Yoga');
      const g = summary(results.get('gateway') ?? []);
      const b = summary(results.get('baseline') ?? []);
      const n = summary(results.get('naive Yoga') ?? []);
      const gMem = memoryMB(gateway.pid);
      const bMem = memoryMB(baseline.pid);
      const nMem = memoryMB(naive.pid);

      const row = (label: string, gv: number, bv: number, nv: number, digits = 0) =>
        process.stdout.write(
          `${label.padEnd(17)}${fmt(gv, digits).padStart(9)}  ${fmt(bv, digits).padStart(9)}  ${fmt(nv, digits).padStart(10)}    ${ratio(gv, bv).padStart(8)}    ${ratio(nv, bv).padStart(10)}\n`,
        );
      process.stdout.write('\n                   gateway   baseline  naive Yoga    gateway/   naive Yoga/\n');
      process.stdout.write('                                                     baseline      baseline\n');
      process.stdout.write(`at full load (${CONNECTIONS} connections, as fast as each answers):\n`);
      row('  requests/s', g.rps, b.rps, n.rps);
      row('  p50 ms', g.p50, b.p50, n.p50, 1);
      row('  p99 ms', g.p99, b.p99, n.p99, 1);
      row('  CPU µs/request', g.cpu, b.cpu, n.cpu);
      row('  peak RSS MB', gMem.peak, bMem.peak, nMem.peak);
      process.stdout.write(`at the same steady load (${RATE} requests/s, ${RATE * 5} per round):\n`);
      row('  p50 ms', gl.p50, bl.p50, nl.p50, 2);
      row('  p99 ms', gl.p99, bl.p99, nl.p99, 2);
      process.stdout.write(
        `failed requests ${g.failures + gl.failures} / ${b.failures + bl.failures} / ${n.failures + nl.failures}\n\n`,
      );
      process.stdout.write(`target CPU ≤ 1.3 × baseline: ${ratio(g.cpu, b.cpu)} — ${verdict(g.cpu <= 1.3 * b.cpu)}\n`);
      process.stdout.write(
        `target throughput ≥ 0.8 × baseline: ${ratio(g.rps, b.rps)} — ${verdict(g.rps >= 0.8 * b.rps)}\n`,
      );
      process.stdout.write(
        `target p99 ≤ 1.5 × baseline at the same load: ${ratio(gl.p99, bl.p99)} — ${verdict(gl.p99 <= 1.5 * bl.p99)}\n`,
      );
    } finally {
      await gateway.stop();
      await baseline.stop();
      await naive.stop();
    }

    const colds: number[] = [];
    for (let i = 0; i < 3; i++) colds.push(await coldStart(simulator));
    process.stdout.write(
      `\ncold start to first chat start (median of 3): ${fmt(median(colds))} ms — target ≤ 500 ms: ${verdict(median(colds) <= 500)}\n`,
    );
  }

  if (!opts['skip-tenants']) {
    // All three side by side, in rotating rounds, so this machine's drift hits them alike.
    const counts = [1, 100, 10_000];
    const servers = await Promise.all(counts.map((count) => startGateway(simulator, count)));
    try {
      const targets = servers.map((server, i) => gatewayTarget(server, counts[i], String(counts[i])));
      const atStart: number[] = [];
      for (const [i, t] of targets.entries()) {
        await assertChatStarts(t);
        atStart.push(memoryMB(servers[i]?.pid ?? 0).rss);
      }
      for (const t of targets) await round(t, { amount: WARM_UP_REQUESTS });
      const rounds = new Map<string, Round[]>(targets.map((t) => [t.name, []]));
      for (let r = 0; r < ROUNDS; r++) {
        const order = [...targets.slice(r % targets.length), ...targets.slice(0, r % targets.length)];
        for (const t of order) rounds.get(t.name)?.push(await round(t, { seconds: SECONDS }));
      }
      process.stdout.write(
        '\ntenants   CPU µs/request   vs 1   RSS MB at start   growth   RSS MB after load (mostly garbage not yet collected)\n',
      );
      const cpuOf = (i: number) => summary(rounds.get(targets[i]?.name ?? '') ?? []).cpu;
      for (const [i, count] of counts.entries()) {
        const start = atStart[i] ?? 0;
        process.stdout.write(
          `${String(count).padStart(7)}   ${fmt(cpuOf(i)).padStart(14)}   ${ratio(cpuOf(i), cpuOf(0)).padStart(4)}   ${fmt(start).padStart(15)}   ${`+${fmt(start - (atStart[0] ?? 0))}`.padStart(6)}   ${fmt(memoryMB(servers[i]?.pid ?? 0).rss).padStart(17)}\n`,
        );
      }
      const cpuRatio = cpuOf(2) / cpuOf(0);
      const growth = (atStart[2] ?? 0) - (atStart[0] ?? 0);
      process.stdout.write(
        `target at 10,000 tenants: CPU ${ratio(cpuOf(2), cpuOf(0))} × 1 tenant, within 5 %: ${verdict(Math.abs(cpuRatio - 1) <= 0.05)}; RSS +${fmt(growth)} MB, < 50 MB: ${verdict(growth < 50)}\n`,
      );
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  }

  if (opts.soak) {
    const seconds = Number(opts.soak);
    const server = await startGateway(simulator, 1);
    const target = gatewayTarget(server);
    try {
      await round(target, { amount: WARM_UP_REQUESTS });
      // Settle at the soak's own rate first: the full-load warm-up leaves a heap V8 shrinks later.
      await round(target, { seconds: 60 }, { overallRate: 200 });
      process.stdout.write(`\nsoak: ${seconds} s at 200 requests/s, RSS every 15 s\n`);
      const samples: number[] = [memoryMB(server.pid).rss];
      const sampler = setInterval(() => {
        const rss = memoryMB(server.pid).rss;
        samples.push(rss);
        process.stdout.write(`  t=${(samples.length - 1) * 15}s RSS ${fmt(rss)} MB\n`);
      }, 15_000);
      const soak = await round(target, { seconds }, { overallRate: 200 });
      clearInterval(sampler);
      samples.push(memoryMB(server.pid).rss);
      // Medians of the first and last minute: one sample can sit on either side of a GC.
      const first = median(samples.slice(0, 4));
      const last = median(samples.slice(-4));
      const growth = ((last - first) / first) * 100;
      process.stdout.write(
        `soak: ${fmt(soak.rps)} requests/s, ${soak.failures} failed; RSS ${fmt(Math.min(...samples))}-${fmt(Math.max(...samples))} MB; first minute ${fmt(first)} MB, last minute ${fmt(last)} MB\n`,
      );
      process.stdout.write(`soak RSS growth: ${fmt(growth, 1)} % — target < 10 %: ${verdict(growth < 10)}\n`);
    } finally {
      await server.stop();
    }
  }
  // The simulator serves every server measured: it must stay small or its pauses land on them.
  const simulatorMemory = memoryMB(simulator.pid);
  process.stdout.write(
    `simulator: RSS ${fmt(simulatorMemory.rss)} MB at the end, peak ${fmt(simulatorMemory.peak)} MB\n`,
  );
  await simulator.stop();
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
