import { simulatedResourcesOf } from '../../src/gateway.js';
import { createSimulator, SIMULATOR_CREDENTIALS } from '../../src/simulator/index.js';

/*
 * The Connect simulator for the bench's message rounds, in its own process: the bench instance
 * and flow, and no scripted agent. `npm run simulator`'s agent joins every connected chat and
 * answers each customer message a second later (receipts, typing, a reply): the simulator's own
 * work and memory would then grow with every measured message, on the cores the servers share.
 * Here Connect only accepts the messages. Calls, contacts and connection tokens are bounded as
 * always (the newest 10,000); each chat's items are not, so the bench spreads its messages over
 * many chats and gives this simulator to the message rounds alone.
 * Env: BENCH_INSTANCE_ID, BENCH_FLOW_ID. Logs `listening on <url>`.
 */
const simulator = createSimulator({
  credentials: [SIMULATOR_CREDENTIALS],
  ...simulatedResourcesOf([
    {
      connect: {
        instanceId: process.env.BENCH_INSTANCE_ID ?? 'bench-instance',
        contactFlowId: process.env.BENCH_FLOW_ID ?? 'bench-flow',
      },
    },
  ]),
  agent: { enabled: false },
});
const url = await simulator.listen(0, '127.0.0.1');
process.stdout.write(`Connect simulator listening on ${url}\n`);
process.once('SIGTERM', () => void simulator.close().then(() => process.exit(0)));
