import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SIMULATOR_CREDENTIALS } from '../../src/simulator/index.js';
import {
  cpuMicros,
  freePort,
  healthy,
  jsonPort,
  type Launch,
  ROOT,
  type ServerProcess,
  startServer,
} from './processes.js';

/*
 * What every bench script shares: the simulator, the gateway with production settings, the
 * baselines, the request each one is driven with, and one measured autocannon round.
 */

const INSTANCE = 'bench-instance';
const FLOW = 'bench-flow';
const REGION = 'us-east-1';

/** A tenants file of `count` tenants on the bench instance; keys `bench-key-<i>`. */
export function tenantsFile(dir: string, count: number): string {
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
  // The simulator serves the Participant Service beside Connect (sendChatMessage, SendMessage).
  AWS_ENDPOINT_URL_CONNECTPARTICIPANT: simulator.url,
  AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
  AWS_REGION: REGION,
});

/** The Connect simulator in its own process, with no added latency. */
export const startSimulator = (dir: string) =>
  startServer(
    ['--import', 'tsx', 'scripts/simulator.ts'],
    { TENANTS_FILE: tenantsFile(dir, 1), SIMULATOR_PORT: '0' },
    dir,
    'simulator',
    (log) => /listening on (http:\/\/\S+)/.exec(log)?.[1],
  );

/**
 * The simulator of the message rounds (scripts/bench/quiet-simulator.ts): no scripted agent, so
 * that Connect only accepts the measured messages (the default agent answers each one).
 */
export const startQuietSimulator = (dir: string) =>
  startServer(
    ['--import', 'tsx', 'scripts/bench/quiet-simulator.ts'],
    { BENCH_INSTANCE_ID: INSTANCE, BENCH_FLOW_ID: FLOW },
    dir,
    'quiet-simulator',
    (log) => /listening on (http:\/\/\S+)/.exec(log)?.[1],
  );

/** How the gateway runs: the bundle `npm run build` writes, as deployed. */
export const BUNDLE_ARGS = ['dist/main.cjs'];
/** The sources through tsx (slower cold start, same steady state). */
export const TSX_ARGS = ['--import', 'tsx', 'src/main.ts'];

/** `KEY=value` arguments (a variant's `--a-env`/`--b-env`) as an environment to add. */
export const envFromPairs = (pairs: readonly string[]): Record<string, string> =>
  Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));

/**
 * The gateway as in production (`NODE_ENV=production`, info logs, metrics on) against the simulator,
 * with rate limits on but too high to trigger (the per-chat and per-tenant write limits included:
 * the message rounds send ≈ 2,000 messages/s over a few hundred chats). `nodeArgs` run it (e.g. {@link BUNDLE_ARGS}, or a profiler's
 * flags before them); `env` adds to or overrides the settings.
 */
export async function startGateway(
  dir: string,
  simulator: ServerProcess,
  options: {
    nodeArgs: readonly string[];
    tenants?: number;
    name?: string;
    env?: Record<string, string>;
    launch?: Launch;
  },
) {
  const port = await freePort();
  return startServer(
    options.nodeArgs,
    {
      ...awsEnv(simulator),
      NODE_ENV: 'production',
      CONNECT_MODE: 'aws',
      PORT: String(port),
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
      TENANTS_FILE: tenantsFile(dir, options.tenants ?? 1),
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_TENANT_PER_MINUTE: '1000000',
      CONNECT_START_CHAT_RATE: '10000',
      CONNECT_START_CHAT_BURST: '10000',
      RATE_LIMIT_CHAT_WRITES_PER_MINUTE: '1000000',
      RATE_LIMIT_TENANT_WRITES_PER_MINUTE: '10000000',
      ...options.env,
    },
    dir,
    options.name ?? `gateway-${options.tenants ?? 1}`,
    healthy(`http://127.0.0.1:${port}`),
    options.launch,
  );
}

/** The reference servers, each a script in scripts/bench/. */
export type ReferenceScript = 'baseline' | 'naive-yoga' | 'lambda-sample';

/**
 * A reference server doing the same SDK calls: `baseline.ts` (bare node:http, same SDK client
 * settings as the gateway), `naive-yoga.ts` (a minimal Yoga schema, nothing else) or
 * `lambda-sample.ts` (AWS's Lambda sample, SDK v3, default client). `cacheMiddleware` sets the
 * SDK clients' middleware cache explicitly (baseline and naive Yoga; the sample keeps the SDK's default);
 * `nodeArgs` go before the script (a profiler's flags); `env` adds to its settings.
 */
