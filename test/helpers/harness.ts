import { readFileSync } from 'node:fs';
import type { ExecutionResult } from 'graphql';
import { type Config, loadConfig } from '../../src/config.js';
import { createGateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { SIMULATOR_CREDENTIALS, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { createMemoryTenantStore } from '../../src/tenants/memory-store.js';
import type { TenantStore } from '../../src/tenants/store.js';
import { parseTenants } from '../../src/tenants/tenants-file.js';
import type { TypedDocumentString } from '../generated/graphql.js';
import { FIXTURE_SECRETS, startFixtureSimulator } from './fixture-simulator.js';
import { directPathEnv } from './request-path.js';

export { FIXTURE_SECRETS };

export const TENANTS_FIXTURE = new URL('../fixtures/tenants.json', import.meta.url);

export const ACME = { 'x-api-key': 'acme-public-key' } as const;
export const GLOBEX = { 'x-api-key': 'globex-public-key' } as const;

/** The result of one GraphQL call through the gateway. */
export interface Response<R> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: ExecutionResult<R>;
}

/**
 * The gateway in-process (`yoga.fetch`) with the real AWS SDK talking over loopback to a Connect
 * simulator on port 0, which knows the fixture tenants' instances and both sets of credentials.
 */
export async function startHarness(
  env: Record<string, string> = {},
  options: {
    tenants?: unknown;
    store?: TenantStore;
    simulator?: Partial<SimulatorOptions>;
    /** The in-memory rate limits' token-bucket clock, epoch ms. @default Date.now */
    rateLimitNow?: () => number;
    /** The availability answers' clock, epoch ms. @default Date.now */
    availabilityNow?: () => number;
  } = {},
) {
  const simulator: Simulator = await startFixtureSimulator(options.simulator);
  // Rate limits are off unless a test turns them on (RATE_LIMIT: 'on'): suites start many chats at once.
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    RATE_LIMIT: 'off',
    ...FIXTURE_SECRETS,
    ...directPathEnv,
    ...env,
  });
  const logLines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  const tenants =
    options.store ??
    createMemoryTenantStore(
      parseTenants(options.tenants ?? JSON.parse(readFileSync(TENANTS_FIXTURE, 'utf8')), config.readSecret),
    );
  const gateway = createGateway({
    config,
    logger,
    tenants,
    connect: { endpoint: simulator.url, stsEndpoint: simulator.url, credentials: SIMULATOR_CREDENTIALS },
    retryBackoff: () => 0,
    ...(options.rateLimitNow ? { rateLimitNow: options.rateLimitNow } : {}),
    ...(options.availabilityNow ? { availabilityNow: options.availabilityNow } : {}),
  });
  const { app, pool } = gateway;

  async function execute<R, V>(
    document: TypedDocumentString<R, V>,
    variables: V,
    headers: Record<string, string> = ACME,
  ): Promise<Response<R>> {
    const response = await app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as ExecutionResult<R> };
  }

  return {
    simulator,
    app,
    pool,
    /** The gateway's Prometheus metrics. */
    metrics: gateway.metrics,
    execute,
    logLines,
    /** Everything logged so far, as one string. */
    log: () => logLines.join(''),
    async close() {
      await gateway.close();
      await simulator.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** The `startChatContact` result of a response, or a failure showing the whole body. */
export function chatResult<R extends { startChatContact: unknown }>(result: Response<R>): Record<string, unknown> {
  const value = result.body.data?.startChatContact;
  if (!value) throw new Error(`no startChatContact in ${JSON.stringify(result.body)}`);
  return value as Record<string, unknown>;
}
