import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { createGateway, createSimulatorForTenants } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { SIMULATOR_CREDENTIALS } from '../../src/simulator/index.js';
import { createMemoryTenantStore } from '../../src/tenants/memory-store.js';
import type { TenantStore } from '../../src/tenants/store.js';
import { parseTenants } from '../../src/tenants/tenants-file.js';
import { directPathEnv } from './request-path.js';

/** POSTs `query` to `gateway` with the example tenants' public key and `headers`. */
export const postWithDemoKey = (
  gateway: { readonly url: string },
  headers: Record<string, string>,
  query: string,
  signal?: AbortSignal,
) =>
  fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'demo-public-key', ...headers },
    body: JSON.stringify({ query }),
    ...(signal ? { signal } : {}),
  });

/** How many connections `server` holds now. */
export const connectionCount = (server: Server) =>
  new Promise<number>((resolve, reject) =>
    server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );

/**
 * The gateway as `npm start` wires it — tenants, embedded simulator, `createGateway`, a real
 * `node:http` server (so browsers reach it and the per-IP limit sees a socket) — on 127.0.0.1
 * port 0, in this process so a test can read what the simulator received.
 * @param options.tenants a tenants document, or one made from the gateway's own origin.
 * @param options.env settings as environment variables. @default development, rate limits off
 * @param options.wrapTenants wraps the tenant store (a test that must hold a request in its context).
 */
export async function startListeningGateway(options: {
  tenants: unknown | ((gatewayOrigin: string) => unknown);
  env?: Record<string, string>;
  wrapTenants?: (store: TenantStore) => TenantStore;
}) {
  const config = loadConfig({ NODE_ENV: 'development', RATE_LIMIT: 'off', ...directPathEnv, ...options.env });
  // Listening before the tenants are read: the port, hence the origin, is only known then.
  let handle: RequestListener = (_req, res) => void res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const logLines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  const tenants = typeof options.tenants === 'function' ? options.tenants(origin) : options.tenants;
  let registry: ReturnType<typeof parseTenants>;
  try {
    registry = parseTenants(tenants, config.readSecret);
  } catch (error) {
    server.close();
    throw error;
  }
  const simulator = createSimulatorForTenants(registry, config.simulator.faults);
  await simulator.listen(0, '127.0.0.1');
  const gateway = createGateway({
    config,
    logger,
    tenants: (options.wrapTenants ?? ((store) => store))(createMemoryTenantStore(registry)),
    demoApiKey: registry.demoApiKey,
    connect: { endpoint: simulator.url, stsEndpoint: simulator.url, credentials: SIMULATOR_CREDENTIALS },
    retryBackoff: () => 0,
  });
  gateway.ownOrigins.listening((server.address() as AddressInfo).port);
  handle = gateway.app;
  return {
    origin,
    /** The GraphQL endpoint (GraphiQL on GET from a browser). */
    url: `${origin}/graphql`,
    simulator,
    /** How many connections the server holds now. */
    connections: () => connectionCount(server),
    /** Everything logged so far, as one string. */
    log: () => logLines.join(''),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      await simulator.close();
    },
  };
}

export type ListeningGateway = Awaited<ReturnType<typeof startListeningGateway>>;
