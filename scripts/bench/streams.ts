import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SIMULATOR_CREDENTIALS } from '../../src/simulator/index.js';
import { collectGarbage, type HeapAfterGc, inspectorArgs, startProfile, writeHeapSnapshot } from './inspector.js';
import { cpuMicros, freePort, healthy, jsonPort, memoryMB, type ServerProcess, startServer } from './processes.js';
import { forkHelper, type Helper } from './rpc.js';
import { MUTATION, TSX_ARGS, tenantsFile } from './setup.js';
import type { StreamTarget } from './stream-clients.js';

/*
 * `npx tsx scripts/bench/streams.ts [--streams 1000,5000,10000] [--messages 5000] [--rate 500]`
 *   `[--warm-up 2000] [--idle-seconds 5] [--concurrency 100] [--tsx] [--gateway-node-args="--trace-gc"] [--keep-logs]`
 *   `[--heap-snapshots DIR] [--direct-path on|off]`
 *
 * Open chatEvents streams in ONE gateway process, against a bare websocket-to-SSE relay
 * (scripts/bench/bare-relay.ts) in the same run. Four processes: the Connect simulator (its agent
 * driven by this script), the relay under measurement (the gateway with production settings, or
 * the bare relay), the SSE clients, and this script. For each N: N chats started through the
 * gateway, the agent joined to each, then for each relay in turn: N streams opened (one per chat),
 * the relay's RSS before and after, its CPU while idle, `warm-up` messages unmeasured, then the
 * agent sends `messages` messages at `rate` per second round robin over the chats: CPU per relayed
 * message, and the latency from the agent's send (in the simulator) to the SSE client (p50, p99).
 * Last, a full garbage collection through the relay's inspector (`--inspect` on loopback) shows
 * what the open streams hold live. Prints figures, ratios and the targets (issue 15); asserts nothing.
 */

const { values: opts } = parseArgs({
  options: {
    streams: { type: 'string', default: '1000,5000,10000' },
    messages: { type: 'string', default: '5000' },
    'warm-up': { type: 'string', default: '2000' },
    rate: { type: 'string', default: '500' },
    'idle-seconds': { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '100' },
    tsx: { type: 'boolean', default: false },
    'gateway-node-args': { type: 'string', default: '' },
    'keep-logs': { type: 'boolean', default: false },
    /** A directory: heap snapshots of each relay before opening and with every stream open (compare with heap-diff.ts). */
    'heap-snapshots': { type: 'string' },
    /** A directory: a CPU profile of each relay over the measured messages (`<relay>-<N>.cpuprofile`). */
    'cpu-profiles': { type: 'string' },
    /** A directory: an allocation profile (garbage included) of each relay over the measured messages. */
    'allocation-profiles': { type: 'string' },
    /** Measure the gateway only (no bare relay, no comparison): for profiling and heap work. */
    'gateway-only': { type: 'boolean', default: false },
    /** The gateway's DIRECT_PATH: `off` measures its streams through Yoga (an A/B against `on`). */
    'direct-path': { type: 'string', default: 'on' },
  },
});
const COUNTS = String(opts.streams)
  .split(',')
  .map((n) => Number(n.trim()))
  .filter((n) => n > 0);
const MESSAGES = Number(opts.messages);
const WARM_UP = Number(opts['warm-up']);
const RATE = Number(opts.rate);
const IDLE_SECONDS = Number(opts['idle-seconds']);
const CONCURRENCY = Number(opts.concurrency);
/** Node flags before the gateway's script, e.g. `--trace-gc` (not all are allowed in NODE_OPTIONS). */
const GATEWAY_NODE_ARGS = String(opts['gateway-node-args']).split(' ').filter(Boolean);
/** Descriptors a relay process needs beyond two per stream (its client's socket and Connect's): listeners, pools, logs. */
const SPARE_FDS = 200;
const TARGETS = { streamsRssGB: 1, addedP99Ms: 5 };

const dir = mkdtempSync(join(tmpdir(), 'chat-bench-streams-'));
/*
 * The gateway as deployed: the esbuild bundle, built into this run's directory (tsx, as `npm start`
 * runs it, wraps every function in a `__name` helper that gives each closure a property array:
 * about a tenth of a stream's heap there, none in the bundle).
 */
const GATEWAY_ARGS_AFTER_FLAGS = opts.tsx ? TSX_ARGS : [join(dir, 'bundle', 'main.cjs')];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** This process's limit on open files (the relays inherit it). */
function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3] ?? 1024);
}

