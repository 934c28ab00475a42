import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATION } from '../src/app.js';
import { bundleDir } from './helpers/bundle.js';
import { failingStart, type GatewayProcess, startGatewayProcess } from './helpers/process.js';

/*
 * `npm run build` as deployed: main.cjs, which starts tracing (tracing.cjs, see
 * observability-tracing) when asked and then loads the gateway (gateway.cjs), with GraphiQL's page
 * (graphiql.cjs) beside them, loaded only when used. Run from a directory with no node_modules, so
 * nothing may be left outside the four files.
 */
describe('the bundle (npm run build) runs on its own', () => {
  const bundle = bundleDir();
  const running: GatewayProcess[] = [];
  beforeAll(() => bundle.build());
  afterAll(async () => {
    for (const gateway of running) await gateway.stop('SIGKILL');
    bundle.remove();
  });

  it('writes main.cjs and gateway.cjs, with GraphiQL and OpenTelemetry in files of their own', () => {
    const size = (file: string) => statSync(join(bundle.dir, file)).size;
    // The page's inlined assets alone are ≈ 9 MB: they must not sit in the file every start reads.
    expect(size('graphiql.cjs')).toBeGreaterThan(size('main.cjs'));
    const gateway = readFileSync(join(bundle.dir, 'gateway.cjs'), 'utf8');
    expect(gateway).not.toContain('NodeSDK');
    // The AWS SDK clients pruned to the commands the gateway sends (their ES module builds).
    expect(gateway).toContain('StartChatContactCommand');
    expect(gateway).not.toContain('CreateUserHierarchyGroupCommand');
    // zod imported as a namespace (`import * as z`): `import { z }` keeps its ≈ 50 locales, 360 KB.
    expect(gateway).not.toContain('zod/v4/locales/fr.js');
    // The entry only starts tracing and loads the gateway: with require(), not import().
    const main = readFileSync(bundle.main, 'utf8');
    expect(size('main.cjs')).toBeLessThan(20_000);
    expect(main).toContain('require("./gateway.cjs")');
    expect(main).not.toMatch(/\bimport\(/);
    // ASCII only (scripts/build.ts): one other character makes the whole file a two-byte source.
    for (const file of ['main.cjs', 'gateway.cjs', 'graphiql.cjs', 'tracing.cjs']) {
      expect(readFileSync(join(bundle.dir, file), 'latin1')).not.toMatch(/[\u0080-\uffff]/);
    }
    expect(readFileSync(join(bundle.dir, 'tracing.cjs'), 'utf8')).toContain('NodeSDK');
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

    // The subgraph SDL, printed on this first ask (patches/@pothos+plugin-federation) by the bundle.
    const service = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'demo-public-key' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    const sdl = ((await service.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
    expect(sdl.trimEnd()).toBe(readFileSync(resolve('schema.graphql'), 'utf8').trimEnd());

    const graphiql = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toMatch(/<html[\s\S]*graphiql/i);

    expect(await gateway.stop('SIGTERM')).toBe(0);
    expect(gateway.lines.at(-1)).toContain('"msg":"stopped"');
  });

  it('with GraphiQL on, refuses to start without graphiql.cjs, naming it (not a 500 on the first visit)', async () => {
    const partial = mkdtempSync(join(tmpdir(), 'gateway-partial-'));
    try {
      for (const file of ['main.cjs', 'gateway.cjs', 'tracing.cjs'])
        copyFileSync(join(bundle.dir, file), join(partial, file));
      const env = { NODE_ENV: 'development', TENANTS_FILE: resolve('tenants.example.json'), PORT: '0' };
      const refused = await failingStart(env, { args: ['main.cjs'], cwd: partial });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/Gateway failed to start: .*graphiql\.cjs/);
      // Production (GraphiQL off) never reads it.
      const gateway = await startGatewayProcess(
        { ...env, NODE_ENV: 'production', CONNECT_MODE: 'aws', AWS_REGION: 'us-east-1', TENANTS_WATCH: 'false' },
        { args: ['main.cjs'], cwd: partial },
      );
      running.push(gateway);
      expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
      expect(await gateway.stop('SIGTERM')).toBe(0);
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  });
});
