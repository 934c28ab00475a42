import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { createGateway, simulatedResourcesOf } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { createSimulator, SIMULATOR_CREDENTIALS, type SimulatorOptions } from '../../src/simulator/index.js';
import { createMemoryTenantStore } from '../../src/tenants/memory-store.js';
import { parseTenants } from '../../src/tenants/tenants-file.js';
import { connectionCount, type ListeningGateway } from './listening-gateway.js';
import { directPathEnv } from './request-path.js';

/**
 * The gateway as {@link startListeningGateway} wires it (a real `node:http` server on 127.0.0.1
 * port 0, tenants, `createGateway`), on a simulator given `simulator` options too: the browser
 * tests of the queue turn the scripted agent off, so chats wait until the test lets an agent join.
 * @param options.env settings as environment variables. @default development, rate limits off
 */
export async function startWebChatGateway(options: {
  tenants: unknown;
  env?: Record<string, string>;
  simulator?: Partial<SimulatorOptions>;
}): Promise<ListeningGateway> {
  const config = loadConfig({ NODE_ENV: 'development', RATE_LIMIT: 'off', ...directPathEnv, ...options.env });
  const registry = parseTenants(options.tenants, config.readSecret);
  const simulator = createSimulator({
    credentials: [SIMULATOR_CREDENTIALS],
    ...simulatedResourcesOf(registry.tenants),
    ...options.simulator,
  });
  await simulator.listen(0, '127.0.0.1');

  const logLines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  const gateway = createGateway({
    config,
    logger,
    tenants: createMemoryTenantStore(registry),
    demoApiKey: registry.demoApiKey,
    connect: { endpoint: simulator.url, stsEndpoint: simulator.url, credentials: SIMULATOR_CREDENTIALS },
    retryBackoff: () => 0,
  });
  const server = createServer(gateway.app as RequestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  gateway.ownOrigins.listening(port);
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/graphql`,
    simulator,
    connections: () => connectionCount(server),
    log: () => logLines.join(''),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      await simulator.close();
    },
  };
}