/** Percentile of sorted values. */
const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A relay under measurement, with its inspector's port (to collect its garbage before reading its memory). */
interface Relay {
  readonly server: ServerProcess;
  readonly inspectorPort: number;
}

/** The gateway with production settings, stream bounds out of the way, pointed at the simulator. */
async function startGateway(simulatorUrl: string): Promise<Relay> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const server = await startServer(
    [...GATEWAY_NODE_ARGS, ...inspectorArgs(inspectorPort), ...GATEWAY_ARGS_AFTER_FLAGS],
    {
      NODE_ENV: 'production',
      CONNECT_MODE: 'aws',
      AWS_ENDPOINT_URL_CONNECT: simulatorUrl,
      AWS_ENDPOINT_URL_CONNECTPARTICIPANT: simulatorUrl,
      AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
      TENANTS_FILE: tenantsFile(dir, 1),
      RATE_LIMIT: 'off',
      STREAMS_PER_IP: '1000000',
      STREAMS_PER_TENANT: '1000000',
      STREAMS_MAX: '1000000',
      DIRECT_PATH: String(opts['direct-path']),
    },
    dir,
    'gateway',
    healthy(`http://127.0.0.1:${port}`),
  );
  return { server, inspectorPort };
}

async function startBareRelay(simulatorUrl: string): Promise<Relay> {
  const inspectorPort = await freePort();
  const server = await startServer(
    [...inspectorArgs(inspectorPort), '--import', 'tsx', 'scripts/bench/bare-relay.ts'],
    { PORT: '0', PARTICIPANT_ENDPOINT: simulatorUrl },
    dir,
    'bare-relay',
    jsonPort('bare-relay listening'),
  );
  return { server, inspectorPort };
}

/** With --heap-snapshots: the relay's heap, as `<dir>/<label>.heapsnapshot`. */
async function snapshot(relay: Relay, label: string) {
  const into = opts['heap-snapshots'];
  if (!into) return;
  const file = join(into, `${label.replace(/\s+/g, '-')}.heapsnapshot`);
  await writeHeapSnapshot(relay.inspectorPort, file);
  console.log(`  heap snapshot: ${file} (a snapshot grows the relay's RSS: read this run's heap figures, not its RSS)`);
}

/** Starts `count` chats through the gateway; their contact IDs and participant tokens. */
async function startChats(gateway: ServerProcess, count: number) {
  const chats: { contactId: string; participantToken: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key-0' },
        body: MUTATION,
      });
      const body = (await response.json()) as {
        data?: { startChatContact?: { contactId?: string; participantToken?: string } };
      };
      const started = body.data?.startChatContact;
      if (!started?.contactId || !started.participantToken) throw new Error(`no chat started: ${JSON.stringify(body)}`);
      chats.push({ contactId: started.contactId, participantToken: started.participantToken });
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  return chats;
}

/** What one relay gave at one N. */
interface Measured {
  readonly name: string;
  readonly openSeconds: number;
  readonly statuses: Record<string, number>;
  readonly rssBeforeMB: number;
  readonly rssOpenMB: number;
  /** After a full collection (through the inspector), before opening and with every stream open. */
  readonly gcBefore: HeapAfterGc & { readonly rssMB: number };
  readonly gcOpen: HeapAfterGc & { readonly rssMB: number };
  readonly rssAfterMB: number;
  readonly idleCpuPercent: number;
  readonly cpuPerMessageMicros: number;
  readonly netCpuPerMessageMicros: number;
  readonly received: number;
  readonly duplicates: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly sendLagMs: number;
}

