import { type Config, loadConfig } from '../src/config.js';
import { simulatedResourcesOf } from '../src/gateway.js';
import { createSimulator, parseFaults, SIMULATOR_CREDENTIALS, type Simulator } from '../src/simulator/index.js';
import { loadTenantTargets, type TenantTarget } from '../src/tenants/tenants-file.js';

/*
 * `npm run simulator`: the Connect simulator alone, knowing the instances, flows and roles of every
 * tenant of TENANTS_FILE. Point a gateway at it with CONNECT_MODE=aws, AWS_ENDPOINT_URL_CONNECT (and
 * AWS_ENDPOINT_URL_STS for cross-account tenants), the simulator's credentials in AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY and the same TENANTS_FILE (see README). It reads no tenant secret: it only
 * needs IDs, so a file whose `{ "env": … }` variables are set only where the gateway runs is fine.
 * A file or setting it cannot use is one line on stderr and exit code 1.
 */

/** A failure as one line: the error's lines joined, never its stack. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [first = '', ...rest] = message.split('\n').map((line) => line.trim());
  return rest.length > 0 ? `${first} ${rest.filter(Boolean).join('; ')}` : first;
}

async function start(): Promise<{ config: Config; targets: TenantTarget[]; simulator: Simulator }> {
  const config = loadConfig();
  const targets = loadTenantTargets(config.tenantsFile);
  const simulator = createSimulator({
    credentials: [SIMULATOR_CREDENTIALS],
    ...simulatedResourcesOf(targets),
    faults: parseFaults(config.simulator.faults),
  });
  await simulator.listen(config.simulator.port ?? 4010, config.host);
  return { config, targets, simulator };
}

try {
  const { config, targets, simulator } = await start();
  const url = simulator.url;
  process.stdout.write(
    `Connect simulator listening on ${url}\n` +
      `  AWS_ACCESS_KEY_ID=${SIMULATOR_CREDENTIALS.accessKeyId}\n` +
      `  AWS_SECRET_ACCESS_KEY=${SIMULATOR_CREDENTIALS.secretAccessKey}\n` +
      `  tenants file: ${config.tenantsFile}\n` +
      `  tenants: ${targets.map((t) => `${t.id} (${t.connect.region})`).join(', ')}\n` +
      `  gateway: TENANTS_FILE=${config.tenantsFile} CONNECT_MODE=aws AWS_ENDPOINT_URL_CONNECT=${url} ` +
      `AWS_ENDPOINT_URL_STS=${url} AWS_ACCESS_KEY_ID=${SIMULATOR_CREDENTIALS.accessKeyId} ` +
      `AWS_SECRET_ACCESS_KEY=${SIMULATOR_CREDENTIALS.secretAccessKey} npm start\n` +
      `  instances: ${[...new Set(targets.map((t) => t.connect.instanceId))].join(', ')}\n`,
  );
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  process.stderr.write(`Connect simulator failed to start: ${oneLine(error)}\n`);
  process.exit(1);
}
