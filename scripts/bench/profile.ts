import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { instructionLaunch, startInstructions, stopInstructions } from './instruction-count.js';
import { memoryMB } from './processes.js';
import {
  BUNDLE_ARGS,
  baselineMessageTarget,
  baselineTarget,
  connectChats,
  gatewayMessageTarget,
  gatewayTarget,
  round,
  startChats,
  startGateway,
  startQuietSimulator,
  startReference,
  startSimulator,
  type Target,
  warmUp,
} from './setup.js';
import { countingSetup, describeCount, startCounting, stopCounting } from './work-count.js';

/*
 * `npm run bench:profile -- [--node-args="--cpu-prof --cpu-prof-dir=/tmp/prof dist/main.cjs"]
 *   [--rounds 4] [--seconds 3] [--requests N --warm-requests N] [--env LOG_LEVEL=debug --env RATE_LIMIT=off] [--keep] [--messages [--chats 500]]
 *   [--baseline [--cache-middleware on|off]] [--count | --instructions [--cache-sim]]`
 *
 * One gateway (bench settings) against the simulator: prints CPU µs/request and RSS per round.
 * Chat starts; with `--messages`, sendChatMessage over `--chats` chats started beforehand, against the
 * quiet simulator (no scripted agent), as the bench's message rounds.
 * Round 0 includes the JIT warming up. `--node-args` runs the gateway with other flags or entry
 * (default: the bundle, built beforehand with `npm run build`); with `--cpu-prof` it writes a CPU
 * profile on exit (open it in Chrome DevTools). `--keep` keeps the servers' logs (e.g. of `--trace-gc`).
 * `--baseline` measures the bench's baseline instead (its bare StartChatContact or SendMessage), with
 * `--node-args` before its script (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof-baseline`): two profiles
 * of the same load to compare. The gateway still runs, plainly, to start the message rounds' chats.
 * `--count` counts the measured server's promises and allocated bytes per request over rounds 1 to
 * the last (count-work.mjs; at least 2 rounds): figures that do not move with the machine's noise,
 * so a change's effect on them shows in one run (its CPU figures are slowed by the counting and
 * mean nothing). `--instructions` runs the measured server under valgrind's callgrind and counts the
 * machine instructions it executes per request over rounds 1 to the last (instruction-count.ts):
 * repeatable on a noisy machine, blind to what cache and TLB misses cost. Give it rounds of a fixed
 * number of requests (`--requests 1500 --warm-requests 30000`: the same work whatever the machine's
 * speed; rounds of a fixed duration count a different share of the JIT's warm-up each time and do
 * not repeat); valgrind slows the server about fifty-fold. `--cache-sim` adds callgrind's
 * simulated cache misses (per request and per thousand instructions).
 * `--env` goes to the measured server: the gateway, or with `--baseline` the baseline.
 */
const { values: opts } = parseArgs({
  options: {
    'node-args': { type: 'string', default: BUNDLE_ARGS.join(' ') },
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '3' },
    requests: { type: 'string' },
    'warm-requests': { type: 'string' },
    connections: { type: 'string', default: '20' },
    env: { type: 'string', multiple: true, default: [] },
    keep: { type: 'boolean', default: false },
    messages: { type: 'boolean', default: false },
    chats: { type: 'string', default: '500' },
    baseline: { type: 'boolean', default: false },
    'cache-middleware': { type: 'string', default: 'on' },
    count: { type: 'boolean', default: false },
    instructions: { type: 'boolean', default: false },
    'cache-sim': { type: 'boolean', default: false },
  },
});