async function measure(
  name: string,
  relay: Relay,
  target: StreamTarget,
  chats: readonly { contactId: string; participantToken: string }[],
  helpers: { simulator: Helper; clients: Helper },
): Promise<Measured> {
  const { simulator, clients } = helpers;
  const contactIds = chats.map((c) => c.contactId);
  const pid = relay.server.pid;
  await sleep(1000);
  const rssBeforeMB = memoryMB(pid).rss;
  const gcBefore = { ...(await collectGarbage(relay.inspectorPort)), rssMB: memoryMB(pid).rss };
  await snapshot(relay, `${name}-${chats.length}-before`);
  const sinceCall = await simulator.call<number>('calls');

  const openedAt = performance.now();
  const statuses = await clients.call<Record<string, number>>('open', {
    target,
    tokens: chats.map((c) => c.participantToken),
    concurrency: CONCURRENCY,
  });
  // Open: every chat's socket subscribed and, for the gateway, every stream's starting position read.
  const deadline = Date.now() + 10 * 60_000;
  let lastReport = Date.now();
  for (;;) {
    const progress = await simulator.call<{ subscribed: number; positioned: number }>('progress', {
      contactIds,
      sinceCall,
    });
    const positioned = target.kind === 'bare' ? chats.length : progress.positioned;
    if (progress.subscribed >= chats.length && positioned >= chats.length) break;
    if (Date.now() > deadline) throw new Error(`${name}: streams not open after 10 min: ${JSON.stringify(progress)}`);
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      console.log(`  ${name}: ${progress.subscribed} of ${chats.length} subscribed, ${positioned} positioned`);
    }
    await sleep(200);
  }
  const openSeconds = (performance.now() - openedAt) / 1000;
  // Let the opening's garbage be collected before the RSS and the idle CPU are read.
  await sleep(5000);
  const rssOpenMB = memoryMB(pid).rss;

  // Idle: N open streams, nothing said (the gateway's heartbeats and keep-alives are this cost).
  const idleStart = cpuMicros(pid);
  await sleep(IDLE_SECONDS * 1000);
  const idleCpuPerSecond = (cpuMicros(pid) - idleStart) / IDLE_SECONDS;

  /** The agent sends `messages`; resolves once all arrived, or nothing more arrived for 10 s. */
  async function talk(messages: number) {
    await clients.call('reset');
    const said = await simulator.call<{ sent: number; maxLagMs: number }>('say', { contactIds, messages, rate: RATE });
    let count = await clients.call<{ received: number; duplicates: number; errors: number }>('count');
    let stalledSince = Date.now();
    let last = count.received;
    while (count.received < said.sent && Date.now() - stalledSince < 10_000) {
      await sleep(50);
      count = await clients.call('count');
      if (count.received > last) {
        last = count.received;
        stalledSince = Date.now();
      }
    }
    return { said, count };
  }
  // Warm-up: the relay path compiled before it is measured.
  if (WARM_UP > 0) await talk(WARM_UP);
  const profileInto = opts['cpu-profiles'] ?? opts['allocation-profiles'];
  const profiling = profileInto
    ? await startProfile(relay.inspectorPort, opts['cpu-profiles'] ? 'cpu' : 'allocations')
    : undefined;
  const cpuStart = cpuMicros(pid);
  const timeStart = performance.now();
  const { said, count } = await talk(MESSAGES);
  const cpu = cpuMicros(pid) - cpuStart;
  if (profiling) {
    const extension = opts['cpu-profiles'] ? 'cpuprofile' : 'heapprofile';
    const file = join(String(profileInto), `${name.replace(/\s+/g, '-')}-${chats.length}.${extension}`);
    await profiling(file);
    console.log(`  profile: ${file} (profiling slows the relay: read this run's CPU and latency with that in mind)`);
  }
  const seconds = (performance.now() - timeStart) / 1000;
  const latencies = (await clients.call<number[]>('latencies')).sort((a, b) => a - b);
  const rssAfterMB = memoryMB(pid).rss;
  // Last, as it makes V8 drop compiled code: what the open streams hold once garbage is gone.
  const gcOpen = { ...(await collectGarbage(relay.inspectorPort)), rssMB: memoryMB(pid).rss };
  await snapshot(relay, `${name}-${chats.length}-open`);
  await clients.call('closeAll');
  const relayed = Math.max(1, count.received);
  return {
    name,
    openSeconds,
    statuses,
    rssBeforeMB,
    rssOpenMB,
    gcBefore,
    gcOpen,
    rssAfterMB,
    idleCpuPercent: idleCpuPerSecond / 1e4,
    cpuPerMessageMicros: cpu / relayed,
    netCpuPerMessageMicros: Math.max(0, cpu - idleCpuPerSecond * seconds) / relayed,
    received: count.received,
    duplicates: count.duplicates,
    errors: count.errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    sendLagMs: said.maxLagMs,
  };
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

