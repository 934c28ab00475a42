import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATION } from '../src/app.js';
import { bundleDir } from './helpers/bundle.js';
import { type GatewayProcess, startGatewayProcess } from './helpers/process.js';

/*
 * `npm run build` as deployed: main.cjs, with GraphiQL's page (graphiql.cjs) and the OpenTelemetry
 * SDK (tracing.cjs, see observability-tracing) beside it, loaded only when used. Run from a
 * directory with no node_modules, so nothing may be left outside the three files.
 */
describe('the bundle (npm run build) runs on its own', () => {
  const bundle = bundleDir();
  const running: GatewayProcess[] = [];
  beforeAll(() => bundle.build());
  afterAll(async () => {
    for (const gateway of running) await gateway.stop('SIGKILL');
    bundle.remove();
  });

  it('writes main.cjs with GraphiQL and OpenTelemetry in files of their own', () => {
    const size = (file: string) => statSync(join(bundle.dir, file)).size;
    expect(existsSync(join(bundle.dir, 'node_modules'))).toBe(false);
    // The page's inlined assets alone are ≈ 9 MB: they must not sit in the file every start reads.
    expect(size('graphiql.cjs')).toBeGreaterThan(size('main.cjs'));
    expect(size('tracing.cjs')).toBeGreaterThan(1_000_000);
  });

  it('starts a chat on the embedded simulator, serves GraphiQL and stops on SIGTERM', async () => {
    const gateway = await startGatewayProcess(
      { NODE_ENV: 'development', TENANTS_FILE: resolve('tenants.example.json') },
      { args: [bundle.main], cwd: bundle.dir },
    );
    running.push(gateway);
    const started = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'demo-public-key' },
      body: JSON.stringify({ query: EXAMPLE_OPERATION }),
    });
    const body = (await started.json()) as { data: { startChatContact: { __typename: string } } };
    expect(body.data.startChatContact.__typename).toBe('StartChatContactPayload');

    const graphiql = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toMatch(/<html[\s\S]*graphiql/i);

    expect(await gateway.stop('SIGTERM')).toBe(0);
    expect(gateway.lines.at(-1)).toContain('"msg":"stopped"');
  });
});