export const startReference = (
  dir: string,
  simulator: ServerProcess,
  script: ReferenceScript,
  options: {
    readonly name?: string;
    readonly cacheMiddleware?: boolean;
    readonly nodeArgs?: readonly string[];
    readonly env?: Record<string, string>;
    readonly launch?: Launch;
  } = {},
) =>
  startServer(
    [...(options.nodeArgs ?? []), '--import', 'tsx', `scripts/bench/${script}.ts`],
    {
      ...awsEnv(simulator),
      PORT: '0',
      BENCH_REGION: REGION,
      BENCH_INSTANCE_ID: INSTANCE,
      BENCH_FLOW_ID: FLOW,
      BENCH_CACHE_MIDDLEWARE: options.cacheMiddleware ? 'on' : 'off',
      ...options.env,
    },
    dir,
    options.name ?? script,
    jsonPort(`${script} listening`),
    options.launch,
  );

/** The chat start the GraphQL servers are driven with. */
export const MUTATION = JSON.stringify({
  query:
    'mutation { startChatContact(input: { participantDetails: { displayName: "Bench" } }) { __typename ... on StartChatContactPayload { contactId participantToken } } }',
});

/** The customer's message the gateway is driven with in the message rounds. */
export const MESSAGE_MUTATION = JSON.stringify({
  query:
    'mutation { sendChatMessage(input: { contentType: TEXT_PLAIN, content: "Bench message" }) { __typename ... on SendChatMessagePayload { id at } } }',
});

/**
 * Requests before measuring. The JIT keeps improving a server's CPU per request for the first
 * ≈ 10,000 requests on Node 20 and 22 (round-by-round figures fall ≈ 25 % over that span), but
 * Node 24 tiers the gateway's hot functions up to TurboFan later: `--trace-opt` showed 1.4 s of
 * compiling between its 8,000th and 12,000th chat start, and 60 ms or less per 4,000 only after
 * the 24,000th. Measured after 10,000, Node 24's gateway counted 2,578 thousand instructions per
 * chat start, after 30,000 1,697 (docs/performance.md).
 */
export const WARM_UP_REQUESTS = 30_000;

/** A server under load and the request it gets. */
export interface Target {
  readonly name: string;
  readonly server: ServerProcess;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Text every successful answer contains: a GraphQL error or error result also answers 200. */
  readonly expect?: string;
  /** A header whose value goes round these values, one request after the other (a chat's token). */
  readonly vary?: { readonly header: string; readonly values: readonly string[] };
}

/** The headers of request number `i` of `target`. */
export function headersOf(target: Target, i: number): Record<string, string> {
  const { vary } = target;
  if (!vary || vary.values.length === 0) return target.headers;
  return { ...target.headers, [vary.header]: vary.values[i % vary.values.length] ?? '' };
}

/** The gateway, called with the key of the middle tenant of `tenants`. */
export const gatewayTarget = (server: ServerProcess, tenants = 1, name = 'gateway'): Target => ({
  name,
  server,
  path: '/graphql',
  headers: { 'content-type': 'application/json', 'x-api-key': `bench-key-${Math.floor(tenants / 2)}` },
  body: MUTATION,
  expect: 'StartChatContactPayload',
});

export const baselineTarget = (server: ServerProcess, name = 'baseline'): Target => ({
  name,
  server,
  path: '/',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ displayName: 'Bench' }),
  expect: 'participantToken',
});

export const naiveYogaTarget = (server: ServerProcess): Target => ({
  name: 'naive Yoga',
  server,
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  body: MUTATION,
  expect: 'StartChatContactPayload',
});

/** The Lambda sample, sent what its sample page sends (a display name and the customer's name as an attribute). */
export const lambdaSampleTarget = (server: ServerProcess): Target => ({
  name: 'Lambda sample',
  server,
  path: '/',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ParticipantDetails: { DisplayName: 'Bench' }, Attributes: { customerName: 'Bench' } }),
  expect: 'startChatResult',
});

/** The gateway's sendChatMessage, going round the chats of `participantTokens` (one of the tenant's chats each). */
export const gatewayMessageTarget = (
  server: ServerProcess,
  participantTokens: readonly string[],
  name = 'gateway',
): Target => ({
  name,
  server,
  path: '/graphql',
  headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key-0' },
  body: MESSAGE_MUTATION,
  expect: 'SendChatMessagePayload',
  vary: { header: 'x-participant-token', values: participantTokens },
});

