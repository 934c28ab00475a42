import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { createYoga } from 'graphql-yoga';
import { type Context, createContext } from '../../src/context.js';
import { createSchema } from '../../src/schema/index.js';
import { contextDeps, gateway, logger, viaExecute, viaFetch, viaNode } from './in-process.js';

/*
 * `npx tsx scripts/bench/yoga-request.ts [--requests 20000] [--rounds 5] [--only gateway,bare-yoga,execute]`
 *
 * What one request of the bench's chat start costs in-process, without sockets or the SDK: the
 * Connect call is a fake that answers at once (and reports its call as the real adapter does).
 * Variants over the same schema and the same cached document, in alternating rounds:
 *   - gateway:   the gateway's app (production settings, info logs to /dev/null, metrics) as node:http's
 *                request listener, given the request and response node:http would make, without a socket;
 *   - bare-yoga: the same for a Yoga with Yoga's defaults and the gateway's context, no plugin of ours;
 *   - bare-yoga-native: that Yoga with Node's own Request, Response and Headers (`fetchAPI`) instead of
 *                @whatwg-node/node-fetch's, which @whatwg-node/fetch picks on every Node version;
 *   - gateway-fetch, bare-yoga-fetch: the same apps through an in-process `yoga.fetch` (no Content-Length:
 *                the gateway's body limit counts the body as it streams, as for any body node did not frame);
 *   - execute:   graphql-js `execute` of the parsed and validated document with a context built once.
 * Prints µs per request (wall, sequential awaits: one request at a time; and the process's CPU, which
 * includes V8's helper threads) and KB allocated per request, garbage included. Asserts nothing.
 * Run it with NODE_ENV=production as the gateway runs (graphql-js checks `instanceof` more slowly otherwise).
 * `--cpu-prof <file>` writes a CPU profile of the measured rounds only (start-up and warm-up left out):
 * profile one variant with `--only gateway --cpu-prof /tmp/gateway.cpuprofile`. `--alloc-prof <file>`
 * (with one variant) writes the allocation profile of 2,000 requests. Through tsx, each closure made per
 * request also pays tsx's `__name` (keepNames), which the bundle does not: for profiles, bundle it with
 * esbuild (platform node, format esm) and run the bundle.
 */
const { values: opts } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string', default: 'gateway,bare-yoga,execute' },
    'cpu-prof': { type: 'string' },
    'alloc-prof': { type: 'string' },
  },
});

const bareYoga = createYoga<Record<string, never>, Context>({
  schema: createSchema(),
  logging: false,
  context: (initial) => createContext(contextDeps, initial),
});

// The same bare Yoga on Node's own fetch classes (undici's) instead of @whatwg-node/node-fetch's.
const bareYogaNative = createYoga<Record<string, never>, Context>({
  schema: createSchema(),
  logging: false,
  context: (initial) => createContext(contextDeps, initial),
  fetchAPI: {
    Request: globalThis.Request,
    Response: globalThis.Response,
    Headers: globalThis.Headers,
    fetch: globalThis.fetch,
    ReadableStream: globalThis.ReadableStream,
    TransformStream: globalThis.TransformStream,
    URL: globalThis.URL,
  },
});

const variants: Record<string, () => Promise<void>> = {
  gateway: viaNode(gateway),
  'bare-yoga': viaNode(bareYoga),
  'bare-yoga-native': viaNode(bareYogaNative),
  'gateway-fetch': viaFetch(gateway),
  'bare-yoga-fetch': viaFetch(bareYoga),
  execute: viaExecute,
};
const chosen = opts.only.split(',').map((name) => {
  const run = variants[name];
  if (!run) throw new Error(`unknown variant ${name}: one of ${Object.keys(variants).join(', ')}`);
  return [name, run] as const;
});

/** V8's CPU profiler from an in-process inspector session, so only what runs between start and stop is sampled. */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

async function measure(run: () => Promise<void>, requests: number) {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < requests; i++) await run();
  const micros = ((performance.now() - start) * 1000) / requests;
  const cpu = process.cpuUsage(cpuBefore);
  return { micros, cpuMicros: (cpu.user + cpu.system) / requests };
}

/**
 * Bytes allocated per request, garbage included: V8's sampling heap profiler keeping the samples of
 * collected objects too (heap growth between two readings misses whatever a scavenge took back).
 */
async function allocatedPerRequest(run: () => Promise<void>, requests: number, file?: string) {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < requests; i++) await run();
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  if (file) writeFileSync(file, JSON.stringify(profile));
  type Node = { selfSize: number; children: Node[] };
  const sum = (node: Node): number => node.children.reduce((total, child) => total + sum(child), node.selfSize);
  return sum(profile.head as Node) / requests;
}

const requests = Number(opts.requests);
// Warm-up: the JIT keeps improving for thousands of requests.
for (const [, run] of chosen) await measure(run, requests);
const profiler = opts['cpu-prof'] ? await startProfiler() : undefined;
const figures = new Map<string, { wall: number[]; cpu: number[] }>(
  chosen.map(([name]) => [name, { wall: [], cpu: [] }]),
);
for (let round = 0; round < Number(opts.rounds); round++) {
  for (const [name, run] of round % 2 ? [...chosen].reverse() : chosen) {
    const r = await measure(run, requests);
    figures.get(name)?.wall.push(r.micros);
    figures.get(name)?.cpu.push(r.cpuMicros);
    process.stdout.write(
      `round ${round} ${name.padEnd(9)} ${r.micros.toFixed(1).padStart(6)} µs/request wall, ${r.cpuMicros.toFixed(1).padStart(6)} µs CPU\n`,
    );
  }
}
if (profiler && opts['cpu-prof']) writeFileSync(opts['cpu-prof'], JSON.stringify(await profiler.stop()));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
for (const [name, { wall, cpu }] of figures) {
  process.stdout.write(
    `${name.padEnd(9)} median ${median(wall).toFixed(1)} µs wall, ${median(cpu).toFixed(1)} µs CPU\n`,
  );
}
for (const [name, run] of chosen) {
  const file = opts['alloc-prof'] && chosen.length === 1 ? opts['alloc-prof'] : undefined;
  const bytes = await allocatedPerRequest(run, 2000, file);
  process.stdout.write(`${name.padEnd(9)} ${(bytes / 1024).toFixed(1)} KB allocated per request\n`);
}
logger.flush();
await gateway.dispose();
await bareYoga.dispose();
await bareYogaNative.dispose();
