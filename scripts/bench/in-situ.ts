import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { baselineTarget, median, spread, startReference, startSimulator, warmedRounds } from './setup.js';

/*
 * `npm run bench:in-situ -- [--work none,http,gateway,execute] [--rounds 8] [--seconds 3] [--loop 20000]`
 *
 * What a piece of the gateway's per-request work costs inside a server under load, against what it
 * costs in a loop. One bench baseline server per `--work` (the bare StartChatContact call, the SDK's
 * middleware cache on), each running that in-process work (scripts/bench/in-situ-work.ts) before
 * every request, driven in rotating rounds at full load as `bench:ab` does. Prints each server's CPU
 * per request and, per round, its difference from the first (`none`): the work's cost in situ.
 * First, in this process, each work's CPU per call in a loop of `--loop` calls, for comparison.
 * `gateway − http` is the gateway's own work (its request and response pair is the server's own,
 * which the baseline already pays). Asserts nothing; noisy like every full-load figure here.
 */
const { values: opts } = parseArgs({
  options: {
    work: { type: 'string', default: 'none,http,gateway,execute' },
    rounds: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    loop: { type: 'string', default: '20000' },
  },
});
const works = opts.work.split(',').filter(Boolean);

// In a loop first (this process, before any server runs), the JIT warmed by as many calls.
const { IN_SITU_WORK, isInSituWork } = await import('./in-situ-work.js');
const loopMicros = new Map<string, number>();
for (const name of works) {
  if (!isInSituWork(name)) throw new Error(`unknown work ${name}: one of ${Object.keys(IN_SITU_WORK).join(', ')}`);
  const work = IN_SITU_WORK[name];
  const calls = Number(opts.loop);
  for (let i = 0; i < calls; i++) await work();
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) await work();
  const used = process.cpuUsage(before);
  loopMicros.set(name, (used.user + used.system) / calls);
}

const dir = mkdtempSync(join(tmpdir(), 'chat-in-situ-'));
const simulator = await startSimulator(dir);
const servers = [];
try {
  for (const name of works) {
    servers.push(
      await startReference(dir, simulator, 'baseline', {
        name: `in-situ-${name}`,
        cacheMiddleware: true,
        env: { BENCH_IN_SITU: name, NODE_ENV: 'production' },
      }),
    );
  }
  const targets = servers.map((server, i) => baselineTarget(server, works[i]));
  const rounds = await warmedRounds(targets, {
    rounds: Number(opts.rounds),
    seconds: Number(opts.seconds),
    connections: Number(opts.connections),
  });
  const cpus = (name: string) => (rounds.get(name) ?? []).map((r) => r.cpuPerRequestMicros);
  const first = cpus(works[0] ?? '');
  const added = (name: string) => cpus(name).map((cpu, i) => cpu - (first[i] ?? cpu));
  for (const name of works) {
    const s = spread(added(name));
    const loop = loopMicros.get(name) ?? 0;
    process.stdout.write(
      `${name.padEnd(8)} ${median(cpus(name)).toFixed(0)} µs/request; adds ${s.median.toFixed(0)} [${s.min.toFixed(0)}–${s.max.toFixed(0)}] µs in situ, ${loop.toFixed(1)} µs in a loop${loop > 1 ? ` (× ${(s.median / loop).toFixed(1)})` : ''}\n`,
    );
  }
  if (works.includes('gateway') && works.includes('http')) {
    const own = added('gateway').map((g, i) => g - (added('http')[i] ?? 0));
    process.stdout.write(
      `gateway − http (the gateway's own work in situ): ${median(own).toFixed(0)} µs per request; in a loop ${((loopMicros.get('gateway') ?? 0) - (loopMicros.get('http') ?? 0)).toFixed(1)} µs\n`,
    );
  }
} finally {
  for (const server of servers) await server.stop();
  await simulator.stop();
  rmSync(dir, { recursive: true, force: true });
}