if ((opts.count || opts.instructions) && Number(opts.rounds) < 2) {
  throw new Error('--count and --instructions need --rounds 2 or more: round 0 warms up');
}
const dir = mkdtempSync(join(tmpdir(), 'chat-probe-'));
const env = Object.fromEntries(
  opts.env.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
const simulator = opts.messages ? await startQuietSimulator(dir) : await startSimulator(dir);
const countFile = join(dir, 'count-work.json');
const counting = opts.count ? countingSetup(countFile).nodeArgs : [];
if (opts.count) Object.assign(env, countingSetup(countFile).env);
const instructionFile = join(dir, 'callgrind.out');
const launch = opts.instructions ? instructionLaunch(instructionFile, { cacheSim: opts['cache-sim'] }) : undefined;
const nodeArgs = opts['node-args'].split(' ').filter(Boolean);
const gateway = await startGateway(dir, simulator, {
  nodeArgs: opts.baseline ? BUNDLE_ARGS : [...counting, ...nodeArgs],
  env: opts.baseline ? {} : env,
  ...(opts.baseline ? {} : { launch }),
});
const baseline = opts.baseline
  ? await startReference(dir, simulator, 'baseline', {
      cacheMiddleware: opts['cache-middleware'] === 'on',
      env,
      nodeArgs: [...counting, ...(opts['node-args'] === BUNDLE_ARGS.join(' ') ? [] : nodeArgs)],
      launch,
    })
  : undefined;
const measured = baseline ?? gateway;
try {
  let target: Target;
  if (opts.messages) {
    const chats = await startChats(gateway, Number(opts.chats));
    target = baseline
      ? baselineMessageTarget(baseline, await connectChats(baseline, chats))
      : gatewayMessageTarget(gateway, chats);
  } else target = baseline ? baselineTarget(baseline) : gatewayTarget(gateway);
  const seconds = Number(opts.seconds);
  let counted = 0;
  for (let i = 0; i < Number(opts.rounds); i++) {
    // Counting starts after round 0, where the JIT warms up and first-use work (connections) happens.
    if (opts.count && i === 1) startCounting(measured.pid);
    if (opts.instructions && i === 1) startInstructions(measured.pid);
    const amount = i === 0 ? (opts['warm-requests'] ?? opts.requests) : opts.requests;
    // Round 0 of a number of requests warms up in two (setup.ts, `warmUp`).
    const r =
      i === 0 && amount !== undefined
        ? await warmUp(target, Number(amount), Number(opts.connections))
        : await round(
            target,
            amount === undefined ? { seconds } : { amount: Number(amount) },
            Number(opts.connections),
          );
    if (i >= 1) counted += amount === undefined ? Math.round(r.rps * seconds) : Number(amount);
    process.stdout.write(
      `round ${i}: ${r.rps.toFixed(0)} requests/s, CPU ${r.cpuPerRequestMicros.toFixed(0)} µs/request, RSS ${memoryMB(measured.pid).rss.toFixed(0)} MB, failed ${r.failures}\n`,
    );
  }
  if (opts.count) {
    const count = await stopCounting(measured.pid, countFile);
    process.stdout.write(`counted over ${count.requests} requests: ${describeCount(count)} allocated per request\n`);
  }
  if (opts.instructions) {
    const { compiling, ...events } = stopInstructions(measured.pid, instructionFile, opts.keep);
    process.stdout.write(
      `counted over ${counted} requests: ${((events.Ir ?? 0) / counted / 1000).toFixed(1)} thousand instructions per request, V8 compiling ${((compiling ?? 0) / counted / 1000).toFixed(1)} of them\n`,
    );
    // With --cache-sim: each event per request, and the misses per thousand instructions.
    for (const [event, count] of Object.entries(events)) {
      if (event === 'Ir') continue;
      const perThousand = (count / (events.Ir ?? 1)) * 1000;
      process.stdout.write(
        `  ${event}: ${(count / counted).toFixed(0)} per request, ${perThousand.toFixed(2)} per thousand instructions\n`,
      );
    }
  }
} finally {
  await baseline?.stop();
  await gateway.stop();
  await simulator.stop();
  if (opts.keep) process.stdout.write(`logs kept in ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