function report(streams: number, gateway: Measured, bare: Measured) {
  const perStream = (m: Measured) => ((m.rssOpenMB - m.rssBeforeMB) * 1024) / streams;
  const projected10k = gateway.rssBeforeMB + (perStream(gateway) * 10_000) / 1024;
  const row = (label: string, g: string, b: string, ratio = '') =>
    console.log(`  ${label.padEnd(34)} ${g.padEnd(24)} ${b.padEnd(24)} ${ratio}`);
  console.log(`\n${streams} open streams, ${MESSAGES} messages at ${RATE}/s`);
  row('', 'gateway', 'bare relay', 'gateway vs bare');
  row('streams opened (HTTP status)', JSON.stringify(gateway.statuses), JSON.stringify(bare.statuses));
  row('time to open all', `${f1(gateway.openSeconds)} s`, `${f1(bare.openSeconds)} s`);
  row(
    'RSS before → all open',
    `${f1(gateway.rssBeforeMB)} → ${f1(gateway.rssOpenMB)} MB`,
    `${f1(bare.rssBeforeMB)} → ${f1(bare.rssOpenMB)} MB`,
  );
  row(
    'RSS per open stream',
    `${f1(perStream(gateway))} KB`,
    `${f1(perStream(bare))} KB`,
    `× ${f2(perStream(gateway) / perStream(bare))}`,
  );
  const gcRss = (m: Measured) => ((m.gcOpen.rssMB - m.gcBefore.rssMB) * 1024) / streams;
  const gcHeap = (m: Measured) => ((m.gcOpen.usedMB - m.gcBefore.usedMB) * 1024) / streams;
  row(
    'after a full GC: RSS before → open',
    `${f1(gateway.gcBefore.rssMB)} → ${f1(gateway.gcOpen.rssMB)} MB`,
    `${f1(bare.gcBefore.rssMB)} → ${f1(bare.gcOpen.rssMB)} MB`,
  );
  row(
    '  RSS per open stream',
    `${f1(gcRss(gateway))} KB`,
    `${f1(gcRss(bare))} KB`,
    `× ${f2(gcRss(gateway) / gcRss(bare))}`,
  );
  row(
    '  JS heap used per open stream',
    `${f1(gcHeap(gateway))} KB`,
    `${f1(gcHeap(bare))} KB`,
    `× ${f2(gcHeap(gateway) / gcHeap(bare))}`,
  );
  row('RSS after the messages', `${f1(gateway.rssAfterMB)} MB`, `${f1(bare.rssAfterMB)} MB`);
  row('CPU while idle', `${f2(gateway.idleCpuPercent)} % of a core`, `${f2(bare.idleCpuPercent)} % of a core`);
  row(
    'CPU per relayed message',
    `${f1(gateway.cpuPerMessageMicros)} µs`,
    `${f1(bare.cpuPerMessageMicros)} µs`,
    `× ${f2(gateway.cpuPerMessageMicros / bare.cpuPerMessageMicros)}`,
  );
  row(
    '  less the idle CPU',
    `${f1(gateway.netCpuPerMessageMicros)} µs`,
    `${f1(bare.netCpuPerMessageMicros)} µs`,
    `× ${f2(gateway.netCpuPerMessageMicros / bare.netCpuPerMessageMicros)}`,
  );
  row(
    'latency agent → client p50',
    `${f2(gateway.p50)} ms`,
    `${f2(bare.p50)} ms`,
    `+${f2(gateway.p50 - bare.p50)} ms (× ${f2(gateway.p50 / bare.p50)})`,
  );
  row(
    'latency agent → client p99',
    `${f2(gateway.p99)} ms`,
    `${f2(bare.p99)} ms`,
    `+${f2(gateway.p99 - bare.p99)} ms (× ${f2(gateway.p99 / bare.p99)})`,
  );
  row('latency max', `${f2(gateway.max)} ms`, `${f2(bare.max)} ms`);
  row(
    'messages received / dup / errors',
    `${gateway.received} / ${gateway.duplicates} / ${gateway.errors}`,
    `${bare.received} / ${bare.duplicates} / ${bare.errors}`,
  );
  row('agent sends behind schedule', `${f1(gateway.sendLagMs)} ms max`, `${f1(bare.sendLagMs)} ms max`);
  const rssVerdict =
    streams === 10_000
      ? `${f1(gateway.rssOpenMB)} MB at 10,000 streams: ${gateway.rssOpenMB <= TARGETS.streamsRssGB * 1024 ? 'met' : 'missed'}`
      : `${f1(projected10k)} MB projected for 10,000 (RSS before + 10,000 × per stream): ${
          projected10k <= TARGETS.streamsRssGB * 1024 ? 'would be met' : 'would be missed'
        }`;
  const projectedGc10k = gateway.gcBefore.rssMB + (gcRss(gateway) * 10_000) / 1024;
  const added = gateway.p99 - bare.p99;
  console.log(
    `  target: 10,000 streams ≤ ${TARGETS.streamsRssGB} GB RSS — ${rssVerdict}; after a full GC: ${f1(
      streams === 10_000 ? gateway.gcOpen.rssMB : projectedGc10k,
    )} MB`,
  );
  console.log(
    `  target: relay adds ≤ ${TARGETS.addedP99Ms} ms p99 over the bare relay — +${f2(added)} ms at ${streams}: ${
      added <= TARGETS.addedP99Ms ? 'met' : 'missed'
    }${streams === 10_000 ? '' : ' (the target is at 10,000)'}`,
  );
}

