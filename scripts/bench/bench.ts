import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { SIMULATOR_CREDENTIALS } from '../../src/simulator/index.js';
import { cpuMicros, jsonPort, memoryMB, type ServerProcess, startServer } from './processes.js';

/*
 * `npm run bench [-- --rounds 3 --requests 4000 --connections 20 --soak SECONDS --tsx]`
 *
 * The gateway runs as deployed: the esbuild bundle (`npm run build` → dist/main.cjs), built first;
 * `--tsx` runs src/main.ts through tsx instead (slower cold start, same steady state).
 * Compares the gateway (production settings: info logs, metrics on, rate limits too high to
 * trigger) with a baseline doing the same StartChatContact call through a bare node:http server,
 * both against the Connect simulator in its own process, driven by autocannon with the same
 * connections and request counts in alternating rounds. Prints ratios, never asserts.
 */

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    requests: { type: 'string', default: '4000' },
    connections: { type: 'string', default: '20' },
    soak: { type: 'string' },
    'skip-tenants': { type: 'boolean', default: false },
    tsx: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(opts.rounds);
const REQUESTS = Number(opts.requests);
const CONNECTIONS = Number(opts.connections);

const dir = mkdtempSync(join(tmpdir(), 'chat-bench-'));
const INSTANCE = 'bench-instance';
const FLOW = 'bench-flow';
const REGION = 'us-east-1';

function tenantsFile(count: number): string {
  const file = join(dir, `tenants-${count}.json`);
  const tenants = Array.from({ length: count }, (_, i) => ({
    id: `tenant-${i}`,
    apiKeys: [`bench-key-${i}`],
    allowedOrigins: [`https://t${i}.bench.test`],
    connect: { region: REGION, instanceId: INSTANCE, contactFlowId: FLOW },
  }));
  writeFileSync(file, JSON.stringify({ tenants }));
  return file;
}

const awsEnv = (simulator: ServerProcess) => ({
  AWS_ENDPOINT_URL_CONNECT: simulator.url,
  AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
  AWS_REGION: REGION,
});

const startSimulator = () =>
  startServer(
    ['--import', 'tsx', 'scripts/simulator.ts'],
    { TENANTS_FILE: tenantsFile(1), SIMULATOR_PORT: '0' },
    dir,
    'simulator',
    (log) => /listening on (http:\/\/\S+)/.exec(log)?.[1],
  );

const GATEWAY_ARGS = opts.tsx ? ['--import', 'tsx', 'src/main.ts'] : ['dist/main.cjs'];

const startGateway = (simulator: ServerProcess, tenants: number) =>
  startServer(
    GATEWAY_ARGS,
    {
      ...awsEnv(simulator),
      NODE_ENV: 'production',
      CONNECT_MODE: 'aws',
      PORT: '0',
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
      TENANTS_FILE: tenantsFile(tenants),
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_TENANT_PER_MINUTE: '1000000',
      CONNECT_START_CHAT_RATE: '10000',
      CONNECT_START_CHAT_BURST: '10000',
    },
    dir,
    `gateway-${tenants}`,
    jsonPort('gateway listening'),
  );

const startBaseline = (simulator: ServerProcess) =>
  startServer(
    ['--import', 'tsx', 'scripts/bench/baseline.ts'],
    { ...awsEnv(simulator), PORT: '0', BENCH_REGION: REGION, BENCH_INSTANCE_ID: INSTANCE, BENCH_FLOW_ID: FLOW },
    dir,
    'baseline',
    jsonPort('baseline listening'),
  );

const MUTATION = JSON.stringify({
  query:
    'mutation { startChatContact(input: { participantDetails: { displayName: "Bench" } }) { __typename ... on StartChatContactPayload { contactId participantToken } } }',
});

interface Target {
  readonly name: string;
  readonly server: ServerProcess;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const gatewayTarget = (server: ServerProcess, tenants = 1): Target => ({
  name: 'gateway',
  server,
  path: '/graphql',
  headers: { 'content-type': 'application/json', 'x-api-key': `bench-key-${Math.floor(tenants / 2)}` },
  body: MUTATION,
});
const baselineTarget = (server: ServerProcess): Target => ({
  name: 'baseline',
  server,
  path: '/',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ displayName: 'Bench' }),
});

interface Round {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuPerRequestMicros: number;
  readonly failures: number;
}

/** One autocannon run of `amount` requests; CPU measured on the server process around it. */
async function round(target: Target, amount: number, extra: Partial<autocannon.Options> = {}): Promise<Round> {
  const cpuBefore = cpuMicros(target.server.pid);
  const result = await autocannon({
    url: `${target.server.url}${target.path}`,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    connections: CONNECTIONS,
    amount,
    ...extra,
  });
  const cpu = cpuMicros(target.server.pid) - cpuBefore;
  const done = result.requests.total || amount;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequestMicros: cpu / done,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

function summary(rounds: readonly Round[]) {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    cpu: median(rounds.map((r) => r.cpuPerRequestMicros)),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
  };
}

