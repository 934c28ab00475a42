import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Latency, latencyAtRate } from './latency.js';
import { memoryMB, type ServerProcess } from './processes.js';
import {
  assertAnswers,
  BUNDLE_ARGS,
  baselineMessageTarget,
  baselineTarget,
  coldStart,
  connectChats,
  gatewayMessageTarget,
  gatewayTarget,
  lambdaSampleTarget,
  startGateway as launchGateway,
  round as measure,
  median,
  naiveYogaTarget,
  type Round,
  type Spread,
  spread,
  startChats,
  startQuietSimulator,
  startReference,
  startSimulator,
  summary,
  type Target,
  TSX_ARGS,
  WARM_UP_REQUESTS,
  warmCompileCache,
} from './setup.js';

/*
 * `npm run bench [-- --rounds 3 --seconds 3 --connections 20 --rate 400 --soak SECONDS --tsx]`
 *   `[--skip-compare] [--skip-messages] [--skip-tenants] [--skip-latency] [--aa]`
 *   `[--cache-middleware both|off|on] [--chats 500] [--warm-up 30000]`
 *   (e.g. `--soak 300 --skip-compare --skip-messages --skip-tenants` for the soak alone)
 *
 * The gateway runs as deployed: the esbuild bundle (`npm run build` → dist/main.cjs), built first;
 * `--tsx` runs src/main.ts through tsx instead (slower cold start, same steady state).
 *
 * Chat starts: the gateway (production settings: info logs, metrics on, rate limits too high to
 * trigger) against references making the same StartChatContact call: the baseline (a bare
 * node:http server with the gateway's SDK client settings), once with the SDK's `cacheMiddleware`
 * off and once on (`--cache-middleware` picks one), naive Yoga (the framework's floor) and AWS's
 * Lambda sample (SDK v3, what users copy today). Messages: the gateway's sendChatMessage against
 * the baseline's bare SendMessage (both ways too), over `--chats` chats each, on a simulator of
 * their own without its scripted agent. `--aa` adds a second gateway to both comparisons: an A/A
 * pair, whose ratio is this machine's noise floor in the same run.
 * Every server runs in its own process against the Connect simulator, driven by autocannon with
 * the same connections in rotating rounds. Prints, for every figure, the median of the rounds and
 * its spread [min–max], and ratios in the same run with the spread of the per-round ratios.
 * Never asserts.
 */

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    rate: { type: 'string', default: '400' },
    soak: { type: 'string' },
    chats: { type: 'string', default: '500' },
    'warm-up': { type: 'string', default: String(WARM_UP_REQUESTS) },
    'cache-middleware': { type: 'string', default: 'both' },
    aa: { type: 'boolean', default: false },
    'skip-tenants': { type: 'boolean', default: false },
    'skip-compare': { type: 'boolean', default: false },
    'skip-messages': { type: 'boolean', default: false },
    'skip-latency': { type: 'boolean', default: false },
    tsx: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(opts.rounds);
const SECONDS = Number(opts.seconds);
const CONNECTIONS = Number(opts.connections);
const RATE = Number(opts.rate);
const CHATS = Number(opts.chats);
/** Requests each server gets before measuring (a quick check of the script: `--warm-up 500`). */
const WARM_UP = Number(opts['warm-up']);
/** Seconds each server runs at the steady rate before its latency is measured. */
const SETTLE_SECONDS = 15;
const CACHE_MODES = { both: [false, true], off: [false], on: [true] }[
  opts['cache-middleware'] as 'both' | 'off' | 'on'
];
if (!CACHE_MODES) throw new Error('--cache-middleware is both, off or on');

const dir = mkdtempSync(join(tmpdir(), 'chat-bench-'));
const GATEWAY_ARGS = opts.tsx ? TSX_ARGS : BUNDLE_ARGS;
const startGateway = (simulator: ServerProcess, tenants: number, name?: string) =>
  launchGateway(dir, simulator, { nodeArgs: GATEWAY_ARGS, tenants, ...(name ? { name } : {}) });
const round = (target: Target, load: { seconds: number } | { amount: number }, extra = {}) =>
  measure(target, load, CONNECTIONS, extra);

