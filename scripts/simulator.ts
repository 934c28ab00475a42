import { loadConfig } from '../src/config.js';
import { createSimulatorForTenants } from '../src/gateway.js';
import { SIMULATOR_CREDENTIALS } from '../src/simulator/index.js';
import { loadTenantsFile } from '../src/tenants/load.js';

/*
 * `npm run simulator`: the Connect simulator alone, knowing the instances and flows of the tenants
 * file. Point a gateway at it with CONNECT_MODE=aws, AWS_ENDPOINT_URL_CONNECT and the simulator's
 * credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (see README).
 */
const config = loadConfig();
const tenants = loadTenantsFile(config.tenantsFile, config.readSecret);
const simulator = createSimulatorForTenants(tenants, config.simulator.faults);
const url = await simulator.listen(config.simulator.port ?? 4010, config.host);
process.stdout.write(
  `Connect simulator listening on ${url}\n` +
    `  AWS_ACCESS_KEY_ID=${SIMULATOR_CREDENTIALS.accessKeyId}\n` +
    `  AWS_SECRET_ACCESS_KEY=${SIMULATOR_CREDENTIALS.secretAccessKey}\n` +
    `  instances: ${tenants.tenants.map((t) => t.connect.instanceId).join(', ')}\n`,
);
const stop = () => void simulator.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
