import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BUNDLE_ARGS,
  baselineMessageTarget,
  baselineTarget,
  connectChats,
  gatewayMessageTarget,
  gatewayTarget,
  startChats,
  startGateway,
  startQuietSimulator,
  startReference,
  startSimulator,
  type Target,
} from './setup.js';
import { countedRounds, countingSetup, describeCount, type WorkCount } from './work-count.js';

/*
 * `npm run bench:count -- [--rounds 3] [--seconds 3] [--chats 200] [--skip-messages]`
 *
 * The work per request of the gateway and of the bench's baselines (the bare SDK call, its
 * middleware cache on and off), counted instead of timed (count-work.mjs): promises made and bytes
 * allocated, garbage included, over the rounds after the first. Chat starts, then messages (each
 * server sending over `--chats` chats of its own, against the quiet simulator). Unlike CPU, these
 * figures come out the same run after run on a noisy machine, so their ratios show a change of a
 * few per cent in the gateway's own work; what that work costs in CPU still depends on the machine
 * (docs/performance.md). Build the bundle first (`npm run build`).
 */
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    chats: { type: 'string', default: '200' },
    'skip-messages': { type: 'boolean', default: false },
  },
});
const load = { rounds: Number(opts.rounds), seconds: Number(opts.seconds), connections: Number(opts.connections) };
const dir = mkdtempSync(join(tmpdir(), 'chat-count-'));

/** Where each of the three servers counts. */
interface CountFiles {
  readonly gateway: string;
  readonly cached: string;
  readonly bare: string;
}

/** The three servers, each counting into a file of its own. */
async function startCounted(simulator: Awaited<ReturnType<typeof startSimulator>>) {
  const files: CountFiles = {
    gateway: join(dir, 'gateway.count.json'),
    cached: join(dir, 'baseline-cached.count.json'),
    bare: join(dir, 'baseline.count.json'),
  };
  const counted = countingSetup(files.gateway);
  const gateway = await startGateway(dir, simulator, {
    nodeArgs: [...counted.nodeArgs, ...BUNDLE_ARGS],
    env: counted.env,
  });
  const cached = await startReference(dir, simulator, 'baseline', {
    name: 'baseline-cached',
    cacheMiddleware: true,
    ...countingSetup(files.cached),
  });
  const bare = await startReference(dir, simulator, 'baseline', {
    cacheMiddleware: false,
    ...countingSetup(files.bare),
  });
  return { servers: [gateway, cached, bare], files, gateway, cached, bare };
}

/** Counts each target in turn and prints the counts and the gateway's ratios to both baselines. */
async function report(title: string, targets: { gateway: Target; cached: Target; bare: Target }, files: CountFiles) {
  const gateway = await countedRounds(targets.gateway, files.gateway, load);
  const cached = await countedRounds(targets.cached, files.cached, load);
  const bare = await countedRounds(targets.bare, files.bare, load);
  const ratio = (a: WorkCount, b: WorkCount) =>
    `${(a.promisesPerRequest / b.promisesPerRequest).toFixed(2)} × the promises, ${(a.bytesPerRequest / b.bytesPerRequest).toFixed(2)} × the bytes`;
  process.stdout.write(
    `${title}, per request (counted over the rounds after the first):\n` +
      `  gateway             ${describeCount(gateway)}\n` +
      `  baseline (cached)   ${describeCount(cached)}\n` +
      `  baseline            ${describeCount(bare)}\n` +
      `  gateway / baseline (cached): ${ratio(gateway, cached)}\n` +
      `  gateway / baseline:          ${ratio(gateway, bare)}\n`,
  );
}

try {
  {
    const simulator = await startSimulator(dir);
    const { servers, files, gateway, cached, bare } = await startCounted(simulator);
    try {
      await report(
        'chat start',
        { gateway: gatewayTarget(gateway), cached: baselineTarget(cached), bare: baselineTarget(bare) },
        files,
      );
    } finally {
      for (const server of servers) await server.stop();
      await simulator.stop();
    }
  }
  if (!opts['skip-messages']) {
    const simulator = await startQuietSimulator(dir);
    const { servers, files, gateway, cached, bare } = await startCounted(simulator);
    try {
      // Each server its own chats: a second connection to a chat may end the first one's token.
      const chats = Number(opts.chats);
      const targets = {
        gateway: gatewayMessageTarget(gateway, await startChats(gateway, chats)),
        cached: baselineMessageTarget(cached, await connectChats(cached, await startChats(gateway, chats))),
        bare: baselineMessageTarget(bare, await connectChats(bare, await startChats(gateway, chats))),
      };
      await report('message', targets, files);
    } finally {
      for (const server of servers) await server.stop();
      await simulator.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
