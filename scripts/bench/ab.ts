import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gatewayTarget, median, type Round, round, startGateway, startSimulator } from './setup.js';

/*
 * `npx tsx scripts/bench/ab.ts --a=dist/before.cjs --b="--max-semi-space-size=32 dist/main.cjs" [--rounds 10] [--requests 3000]`
 *
 * Two gateway variants (node arguments: another bundle, or flags before it) running side by side
 * against one simulator, driven in alternating rounds after a warm-up, so this noisy machine's
 * drift hits both alike. Prints each round's CPU µs/request and the medians: how a change is
 * judged before it is kept (docs/performance.md). To compare with the last commit: build, copy
 * dist/main.cjs to dist/before.cjs, make the change, build again.
 */
const { values: opts } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: 'dist/main.cjs' },
    rounds: { type: 'string', default: '10' },
    requests: { type: 'string', default: '3000' },
    connections: { type: 'string', default: '20' },
  },
});
if (!opts.a) throw new Error('--a "<node arguments of variant A>" is required');

const dir = mkdtempSync(join(tmpdir(), 'chat-ab-'));
const simulator = await startSimulator(dir);
const variants = [
  { name: 'A', args: opts.a },
  { name: 'B', args: opts.b },
];
const servers = await Promise.all(
  variants.map((v) =>
    startGateway(dir, simulator, { nodeArgs: v.args.split(' ').filter(Boolean), name: `variant-${v.name}` }),
  ),
);
try {
  const targets = servers.map((server, i) => gatewayTarget(server, 1, variants[i]?.name));
  const connections = Number(opts.connections);
  for (const t of targets) await round(t, 2000, connections); // warm-up
  const rounds = new Map<string, Round[]>(targets.map((t) => [t.name, []]));
  for (let r = 0; r < Number(opts.rounds); r++) {
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) rounds.get(t.name)?.push(await round(t, Number(opts.requests), connections));
    process.stdout.write(
      `round ${r}: ${targets.map((t) => `${t.name} ${rounds.get(t.name)?.at(-1)?.cpuPerRequestMicros.toFixed(0)}`).join('  ')} µs/request\n`,
    );
  }
  const cpu = (name: string) => median((rounds.get(name) ?? []).map((r) => r.cpuPerRequestMicros));
  const rps = (name: string) => median((rounds.get(name) ?? []).map((r) => r.rps));
  for (const v of variants) {
    process.stdout.write(
      `${v.name} (${v.args}): median ${cpu(v.name).toFixed(0)} µs/request, ${rps(v.name).toFixed(0)} requests/s\n`,
    );
  }
  process.stdout.write(`B/A CPU ${(cpu('B') / cpu('A')).toFixed(3)}\n`);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await simulator.stop();
  rmSync(dir, { recursive: true, force: true });
}