/** The baseline's bare SendMessage, going round the chats of `connectionTokens`. */
export const baselineMessageTarget = (
  server: ServerProcess,
  connectionTokens: readonly string[],
  name = 'baseline',
): Target => ({
  name,
  server,
  path: '/message',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ content: 'Bench message' }),
  expect: '"id"',
  vary: { header: 'x-connection-token', values: connectionTokens },
});

/** What one measured round gave. */
export interface Round {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuPerRequestMicros: number;
  readonly failures: number;
}

/**
 * One autocannon run: `seconds` long (the default), or `amount` requests; CPU measured on the
 * server process around it. Throughput is counted over a fixed duration: autocannon ends an
 * `amount` run on its one-second tick, which rounds requests/s to 4000/2 s or 4000/3 s.
 */
export async function round(
  target: Target,
  load: { readonly seconds: number } | { readonly amount: number },
  connections: number,
  extra: Partial<autocannon.Options> = {},
): Promise<Round> {
  let sent = 0;
  const cpuBefore = cpuMicros(target.server.pid);
  const result = await autocannon({
    url: `${target.server.url}${target.path}`,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    // Only a target whose header varies builds each request anew (autocannon's own CPU, not the server's).
    ...(target.vary
      ? {
          requests: [
            {
              method: 'POST' as const,
              path: target.path,
              body: target.body,
              setupRequest: (request: autocannon.Request) => ({ ...request, headers: headersOf(target, sent++) }),
            },
          ],
        }
      : {}),
    connections,
    ...('seconds' in load ? { duration: load.seconds } : { amount: load.amount }),
    ...extra,
  });
  const cpu = cpuMicros(target.server.pid) - cpuBefore;
  const done = Math.max(1, result.requests.total);
  return {
    rps: 'seconds' in load ? done / load.seconds : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequestMicros: cpu / done,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * `amount` requests of warm-up in two rounds, so that the server sees its client connections close
 * once before anything is measured. The first connections a server ever sees close change the shapes
 * V8 had seen in Node's stream functions: it deoptimises `Readable.read`, `endReadableNT`,
 * `emitCloseNT`, `Writable.destroy` and a dozen more ("wrong map", `--trace-deopt`) and recompiles
 * them over the next ≈ 5,000 requests. Warmed in one round, the gateway paid that in its first
 * measured round (≈ 50 thousand instructions per message of V8 compiling in `bench:instructions`),
 * while the baselines had been through it before their warm-up (their chats connected through
 * them). Every server gets the same two rounds; the second's result is returned.
 */
export async function warmUp(target: Target, amount: number, connections: number): Promise<Round> {
  // autocannon refuses a round of fewer requests than connections: a short warm-up stays one round.
  if (amount < 2 * connections) return round(target, { amount }, connections);
  const first = await round(target, { amount: Math.ceil(amount / 2) }, connections);
  const second = await round(target, { amount: Math.floor(amount / 2) }, connections);
  return { ...second, failures: first.failures + second.failures };
}

/**
 * Warm-up, then `rounds` full-load rounds of `seconds` over `targets` (each target a different
 * server): each round loads them one after the other in alternating order, so that the machine's
 * drift hits each alike, or all at once with `together`. Prints each round's CPU µs/request;
 * returns each target's rounds by its name.
 */
export async function warmedRounds(
  targets: readonly Target[],
  options: {
    readonly rounds: number;
    readonly seconds: number;
    readonly connections: number;
    readonly together?: boolean;
  },
): Promise<Map<string, Round[]>> {
  const { connections } = options;
  for (const t of targets) await warmUp(t, WARM_UP_REQUESTS, connections);
  const rounds = new Map<string, Round[]>(targets.map((t) => [t.name, []]));
  const load = { seconds: options.seconds };
  for (let r = 0; r < options.rounds; r++) {
    if (options.together) {
      const all = await Promise.all(targets.map((t) => round(t, load, connections)));
      targets.forEach((t, i) => {
        const measured = all[i];
        if (measured) rounds.get(t.name)?.push(measured);
      });
    } else {
      const order = r % 2 === 0 ? targets : [...targets].reverse();
      for (const t of order) rounds.get(t.name)?.push(await round(t, load, connections));
    }
    process.stdout.write(
      `round ${r}: ${targets.map((t) => `${t.name} ${rounds.get(t.name)?.at(-1)?.cpuPerRequestMicros.toFixed(0)}`).join('  ')} µs/request\n`,
    );
  }
  return rounds;
}

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** A figure over rounds (or runs): its median and its spread. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export const spread = (values: readonly number[]): Spread => ({
  median: median(values),
  min: values.length ? Math.min(...values) : Number.NaN,
  max: values.length ? Math.max(...values) : Number.NaN,
});

/** Medians of rounds, and every failure. */
export function summary(rounds: readonly Round[]) {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    cpu: median(rounds.map((r) => r.cpuPerRequestMicros)),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
  };
}

/** Checks a server really answers as it should (starts chats, sends messages; not errors) before measuring it. */
export async function assertAnswers(target: Target, i = 0) {
  const response = await fetch(`${target.server.url}${target.path}`, {
    method: 'POST',
    headers: headersOf(target, i),
    body: target.body,
  });
  const text = await response.text();
  if (!response.ok || (target.expect !== undefined && !text.includes(target.expect))) {
    throw new Error(`${target.name} does not answer as it should: ${response.status} ${text.slice(0, 300)}`);
  }
  return text;
}

/** Checks a server really starts chats (not errors) before measuring it. */
export const assertChatStarts = (target: Target) => assertAnswers(target).then(() => undefined);

/** Starts `count` chats through the gateway (its own flow, as the tests do); their participant tokens. */
export async function startChats(gateway: ServerProcess, count: number): Promise<string[]> {
  const target = gatewayTarget(gateway);
  const tokens: string[] = [];
  // A few at a time: quick, and far below the simulator's or the gateway's limits.
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, async () => {
        const text = await assertAnswers(target);
        const token = (JSON.parse(text) as { data?: { startChatContact?: { participantToken?: string } } }).data
          ?.startChatContact?.participantToken;
        if (!token) throw new Error(`no participant token: ${text.slice(0, 300)}`);
        return token;
      }),
    );
    tokens.push(...batch);
  }
  return tokens;
}