/** The baselines' names: with the SDK's middleware cache off, and on. */
const baselineName = (cacheMiddleware: boolean) => (cacheMiddleware ? 'baseline (cached)' : 'baseline');

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
/** `median [min–max]`. */
const fmtSpread = (s: Spread, digits = 0) => `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;

/** What a server gave over the measured rounds. */
interface Measured {
  readonly rounds: Round[];
  readonly latencies: Latency[];
  readonly peakRssMB: number;
}

/**
 * Warm-up, then `ROUNDS` rotating rounds at full load, then (unless `--skip-latency`) latency at
 * the same steady rate in rotating rounds. Every server goes first in turn, so this noisy
 * machine's drift hits every server alike, and round r of each server ran close in time to round
 * r of the others: the per-round ratios pair them.
 */
async function measureAll(targets: readonly Target[]): Promise<Map<string, Measured>> {
  for (const t of targets) await assertAnswers(t);
  for (const t of targets) await round(t, { amount: WARM_UP }); // not counted
  const rounds = new Map<string, Round[]>(targets.map((t) => [t.name, []]));
  const rotated = (r: number) => [...targets.slice(r % targets.length), ...targets.slice(0, r % targets.length)];
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of rotated(r)) rounds.get(t.name)?.push(await round(t, { seconds: SECONDS }));
  }
  const latencies = new Map<string, Latency[]>(targets.map((t) => [t.name, []]));
  if (!opts['skip-latency']) {
    // Latency at the same steady load for all, well below any one's saturation. First a settling run
    // at that rate: the heap full load grew is collected in the next seconds (for a 300 MB heap,
    // `--trace-gc` showed a 4.5 ms pause plus 13 ms of marking steps between requests), which would
    // otherwise land in a measured round.
    for (const t of targets) await latencyAtRate(t, RATE, RATE * SETTLE_SECONDS);
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of rotated(r)) latencies.get(t.name)?.push(await latencyAtRate(t, RATE, RATE * 5));
    }
  }
  // Still answering as it should after the load (a GraphQL error result would answer 200 too).
  for (const t of targets) await assertAnswers(t, 1);
  return new Map(
    targets.map((t) => [
      t.name,
      {
        rounds: rounds.get(t.name) ?? [],
        latencies: latencies.get(t.name) ?? [],
        peakRssMB: memoryMB(t.server.pid).peak,
      },
    ]),
  );
}

/** One figure of a round: full-load rounds and steady-load rounds. */
const FIGURES = [
  { label: 'CPU µs/request', of: (m: Measured) => m.rounds.map((r) => r.cpuPerRequestMicros), digits: 0 },
  { label: 'requests/s', of: (m: Measured) => m.rounds.map((r) => r.rps), digits: 0 },
  { label: 'p50 ms', of: (m: Measured) => m.rounds.map((r) => r.p50), digits: 1 },
  { label: 'p99 ms', of: (m: Measured) => m.rounds.map((r) => r.p99), digits: 1 },
  { label: `p50 ms @${RATE}/s`, of: (m: Measured) => m.latencies.map((l) => l.p50), digits: 2 },
  { label: `p99 ms @${RATE}/s`, of: (m: Measured) => m.latencies.map((l) => l.p99), digits: 2 },
  { label: `CPU µs/req @${RATE}/s`, of: (m: Measured) => m.latencies.map((l) => l.cpuPerRequestMicros), digits: 0 },
] as const;

/**
 * The ratio of two servers' figure: of the medians, and the spread of the per-round ratios (round r
 * of one against round r of the other).
 */
function ratioOf(values: (m: Measured) => readonly number[], a: Measured | undefined, b: Measured | undefined) {
  const av = a ? values(a) : [];
  const bv = b ? values(b) : [];
  const perRound = av.flatMap((v, i) => (bv[i] ? [v / (bv[i] ?? 1)] : []));
  const s = spread(perRound);
  return { ofMedians: median(av) / median(bv), min: s.min, max: s.max };
}

const fmtRatio = (r: { ofMedians: number; min: number; max: number }) =>
  `${fmt(r.ofMedians, 2)} [${fmt(r.min, 2)}–${fmt(r.max, 2)}]`;

/** Prints every server's figures (median [min–max] of the rounds) and the ratios of `pairs`. */
function report(title: string, measured: Map<string, Measured>, pairs: readonly (readonly [string, string])[]) {
  const names = [...measured.keys()];
  const width = Math.max(...names.map((n) => n.length)) + 2;
  process.stdout.write(`\n${title}: median of ${ROUNDS} rounds [min–max]\n`);
  process.stdout.write(`${''.padEnd(width)}${names.map((n) => n.padStart(24)).join('')}\n`);
  for (const figure of FIGURES) {
    const cells = names.map((n) => {
      const values = figure.of(measured.get(n) as Measured);
      return (values.length ? fmtSpread(spread(values), figure.digits) : '—').padStart(24);
    });
    process.stdout.write(`${figure.label.padEnd(width)}${cells.join('')}\n`);
  }
  process.stdout.write(
    `${'peak RSS MB'.padEnd(width)}${names.map((n) => fmt(measured.get(n)?.peakRssMB ?? Number.NaN).padStart(24)).join('')}\n`,
  );
  process.stdout.write(
    `${'failed requests'.padEnd(width)}${names
      .map((n) => {
        const m = measured.get(n);
        const failed = (m?.rounds ?? []).reduce((sum, r) => sum + r.failures, 0);
        return String(failed + (m?.latencies ?? []).reduce((sum, l) => sum + l.failures, 0)).padStart(24);
      })
      .join('')}\n`,
  );
  process.stdout.write('ratios in this run: of the medians [min–max of the per-round ratios]\n');
  const ratioFigures = [FIGURES[0], FIGURES[1], ...(opts['skip-latency'] ? [] : [FIGURES[5], FIGURES[6]])];
  const pairWidth = Math.max(...pairs.map(([a, b]) => `${a} / ${b}`.length)) + 2;
  process.stdout.write(`${''.padEnd(pairWidth)}${ratioFigures.map((f) => f.label.padStart(24)).join('')}\n`);
  for (const [a, b] of pairs) {
    if (!measured.has(a) || !measured.has(b)) continue;
    const cells = ratioFigures.map((f) => fmtRatio(ratioOf(f.of, measured.get(a), measured.get(b))).padStart(24));
    process.stdout.write(`${`${a} / ${b}`.padEnd(pairWidth)}${cells.join('')}\n`);
  }
}

const cpuOf = (measured: Map<string, Measured>, name: string) =>
  median((measured.get(name)?.rounds ?? []).map((r) => r.cpuPerRequestMicros));
const steadyP99Of = (measured: Map<string, Measured>, name: string) =>
  median((measured.get(name)?.latencies ?? []).map((l) => l.p99));
const rpsOf = (measured: Map<string, Measured>, name: string) => summary(measured.get(name)?.rounds ?? []).rps;

/** Which server to put beside the gateway as its A/A twin, and the pairs every report prints. */
const AA = 'gateway (A/A)';
const baselinePairs = (subject: string) =>
  CACHE_MODES.map((cached) => [subject, baselineName(cached)] as const).concat(
    CACHE_MODES.length === 2 ? [[baselineName(true), baselineName(false)] as const] : [],
  );

const simulatorLine = (name: string, simulator: ServerProcess) => {
  const memory = memoryMB(simulator.pid);
  process.stdout.write(`${name}: RSS ${fmt(memory.rss)} MB now, peak ${fmt(memory.peak)} MB\n`);
};

/** Chat starts: the gateway against the baselines, naive Yoga and the Lambda sample. */
async function compareStarts(simulator: ServerProcess) {
  const gateway = await startGateway(simulator, 1);
  const twin = opts.aa ? await startGateway(simulator, 1, 'gateway-aa') : undefined;
  const baselines = await Promise.all(
    CACHE_MODES.map((cached) =>
      startReference(dir, simulator, 'baseline', { name: baselineName(cached), cacheMiddleware: cached }),
    ),
  );
  const naive = await startReference(dir, simulator, 'naive-yoga');
  const sample = await startReference(dir, simulator, 'lambda-sample');
  const targets = [
    gatewayTarget(gateway),
    ...(twin ? [gatewayTarget(twin, 1, AA)] : []),
    ...baselines.map((b, i) => baselineTarget(b, baselineName(CACHE_MODES[i] ?? false))),
    naiveYogaTarget(naive),
    lambdaSampleTarget(sample),
  ];
  try {
    const measured = await measureAll(targets);
    report('chat start (startChatContact)', measured, [
      ...baselinePairs('gateway'),
      ['gateway', 'Lambda sample'],
      ...(twin ? [[AA, 'gateway'] as const] : []),
      ['naive Yoga', baselineName(CACHE_MODES[0] ?? false)],
      ['Lambda sample', baselineName(CACHE_MODES[0] ?? false)],
    ]);
    process.stdout.write('\n');
    for (const cached of CACHE_MODES) {
      const b = baselineName(cached);
      const cpu = cpuOf(measured, 'gateway') / cpuOf(measured, b);
      process.stdout.write(`target CPU ≤ 1.3 × ${b}: ${fmt(cpu, 2)} — ${verdict(cpu <= 1.3)}\n`);
    }
    const vsSample = cpuOf(measured, 'gateway') / cpuOf(measured, 'Lambda sample');
    process.stdout.write(`target CPU below the Lambda sample: ${fmt(vsSample, 2)} — ${verdict(vsSample < 1)}\n`);
    // Throughput and latency against the first baseline (without the cache unless `--cache-middleware on`).
    const b = baselineName(CACHE_MODES[0] ?? false);
    const rps = rpsOf(measured, 'gateway') / rpsOf(measured, b);
    process.stdout.write(`target throughput ≥ 0.8 × ${b}: ${fmt(rps, 2)} — ${verdict(rps >= 0.8)}\n`);
    if (!opts['skip-latency']) {
      const p99 = steadyP99Of(measured, 'gateway') / steadyP99Of(measured, b);
      process.stdout.write(`target p99 ≤ 1.5 × ${b} at the same load: ${fmt(p99, 2)} — ${verdict(p99 <= 1.5)}\n`);
    }
  } finally {
    await Promise.all([gateway, twin, ...baselines, naive, sample].map((s) => s?.stop()));
  }
}

/**
 * Messages: the gateway's sendChatMessage against the baseline's bare SendMessage, on a simulator
 * of their own. Each server gets its own `CHATS` chats and goes round them (tens of messages per
 * chat, as in a conversation); the gateway makes each chat's connection on its first message
 * (during the warm-up) and keeps it, the baseline gets the connection tokens made beforehand.
 */
async function compareMessages() {
  const simulator = await startQuietSimulator(dir);
  const gateway = await startGateway(simulator, 1);
  const twin = opts.aa ? await startGateway(simulator, 1, 'gateway-aa') : undefined;
  const baselines = await Promise.all(
    CACHE_MODES.map((cached) =>
      startReference(dir, simulator, 'baseline', { name: baselineName(cached), cacheMiddleware: cached }),
    ),
  );
  try {
    const targets = [gatewayMessageTarget(gateway, await startChats(gateway, CHATS))];
    if (twin) targets.push(gatewayMessageTarget(twin, await startChats(gateway, CHATS), AA));
    for (const [i, baseline] of baselines.entries()) {
      const connections = await connectChats(baseline, await startChats(gateway, CHATS));
      targets.push(baselineMessageTarget(baseline, connections, baselineName(CACHE_MODES[i] ?? false)));
    }
    const measured = await measureAll(targets);
    report(`message (sendChatMessage vs SendMessage, ${CHATS} chats each)`, measured, [
      ...baselinePairs('gateway'),
      ...(twin ? [[AA, 'gateway'] as const] : []),
    ]);
    process.stdout.write('\n');
    for (const cached of CACHE_MODES) {
      const b = baselineName(cached);
      const cpu = cpuOf(measured, 'gateway') / cpuOf(measured, b);
      process.stdout.write(`target message CPU ≤ 1.3 × ${b}: ${fmt(cpu, 2)} — ${verdict(cpu <= 1.3)}\n`);
    }
    simulatorLine('message simulator', simulator);
  } finally {
    await Promise.all([gateway, twin, ...baselines].map((s) => s?.stop()));
    await simulator.stop();
  }
}

async function main() {
  if (!opts.tsx) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: new URL('../../', import.meta.url).pathname,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  // BENCH_COMMIT names the commit of a tree exported to run apart from a shared working tree.
  const git = (...args: string[]) => spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? '';
  const dirty = git('status', '--porcelain', '--', 'src', 'scripts') ? ' (with uncommitted changes)' : '';
  const commit = process.env.BENCH_COMMIT ?? `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${dirty}`;
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(', ');
  process.stdout.write(
    `Node ${process.version}, commit ${commit}, gateway ${GATEWAY_ARGS.join(' ')}, ${ROUNDS} rotating rounds of ${SECONDS} s, ${CONNECTIONS} connections; load average ${load()}\n`,
  );
  const simulator = await startSimulator(dir);
  if (!opts['skip-compare']) {
    await compareStarts(simulator);
    const colds: number[] = [];
    for (let i = 0; i < 3; i++) colds.push((await coldStart(dir, simulator, GATEWAY_ARGS)).firstChat);
    process.stdout.write(
      `\ncold start to first chat start (median of 3 [min–max]): ${fmtSpread(spread(colds))} ms — target ≤ 500 ms: ${verdict(median(colds) <= 500)}\n`,
    );
    const cached = opts.tsx ? undefined : warmCompileCache(dir);
    if (cached) {
      const warm: number[] = [];
      for (let i = 0; i < 3; i++) warm.push((await coldStart(dir, simulator, GATEWAY_ARGS, cached)).firstChat);
      process.stdout.write(
        `  with V8's compile cache filled as the Dockerfile does (NODE_COMPILE_CACHE): ${fmtSpread(spread(warm))} ms — ${verdict(median(warm) <= 500)}\n`,
      );
    }
  }
  if (!opts['skip-messages']) await compareMessages();

  if (!opts['skip-tenants']) {
    // All three side by side, in rotating rounds, so this machine's drift hits them alike.
    const counts = [1, 100, 10_000];
    const servers = await Promise.all(counts.map((count) => startGateway(simulator, count)));
    try {
      const targets = servers.map((server, i) => gatewayTarget(server, counts[i], String(counts[i])));
      const atStart: number[] = [];
      for (const [i, t] of targets.entries()) {
        await assertAnswers(t);
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
  simulatorLine('simulator', simulator);
  process.stdout.write(`load average at the end ${load()}\n`);
  await simulator.stop();
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
