import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import type { ChatFeedTimings } from '../../src/connect/chat-feed.js';
import { createGateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { SIMULATOR_CREDENTIALS, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { createMemoryTenantStore } from '../../src/tenants/memory-store.js';
import { parseTenants } from '../../src/tenants/tenants-file.js';
import { FIXTURE_SECRETS, startFixtureSimulator } from './fixture-simulator.js';
import { TENANTS_FIXTURE } from './harness.js';
import { directPathEnv } from './request-path.js';

/** One gateway replica: its own app, clients and stream bounds, behind a real `node:http` server. */
export interface Replica {
  /** The GraphQL endpoint, on 127.0.0.1. */
  readonly url: string;
  /** Everything it logged so far, as one string. */
  log(): string;
}

/**
 * `count` gateway replicas, each built by `createGateway` as src/main.ts builds it and listening
 * on its own port, all in front of one Connect simulator (the fixture's tenants): what a client
 * sees behind a load balancer that may send each request to another replica. Closing a client's
 * request closes its socket, as a browser's would.
 */
export async function startReplicas(
  count: number,
  options: { env?: Record<string, string>; simulator?: Partial<SimulatorOptions>; feed?: ChatFeedTimings } = {},
) {
  const simulator: Simulator = await startFixtureSimulator(options.simulator);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    RATE_LIMIT: 'off',
    ...FIXTURE_SECRETS,
    ...directPathEnv,
    ...options.env,
  });
  const registry = parseTenants(JSON.parse(readFileSync(TENANTS_FIXTURE, 'utf8')), config.readSecret);
  const replicas: Replica[] = [];
  const closers: (() => Promise<void>)[] = [];
  for (let i = 0; i < count; i += 1) {
    const logLines: string[] = [];
    const gateway = createGateway({
      config,
      logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
      tenants: createMemoryTenantStore(registry),
      connect: { endpoint: simulator.url, stsEndpoint: simulator.url, credentials: SIMULATOR_CREDENTIALS },
      retryBackoff: () => 0,
      ...(options.feed ? { chatFeedTimings: options.feed } : {}),
    });
    const server = createServer(gateway.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    replicas.push({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      log: () => logLines.join(''),
    });
    closers.push(async () => {
      gateway.endStreams();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
    });
  }
  return {
    simulator,
    replicas,
    async close() {
      await Promise.all(closers.map((close) => close()));
      await simulator.close();
    },
  };
}
