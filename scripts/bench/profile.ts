/*
 * `npx tsx scripts/bench/profile.ts`: the gateway (tsx, production settings) against the simulator,
 * PROBE_ROUNDS rounds of 3000 chat starts, printing CPU µs/request and RSS per round. With
 * PROBE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" the gateway writes a CPU profile on exit.
 * PROBE_LOG sets LOG_LEVEL, PROBE_RL=off turns the rate limits off (to see their cost).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SIMULATOR_CREDENTIALS } from '../../src/simulator/index.js';
import { cpuMicros, jsonPort, memoryMB, startServer } from './processes.js';

const dir = mkdtempSync(join(tmpdir(), 'probe-'));
const tf = join(dir, 't.json');
writeFileSync(
  tf,
  JSON.stringify({
    tenants: [
      { id: 't', apiKeys: ['bench-key-0'], connect: { region: 'us-east-1', instanceId: 'i', contactFlowId: 'f' } },
    ],
  }),
);
const sim = await startServer(
  ['--import', 'tsx', 'scripts/simulator.ts'],
  { TENANTS_FILE: tf, SIMULATOR_PORT: '0' },
  dir,
  'sim',
  (l) => /listening on (http:\/\/\S+)/.exec(l)?.[1],
);
const extra = (process.env.PROBE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const gw = await startServer(
  [...extra, ...(process.env.PROBE_ENTRY ?? '--import tsx src/main.ts').split(' ')],
  {
    AWS_ENDPOINT_URL_CONNECT: sim.url,
    AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
    NODE_ENV: 'production',
    CONNECT_MODE: 'aws',
    PORT: '0',
    LOG_LEVEL: process.env.PROBE_LOG ?? 'info',
    METRICS_PORT: '0',
    TENANTS_FILE: tf,
    BENCH_INSTANCE_ID: 'i',
    BENCH_FLOW_ID: 'f',
    RATE_LIMIT: process.env.PROBE_RL ?? 'on',
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('ABL_'))),
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_TENANT_PER_MINUTE: '1000000',
    CONNECT_START_CHAT_RATE: '10000',
    CONNECT_START_CHAT_BURST: '10000',
  },
  dir,
  'gw',
  (log) => jsonPort('gateway listening')(log) ?? jsonPort('baseline listening')(log),
);
const body = JSON.stringify({
  query:
    'mutation { startChatContact(input: { participantDetails: { displayName: "Bench" } }) { __typename ... on StartChatContactPayload { contactId participantToken } } }',
});
for (let i = 0; i < Number(process.env.PROBE_ROUNDS ?? 4); i++) {
  const c0 = cpuMicros(gw.pid);
  const r = await autocannon({
    url: `${gw.url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key-0' },
    body,
    connections: 20,
    amount: 3000,
  });
  console.log(
    `round ${i}: rps ${r.requests.average} cpu/req ${((cpuMicros(gw.pid) - c0) / 3000).toFixed(0)} rss ${memoryMB(gw.pid).rss.toFixed(0)} non2xx ${r.non2xx}`,
  );
}
await gw.stop();
await sim.stop();
