import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { instructionLaunch, startInstructions, stopInstructions } from './instruction-count.js';
import type { ServerProcess } from './processes.js';
import {
  BUNDLE_ARGS,
  baselineMessageTarget,
  baselineTarget,
  connectChats,
  gatewayMessageTarget,
  gatewayTarget,
  lambdaSampleTarget,
  round,
  startChats,
  startGateway,
  startQuietSimulator,
  startReference,
  startSimulator,
  type Target,
  WARM_UP_REQUESTS,
  warmUp,
} from './setup.js';

/*
 * `npm run bench:instructions -- [--warm-requests 30000] [--requests 1500] [--rounds 2]
 *   [--connections 20] [--chats 200] [--skip-chat-starts] [--skip-messages]`
 *
 * The bench's comparisons counted in machine instructions per request instead of CPU time
 * (instruction-count.ts: valgrind's callgrind): the gateway, the bare SDK call with its middleware
 * cache off and on, and for chat starts the Lambda sample, each started alone under callgrind,
 * warmed with `--warm-requests` uncounted (in two rounds: setup.ts, `warmUp`), then counted over `--rounds` rounds of `--requests`.
 * Rounds of a fixed number of requests do the same work however fast the machine runs, so the
 * figures repeat within ≈ 1–5 % from run to run on this VM (what V8 compiles in the counted rounds
 * varies most: each count says how much), where CPU time moves by 10 % and more. What they leave out is what each instruction costs: cache and TLB misses, which this VM
 * makes dear after every system call (docs/performance.md). So the ratios here say how much more
 * the gateway *does* than the bare call; the bench's CPU ratios, what that costs on this machine.
 * Takes ≈ 27 minutes (valgrind slows each server about fifty-fold); run nothing heavy beside it.
 * Build first (`npm run build`).
 */
const { values: opts } = parseArgs({
  options: {
    'warm-requests': { type: 'string', default: String(WARM_UP_REQUESTS) },
    requests: { type: 'string', default: '1500' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '20' },
    chats: { type: 'string', default: '200' },
    'skip-chat-starts': { type: 'boolean', default: false },
    'skip-messages': { type: 'boolean', default: false },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'chat-instructions-'));
const connections = Number(opts.connections);

/** Thousands of instructions per request of one server, started under callgrind by `start` and driven as `targetOf` says. */
async function counted(
  name: string,
  start: (launch: ReturnType<typeof instructionLaunch>) => Promise<ServerProcess>,
  targetOf: (server: ServerProcess) => Target | Promise<Target>,
): Promise<number> {
  const file = join(dir, `${name}.callgrind.out`);
  const server = await start(instructionLaunch(file));
  try {
    const target = await targetOf(server);
    const failed = (r: { failures: number }) => {
      // A refused request does less work: counting it would flatter the server.
      if (r.failures > 0) throw new Error(`${name}: ${r.failures} requests failed`);
    };
    failed(await warmUp(target, Number(opts['warm-requests']), connections));
    startInstructions(server.pid);
    for (let i = 0; i < Number(opts.rounds); i++) {
      failed(await round(target, { amount: Number(opts.requests) }, connections));
    }
    const requests = Number(opts.rounds) * Number(opts.requests);
    const { Ir = 0, compiling = 0 } = stopInstructions(server.pid, file);
    const perRequest = Ir / requests / 1000;
    process.stdout.write(
      `  ${name.padEnd(20)}${perRequest.toFixed(1)} thousand instructions per request (V8 compiling ${(compiling / requests / 1000).toFixed(1)})\n`,
    );
    return perRequest;
  } finally {
    await server.stop();
  }
}

const ratio = (a: number, b: number) => (a / b).toFixed(3);

try {
  if (!opts['skip-chat-starts']) {
    const simulator = await startSimulator(dir);
    try {
      process.stdout.write('chat start:\n');
      const gateway = await counted(
        'gateway',
        (launch) => startGateway(dir, simulator, { nodeArgs: BUNDLE_ARGS, launch }),
        (server) => gatewayTarget(server),
      );
      const reference = (name: string, script: 'baseline' | 'lambda-sample', cacheMiddleware: boolean) =>
        counted(
          name,
          (launch) => startReference(dir, simulator, script, { name, cacheMiddleware, launch }),
          (server) => (script === 'baseline' ? baselineTarget(server) : lambdaSampleTarget(server)),
        );
      const bare = await reference('baseline', 'baseline', false);
      const cached = await reference('baseline-cached', 'baseline', true);
      const lambda = await reference('lambda-sample', 'lambda-sample', false);
      process.stdout.write(
        `  gateway / baseline ${ratio(gateway, bare)}, / baseline (cached) ${ratio(gateway, cached)}, / Lambda sample ${ratio(gateway, lambda)}\n`,
      );
    } finally {
      await simulator.stop();
    }
  }
  if (!opts['skip-messages']) {
    const simulator = await startQuietSimulator(dir);
    let starter: ServerProcess | undefined;
    try {
      // Starts the chats for every server measured (a plain gateway, not counted).
      const chatStarter = await startGateway(dir, simulator, { nodeArgs: BUNDLE_ARGS, name: 'chat-starter' });
      starter = chatStarter;
      process.stdout.write('message:\n');
      const chats = Number(opts.chats);
      const gateway = await counted(
        'gateway',
        (launch) => startGateway(dir, simulator, { nodeArgs: BUNDLE_ARGS, launch }),
        async (server) => gatewayMessageTarget(server, await startChats(chatStarter, chats)),
      );
      const reference = (name: string, cacheMiddleware: boolean) =>
        counted(
          name,
          (launch) => startReference(dir, simulator, 'baseline', { name, cacheMiddleware, launch }),
          // Each server its own chats: a second connection to a chat may end the first one's token.
          async (server) =>
            baselineMessageTarget(server, await connectChats(server, await startChats(chatStarter, chats))),
        );
      const bare = await reference('baseline', false);
      const cached = await reference('baseline-cached', true);
      process.stdout.write(
        `  gateway / baseline ${ratio(gateway, bare)}, / baseline (cached) ${ratio(gateway, cached)}\n`,
      );
    } finally {
      await starter?.stop();
      await simulator.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