/** The gateway's own figures, without a bare relay to compare with (--gateway-only). */
function reportGateway(streams: number, gateway: Measured) {
  const per = (mb: number) => `${f1((mb * 1024) / streams)} KB`;
  console.log(`\n${streams} open streams (gateway only), ${MESSAGES} messages at ${RATE}/s`);
  console.log(`  RSS per open stream ${per(gateway.rssOpenMB - gateway.rssBeforeMB)}`);
  console.log(
    `  after a full GC: RSS per open stream ${per(gateway.gcOpen.rssMB - gateway.gcBefore.rssMB)}, JS heap ${per(
      gateway.gcOpen.usedMB - gateway.gcBefore.usedMB,
    )}`,
  );
  console.log(
    `  CPU per relayed message ${f1(gateway.cpuPerMessageMicros)} µs (less idle ${f1(gateway.netCpuPerMessageMicros)} µs); idle ${f2(gateway.idleCpuPercent)} % of a core`,
  );
  console.log(
    `  latency p50 ${f2(gateway.p50)} ms, p99 ${f2(gateway.p99)} ms; received ${gateway.received}, dup ${gateway.duplicates}, errors ${gateway.errors}`,
  );
}

const limit = openFilesLimit();
console.log(
  `streams bench: ${COUNTS.join(', ')} streams; ${MESSAGES} messages at ${RATE}/s; gateway ${
    opts.tsx ? 'src through tsx' : 'the bundle (npm run build)'
  }; open files limit ${limit}; logs in ${dir}`,
);
if (!opts.tsx) {
  const built = spawnSync('npm', ['run', 'build', '--silent', '--', '--outdir', join(dir, 'bundle')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('npm run build failed');
}
const simulator = await forkHelper('stream-simulator.ts');
const clients = await forkHelper('stream-clients.ts');
const simulatorUrl = (simulator.ready as { url: string }).url;
try {
  for (const streams of COUNTS) {
    if (2 * streams + SPARE_FDS > limit) {
      console.log(
        `\n${streams} open streams: skipped — a relay holds two sockets per stream (its client's and Connect's), ` +
          `${2 * streams + SPARE_FDS} descriptors with its own, over this machine's limit of ${limit} (ulimit -n; raise the hard limit to run it)`,
      );
      continue;
    }
    const gateway = await startGateway(simulatorUrl);
    let chats: { contactId: string; participantToken: string }[];
    let onGateway: Measured;
    try {
      chats = await startChats(gateway.server, streams);
      await simulator.call(
        'join',
        chats.map((c) => c.contactId),
      );
      onGateway = await measure(
        'gateway',
        gateway,
        { kind: 'gateway', url: `${gateway.server.url}/graphql`, headers: { 'x-api-key': 'bench-key-0' } },
        chats,
        { simulator, clients },
      );
    } finally {
      await gateway.server.stop();
    }
    if (opts['gateway-only']) {
      reportGateway(streams, onGateway);
      continue;
    }
    const bare = await startBareRelay(simulatorUrl);
    let onBare: Measured;
    try {
      onBare = await measure('bare relay', bare, { kind: 'bare', url: `${bare.server.url}/events` }, chats, {
        simulator,
        clients,
      });
    } finally {
      await bare.server.stop();
    }
    report(streams, onGateway, onBare);
  }
} finally {
  await clients.stop();
  await simulator.stop();
  if (opts['keep-logs']) console.log(`\nlogs kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
