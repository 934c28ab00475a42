import type { Logger } from 'pino';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { createChatStarter } from './connect/chat-starter.js';
import { createConnectClientPool } from './connect/client-pool.js';
import type { ReadinessCheck } from './http/use-readiness.js';
import { createSimulator, parseFaults, SIMULATOR_CREDENTIALS } from './simulator/index.js';
import type { TenantRegistry } from './tenants/registry.js';
import type { StaticCredentials } from './tenants/tenant.js';

/** Where Connect is, as main.ts decided from CONNECT_MODE. */
export interface ConnectEndpoint {
  /** Absent in `aws` mode: the SDK resolves the endpoint (AWS_ENDPOINT_URL_CONNECT honoured). */
  readonly endpoint?: string;
  /** Absent in `aws` mode: the default credential chain. */
  readonly credentials?: StaticCredentials;
}

/**
 * Wires the app from config: one client pool, one chat starter, the Yoga app. Shared by main.ts
 * and the loopback tests so both run the same graph of objects.
 */
export function createGateway(options: {
  config: Config;
  logger: Logger;
  tenants: TenantRegistry;
  connect: ConnectEndpoint;
  readiness?: ReadinessCheck;
  retryBackoff?: (attempt: number) => number;
}) {
  const { config } = options;
  const pool = createConnectClientPool({
    ...(options.connect.endpoint ? { endpoint: options.connect.endpoint } : {}),
    ...(options.connect.credentials ? { defaultCredentials: options.connect.credentials } : {}),
    connectionTimeoutMs: config.connect.connectionTimeoutMs,
    requestTimeoutMs: config.connect.requestTimeoutMs,
    maxAttempts: config.connect.maxAttempts,
    ...(options.retryBackoff ? { retryBackoff: options.retryBackoff } : {}),
  });
  const app = createApp({
    logger: options.logger,
    tenants: options.tenants,
    chatStarter: createChatStarter({ pool, deadlineMs: config.connect.deadlineMs }),
    graphiql: config.graphiql,
    ...(config.nodeEnv === 'development' ? { graphiqlApiKey: options.tenants.demoApiKey } : {}),
    ...(options.readiness ? { readiness: options.readiness } : {}),
  });
  return { app, pool };
}

/**
 * A Connect simulator that knows every tenant's instance and flow, accepts the simulator
 * credentials and starts with the faults of `SIMULATOR_FAULTS`.
 */
export function createSimulatorForTenants(tenants: TenantRegistry, faults: string) {
  return createSimulator({
    credentials: [SIMULATOR_CREDENTIALS],
    instances: tenants.tenants.map((t) => ({
      instanceId: t.connect.instanceId,
      contactFlowIds: [t.connect.contactFlowId],
    })),
    faults: parseFaults(faults),
  });
}
