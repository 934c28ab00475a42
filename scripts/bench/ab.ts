import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Latency, latencyAtRate } from './latency.js';
import {
  envFromPairs,
  gatewayMessageTarget,
  gatewayTarget,
  median,
  spread,
  startChats,
  startGateway,
  startQuietSimulator,
  startSimulator,
  warmedRounds,
} from './setup.js';

/*
 * `npm run bench:ab -- --a=/tmp/before/main.cjs --b="--max-semi-space-size=32 dist/main.cjs" [--rounds 10] [--seconds 3]`
 *   `[--a-env LOG_LEVEL=warn] [--b-env RATE_LIMIT=off] [--messages [--chats 500]] [--together]`
 *
 * Two gateway variants (node arguments: another bundle, or flags before it) running side by side
 * against one simulator, driven in alternating rounds after a warm-up, so this noisy machine's
 * drift hits both alike. Prints each round's CPU µs/request and the medians: how a change is
 * judged before it is kept (docs/performance.md). Then latency at a steady `--rate` (default 400/s).
 * An A/A run (`--a=dist/main.cjs --b=dist/main.cjs`: the same build twice) shows the noise floor:
 * how far B/A strays from 1.00 when nothing differs. To compare with the last commit:
 * `npm run build -- --outdir /tmp/before`, make the change, `npm run build` (each main.cjs loads the
 * graphiql.cjs and tracing.cjs beside it: keep builds in separate directories).
 * Chat starts; with `--messages`, sendChatMessage over `--chats` chats started beforehand through
 * variant A, against the quiet simulator (the bench's message rounds). With `--together`, each round
 * loads both variants at the same time (each with its own `--connections`) instead of one after the
 * other: both then see the same moment of a noisy machine, at the price of sharing its cores.
 */
const { values: opts } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: 'dist/main.cjs' },
    'a-env': { type: 'string', multiple: true, default: [] },
    'b-env': { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    rate: { type: 'string', default: '400' },
    messages: { type: 'boolean', default: false },
    chats: { type: 'string', default: '500' },
    together: { type: 'boolean', default: false },
  },
});
if (!opts.a) throw new Error('--a "<node arguments of variant A>" is required');

const dir = mkdtempSync(join(tmpdir(), 'chat-ab-'));
const simulator = opts.messages ? await startQuietSimulator(dir) : await startSimulator(dir);
const variants = [
  { name: 'A', args: opts.a, env: envFromPairs(opts['a-env']) },
  { name: 'B', args: opts.b, env: envFromPairs(opts['b-env']) },
];
const servers = await Promise.all(
  variants.map((v) =>
    startGateway(dir, simulator, {
      nodeArgs: v.args.split(' ').filter(Boolean),
      name: `variant-${v.name}`,
      env: v.env,
    }),
  ),
);
try {
  const first = servers[0];
  const chats = opts.messages && first ? await startChats(first, Number(opts.chats)) : [];
  const targets = servers.map((server, i) =>
    opts.messages
      ? gatewayMessageTarget(server, chats, variants[i]?.name)
      : gatewayTarget(server, 1, variants[i]?.name),
  );
  const connections = Number(opts.connections);
  const rounds = await warmedRounds(targets, {
    rounds: Number(opts.rounds),
    seconds: Number(opts.seconds),
    connections,
    together: opts.together,
  });
  const cpus = (name: string) => (rounds.get(name) ?? []).map((r) => r.cpuPerRequestMicros);
  const cpu = (name: string) => median(cpus(name));
  const rps = (name: string) => median((rounds.get(name) ?? []).map((r) => r.rps));
  const range = (values: readonly number[], digits: number) => {
    const s = spread(values);
    return `[${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`;
  };
  for (const v of variants) {
    process.stdout.write(
      `${v.name} (${v.args}${Object.keys(v.env).length ? ` ${JSON.stringify(v.env)}` : ''}): median ${cpu(v.name).toFixed(0)} ${range(cpus(v.name), 0)} µs/request, ${rps(v.name).toFixed(0)} requests/s\n`,
    );
  }
  // Round r of B against round r of A (they ran back to back): the spread of the pairs.
  const perRound = cpus('B').map((b, i) => b / (cpus('A')[i] ?? b));
  process.stdout.write(
    `B/A CPU ${(cpu('B') / cpu('A')).toFixed(3)} (of the medians; per-round B/A median ${median(perRound).toFixed(3)} ${range(perRound, 3)})\n`,
  );
  const rate = Number(opts.rate);
  const steady = new Map<string, Latency[]>(targets.map((t) => [t.name, []]));
  // An even number of rounds: each variant goes second (after the other's load) equally often.
  for (let r = 0; r < 4; r++) {
    for (const t of r % 2 === 0 ? targets : [...targets].reverse()) {
      steady.get(t.name)?.push(await latencyAtRate(t, rate, rate * 5));
    }
  }
  for (const v of variants) {
    const all = steady.get(v.name) ?? [];
    process.stdout.write(
      `${v.name} at ${rate} requests/s: p50 ${median(all.map((l) => l.p50)).toFixed(2)} ${range(
        all.map((l) => l.p50),
        2,
      )} ms, p99 ${median(all.map((l) => l.p99)).toFixed(2)} ${range(
        all.map((l) => l.p99),
        2,
      )} ms, CPU ${median(all.map((l) => l.cpuPerRequestMicros)).toFixed(0)} µs/request (medians of 4 rounds [min–max])\n`,
    );
  }
  const steadyCpu = (name: string) => median((steady.get(name) ?? []).map((l) => l.cpuPerRequestMicros));
  process.stdout.write(`B/A CPU at ${rate} requests/s ${(steadyCpu('B') / steadyCpu('A')).toFixed(3)}\n`);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await simulator.stop();
  rmSync(dir, { recursive: true, force: true });
}