/** Checks the gateway really starts chats (not errors) before measuring it. */
async function assertChatStarts(target: Target) {
  const response = await fetch(`${target.server.url}${target.path}`, {
    method: 'POST',
    headers: target.headers,
    body: target.body,
  });
  const text = await response.text();
  if (!response.ok || (target.name === 'gateway' && !text.includes('StartChatContactPayload'))) {
    throw new Error(`${target.name} does not start chats: ${response.status} ${text.slice(0, 300)}`);
  }
}

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
  const simulator = await startSimulator();
  const gateway = await startGateway(simulator, 1);
  const baseline = await startBaseline(simulator);
  const targets = [gatewayTarget(gateway), baselineTarget(baseline)];
  try {
    for (const t of targets) await assertChatStarts(t);
    process.stdout.write(
      `Node ${process.version}, gateway ${GATEWAY_ARGS.join(' ')}, ${ROUNDS} alternating rounds of ${REQUESTS} requests, ${CONNECTIONS} connections\n`,
    );
    for (const t of targets) await round(t, Math.min(1000, REQUESTS)); // warm-up, not counted
    const results: Record<string, Round[]> = { gateway: [], baseline: [] };
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate who goes first, so drift on this noisy machine hits both.
      for (const t of r % 2 === 0 ? targets : [...targets].reverse()) results[t.name]?.push(await round(t, REQUESTS));
    }
    const g = summary(results.gateway ?? []);
    const b = summary(results.baseline ?? []);
    const gMem = memoryMB(gateway.pid);
    const bMem = memoryMB(baseline.pid);

    process.stdout.write('\n                 gateway     baseline    gateway/baseline\n');
    process.stdout.write(
      `requests/s     ${fmt(g.rps).padStart(9)}    ${fmt(b.rps).padStart(9)}    ${ratio(g.rps, b.rps)}\n`,
    );
    process.stdout.write(
      `p50 ms         ${fmt(g.p50, 1).padStart(9)}    ${fmt(b.p50, 1).padStart(9)}    ${ratio(g.p50, b.p50)}\n`,
    );
    process.stdout.write(
      `p99 ms         ${fmt(g.p99, 1).padStart(9)}    ${fmt(b.p99, 1).padStart(9)}    ${ratio(g.p99, b.p99)}\n`,
    );
    process.stdout.write(
      `CPU µs/request ${fmt(g.cpu).padStart(9)}    ${fmt(b.cpu).padStart(9)}    ${ratio(g.cpu, b.cpu)}\n`,
    );
    process.stdout.write(
      `peak RSS MB    ${fmt(gMem.peak).padStart(9)}    ${fmt(bMem.peak).padStart(9)}    ${ratio(gMem.peak, bMem.peak)}\n`,
    );
    process.stdout.write(`failed requests ${g.failures} / ${b.failures}\n\n`);
    process.stdout.write(`target CPU ≤ 1.3 × baseline: ${ratio(g.cpu, b.cpu)} — ${verdict(g.cpu <= 1.3 * b.cpu)}\n`);
    process.stdout.write(
      `target throughput ≥ 0.8 × baseline: ${ratio(g.rps, b.rps)} — ${verdict(g.rps >= 0.8 * b.rps)}\n`,
    );
    process.stdout.write(`target p99 ≤ 1.5 × baseline: ${ratio(g.p99, b.p99)} — ${verdict(g.p99 <= 1.5 * b.p99)}\n`);
  } finally {
    await gateway.stop();
    await baseline.stop();
  }

  const colds: number[] = [];
  for (let i = 0; i < 3; i++) colds.push(await coldStart(simulator));
  process.stdout.write(
    `\ncold start to first chat start (median of 3): ${fmt(median(colds))} ms — target ≤ 500 ms: ${verdict(median(colds) <= 500)}\n`,
  );

  if (!opts['skip-tenants']) {
    process.stdout.write('\ntenants   CPU µs/request   RSS MB   vs 1 tenant\n');
    let one: { cpu: number; rss: number } | undefined;
    for (const count of [1, 100, 10_000]) {
      const server = await startGateway(simulator, count);
      const target = gatewayTarget(server, count);
      try {
        await assertChatStarts(target);
        await round(target, Math.min(1000, REQUESTS));
        const rounds: Round[] = [];
        for (let r = 0; r < ROUNDS; r++) rounds.push(await round(target, REQUESTS));
        const cpu = summary(rounds).cpu;
        const rss = memoryMB(server.pid).rss;
        one ??= { cpu, rss };
        process.stdout.write(
          `${String(count).padStart(7)}   ${fmt(cpu).padStart(14)}   ${fmt(rss).padStart(6)}   CPU ${ratio(cpu, one.cpu)}, RSS +${fmt(rss - one.rss)} MB\n`,
        );
      } finally {
        await server.stop();
      }
    }
    process.stdout.write('target at 10,000 tenants: CPU within 5 % of 1 tenant, RSS growth < 50 MB\n');
  }

  if (opts.soak) {
    const seconds = Number(opts.soak);
    const server = await startGateway(simulator, 1);
    const target = gatewayTarget(server);
    try {
      await round(target, 1000);
      const start = memoryMB(server.pid).rss;
      process.stdout.write(`\nsoak: ${seconds} s at 200 requests/s; RSS ${fmt(start)} MB at start\n`);
      const samples: number[] = [];
      const sampler = setInterval(() => {
        const rss = memoryMB(server.pid).rss;
        samples.push(rss);
        process.stdout.write(`  t=${samples.length * 5}s RSS ${fmt(rss)} MB\n`);
      }, 5000);
      await round(target, Number.MAX_SAFE_INTEGER, { amount: undefined, duration: seconds, overallRate: 200 });
      clearInterval(sampler);
      const end = memoryMB(server.pid).rss;
      const growth = ((end - start) / start) * 100;
      process.stdout.write(`soak RSS growth: ${fmt(growth, 1)} % — target < 10 %: ${verdict(growth < 10)}\n`);
    } finally {
      await server.stop();
    }
  }
  await simulator.stop();
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
