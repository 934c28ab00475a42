import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGatewayProcess } from './helpers/process.js';

/*
 * graphql-http's GraphQL-over-HTTP audits against the listening gateway (src/main.ts in its own
 * process) in its default development configuration, and in production configuration to pin down
 * which audits hardening changes on purpose.
 */

async function audit(url: string) {
  const audits = serverAudits({
    url: `${url}/graphql`,
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('x-api-key', 'demo-public-key');
      return fetch(input, { ...init, headers });
    },
  });
  const results: (AuditResult & { name: string })[] = [];
  for (const a of audits) results.push({ ...(await a.fn()), name: a.name });
  const count = (level: string, status: string) =>
    results.filter((r) => r.name.startsWith(level) && r.status === status).length;
  return {
    results,
    summary: Object.fromEntries(
      ['MUST', 'SHOULD', 'MAY'].map((level) => [
        level,
        `${count(level, 'ok')}/${results.filter((r) => r.name.startsWith(level)).length}`,
      ]),
    ),
  };
}

describe('GraphQL over HTTP audits (graphql-http) against the listening gateway', () => {
  const running: GatewayProcess[] = [];
  afterAll(async () => {
    for (const gateway of running) await gateway.stop('SIGKILL');
  });

  let development: Awaited<ReturnType<typeof audit>>;
  let production: Awaited<ReturnType<typeof audit>>;
  let productionWithIntrospection: Awaited<ReturnType<typeof audit>>;
  beforeAll(async () => {
    const dev = await startGatewayProcess({ NODE_ENV: 'development' });
    const prod = await startGatewayProcess({ NODE_ENV: 'production', CONNECT_MODE: 'simulator' });
    const open = await startGatewayProcess({ NODE_ENV: 'production', CONNECT_MODE: 'simulator', INTROSPECTION: 'on' });
    running.push(dev, prod, open);
    development = await audit(dev.url);
    production = await audit(prod.url);
    productionWithIntrospection = await audit(open.url);
  }, 60_000);

  it('passes every audit in the default development configuration', () => {
    const failed = development.results.filter((r) => r.status !== 'ok');
    expect(failed.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    console.info(`audits, development: ${JSON.stringify(development.summary)}`);
  });

  it('in production changes only the audits that use introspection (docs/operations.md: "GraphQL over HTTP")', () => {
    const changed = production.results.filter((r) => r.status !== 'ok');
    // These audits query `__type(name: $name)`; production refuses introspection to public callers.
    expect(changed.map((r) => r.id).sort()).toEqual(['28B9', '2EA1', '6A70', 'D6D5']);
    console.info(`audits, production: ${JSON.stringify(production.summary)}`);
    expect(productionWithIntrospection.results.filter((r) => r.status !== 'ok').map((r) => r.id)).toEqual([]);
  });
});