/** The connection token of each chat, made by the baseline (CreateParticipantConnection as the gateway makes it). */
export async function connectChats(baseline: ServerProcess, participantTokens: readonly string[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const participantToken of participantTokens) {
    const response = await fetch(`${baseline.url}/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participantToken }),
    });
    const token = ((await response.json()) as { connectionToken?: string }).connectionToken;
    if (!response.ok || !token) throw new Error(`${baseline.url}/connect failed: ${response.status}`);
    tokens.push(token);
  }
  return tokens;
}

/**
 * How long a start took, in ms from spawning the gateway: to answering `/health`, and to its first
 * chat start; and the CPU time the gateway had used by then (every thread, 10 ms ticks), which
 * this machine's stalls blur less than the clock.
 */
export interface ColdStart {
  readonly health: number;
  readonly firstChat: number;
  readonly cpu: number;
}

/**
 * Spawns a gateway (`nodeArgs`: a bundle, or flags before it), times it to its first successful
 * chat start, and stops it. `/health` is polled every 10 ms by {@link startGateway}.
 */
export async function coldStart(
  dir: string,
  simulator: ServerProcess,
  nodeArgs: readonly string[],
  env: Record<string, string> = {},
): Promise<ColdStart> {
  const gateway = await startGateway(dir, simulator, { nodeArgs, env, name: 'cold-start' });
  const health = performance.now() - gateway.startedAt;
  try {
    await assertChatStarts(gatewayTarget(gateway));
    return { health, firstChat: performance.now() - gateway.startedAt, cpu: cpuMicros(gateway.pid) / 1000 };
  } finally {
    await gateway.stop();
  }
}

/**
 * A compile cache for the bundle in `dir`/compile-cache, filled as the Dockerfile fills its own: by
 * loading dist/gateway.cjs once (Node ≥ 22.1 reads and writes it where `NODE_COMPILE_CACHE` points).
 * The env that gives a gateway that cache, or undefined when this Node has no compile cache.
 */
export function warmCompileCache(dir: string): Record<string, string> | undefined {
  if (!('enableCompileCache' in nodeModule)) return undefined;
  const cache = join(dir, 'compile-cache');
  mkdirSync(cache, { recursive: true });
  const env = { NODE_COMPILE_CACHE: cache };
  execFileSync(process.execPath, ['-e', "require('./dist/gateway.cjs')"], {
    cwd: ROOT,
    env: { ...env, PATH: process.env.PATH ?? '' },
  });
  return env;
}
