import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONVERSATION, EXAMPLE_OPERATION } from '../src/app.js';
import { createSimulator, SIMULATOR_CREDENTIALS } from '../src/simulator/index.js';
import { FIXTURE_SECRETS, startFixtureSimulator } from './helpers/fixture-simulator.js';
import { failingStart, type GatewayProcess, startGatewayProcess } from './helpers/process.js';

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const post = (url: string, headers: Record<string, string>, query = EXAMPLE_OPERATION) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

describe('npm start (src/main.ts in its own process)', () => {
  const running: GatewayProcess[] = [];
  afterAll(async () => {
    for (const gateway of running) await gateway.stop('SIGKILL');
  });

  it('runs the quick start on the embedded simulator and shuts down on SIGTERM', async () => {
    const gateway = await startGatewayProcess({ NODE_ENV: 'development' });
    running.push(gateway);
    expect(gateway.lines.join('\n')).toMatch(/CONNECT_MODE=simulator.*NOT to Amazon Connect/);

    const started = await post(gateway.url, { 'x-api-key': 'demo-public-key' });
    const body = (await started.json()) as { data: { startChatContact: Record<string, string> } };
    expect(body.data.startChatContact).toMatchObject({ __typename: 'StartChatContactPayload', region: 'us-east-1' });
    expect(body.data.startChatContact.contactId).toMatch(/^[0-9a-f-]{36}$/);

    expect((await post(gateway.url, {})).status).toBe(401);
    expect((await post(gateway.url, { 'x-api-key': 'demo-public-key', origin: 'https://evil.test' })).status).toBe(403);
    const graphiql = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('<html');

    expect(await gateway.stop('SIGTERM')).toBe(0);
    expect(gateway.lines.at(-1)).toContain('"msg":"stopped"');
  });

  it("demos a whole chat: GraphiQL's conversation tab against the embedded simulator's agent", async () => {
    const gateway = await startGatewayProcess({ NODE_ENV: 'development' });
    running.push(gateway);
    // The demo tenant names the embedded simulator's always-open hours and its queue.
    const availability = (await (
      await post(
        gateway.url,
        { 'x-api-key': 'demo-public-key' },
        '{ chatAvailability { open agentsOnline unknown { field } } }',
      )
    ).json()) as { data: { chatAvailability: { open: boolean; agentsOnline: number; unknown: unknown[] } } };
    expect(availability.data.chatAvailability).toEqual({ open: true, agentsOnline: 2, unknown: [] });
    const started = (await (await post(gateway.url, { 'x-api-key': 'demo-public-key' })).json()) as {
      data: { startChatContact: { participantToken: string } };
    };
    const chat = {
      'x-api-key': 'demo-public-key',
      'x-participant-token': started.data.startChatContact.participantToken,
    };
    // Each operation of the tab as a newcomer runs it (GraphiQL sends the one under the cursor).
    const operation = (name: string) => {
      const part = EXAMPLE_CONVERSATION.split('\n\n').find((p) => new RegExp(`(query|mutation) ${name} `).test(p));
      if (!part) throw new Error(`no ${name} in the conversation tab`);
      return part;
    };
    const [send, transcript, session] = [operation('SendMessage'), operation('Transcript'), operation('Session')];
    const sent = (await (await post(gateway.url, chat, send)).json()) as {
      data: { sendChatMessage: { __typename: string } };
    };
    expect(sent.data.sendChatMessage.__typename).toBe('SendChatMessagePayload');
    // The agent joins and answers after its delays (seconds): read the transcript until it has.
    const answered = async () => {
      const body = (await (await post(gateway.url, chat, transcript)).json()) as {
        data: { chatTranscript: { edges: { node: { participantRole: string; content?: string } }[] } };
      };
      return body.data.chatTranscript.edges.some(
        (e) => e.node.participantRole === 'AGENT' && e.node.content === 'You said: "hello"',
      );
    };
    await until(answered, 60_000);
    const now = (await (await post(gateway.url, chat, session)).json()) as {
      data: { chatSession: { state: string } };
    };
    expect(now.data.chatSession.state).toBe('CONNECTED');
    expect(await gateway.stop('SIGTERM')).toBe(0);
  });

  it('in CONNECT_MODE=aws calls AWS_ENDPOINT_URL_CONNECT with the standard credential env vars', async () => {
    const simulator = await startFixtureSimulator();
    try {
      const gateway = await startGatewayProcess({
        NODE_ENV: 'production',
        CONNECT_MODE: 'aws',
        TENANTS_FILE: 'test/fixtures/tenants.json',
        AWS_ENDPOINT_URL_CONNECT: simulator.url,
        AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
        ...FIXTURE_SECRETS,
      });
      running.push(gateway);
      const response = await post(gateway.url, { 'x-api-key': 'acme-public-key' });
      const body = (await response.json()) as { data: { startChatContact: { __typename: string } } };
      expect(body.data.startChatContact.__typename).toBe('StartChatContactPayload');
      expect(simulator.received).toEqual([
        expect.objectContaining({
          accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId,
          region: 'eu-west-2',
          body: expect.objectContaining({ InstanceId: 'acme-instance', ContactFlowId: 'acme-flow' }),
        }),
      ]);
      expect(await gateway.stop()).toBe(0);
      // Read once the process ended: log lines are written in blocks, the last ones at exit, complete.
      expect(gateway.lines.join('\n')).not.toMatch(/simulator/i);
      const logged = gateway.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string });
      expect(logged.map((l) => l.msg)).toEqual(
        expect.arrayContaining(['request completed', 'shutting down', 'stopped']),
      );
      expect(logged.at(-1)?.msg).toBe('stopped');
    } finally {
      await simulator.close();
    }
  });

  it('reloads the tenants file on SIGHUP and keeps the last good one when a change is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-tenants-'));
    const file = join(dir, 'tenants.json');
    const example = JSON.parse(readFileSync('tenants.example.json', 'utf8'));
    writeFileSync(file, JSON.stringify(example));
    try {
      const gateway = await startGatewayProcess({
        NODE_ENV: 'development',
        TENANTS_FILE: file,
        TENANTS_WATCH: 'false',
      });
      running.push(gateway);
      const withKey = (key: string) => post(gateway.url, { 'x-api-key': key });
      expect((await withKey('demo-rotated-key')).status).toBe(401);

      example.tenants[0].apiKeys.push('demo-rotated-key');
      example.tenants.push({
        id: 'added',
        apiKeys: ['added-public-key'],
        connect: { region: 'ca-central-1', instanceId: 'added-instance', contactFlowId: 'added-flow' },
      });
      writeFileSync(file, JSON.stringify(example));
      gateway.child.kill('SIGHUP');
      await until(async () => (await withKey('demo-rotated-key')).status === 200);
      // The embedded simulator learned the new tenant's instance and flow.
      const added = (await (await withKey('added-public-key')).json()) as {
        data: { startChatContact: { __typename: string; region: string } };
      };
      expect(added.data.startChatContact).toMatchObject({
        __typename: 'StartChatContactPayload',
        region: 'ca-central-1',
      });

      writeFileSync(file, '{ "tenants": [');
      gateway.child.kill('SIGHUP');
      await until(async () => (await (await fetch(`${gateway.url}/readiness`)).json()).status === 'degraded');
      expect((await withKey('demo-rotated-key')).status).toBe(200);
      // Log lines reach stdout in blocks, the last at most LOG_FLUSH_MS later.
      await until(async () => /is not valid JSON.*tenants reload failed/.test(gateway.lines.join('\n')));
      expect(await gateway.stop('SIGTERM')).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('assumes a cross-account role through AWS_ENDPOINT_URL_STS in CONNECT_MODE=aws', async () => {
    const roleArn = 'arn:aws:iam::222233334444:role/InitechChat';
    const simulator = createSimulator({
      credentials: [SIMULATOR_CREDENTIALS],
      instances: [{ instanceId: 'initech-instance', contactFlowIds: ['initech-flow'] }],
      roles: [{ roleArn, externalId: 'initech-external-id' }],
    });
    await simulator.listen();
    const dir = mkdtempSync(join(tmpdir(), 'gateway-tenants-'));
    const file = join(dir, 'tenants.json');
    writeFileSync(
      file,
      JSON.stringify({
        tenants: [
          {
            id: 'initech',
            apiKeys: ['initech-public-key'],
            connect: {
              region: 'ap-southeast-2',
              instanceId: 'initech-instance',
              contactFlowId: 'initech-flow',
              roleArn,
              externalId: 'initech-external-id',
            },
          },
        ],
      }),
    );
    try {
      const gateway = await startGatewayProcess({
        NODE_ENV: 'production',
        TENANTS_FILE: file,
        AWS_ENDPOINT_URL_CONNECT: simulator.url,
        AWS_ENDPOINT_URL_STS: simulator.url,
        AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
      });
      running.push(gateway);
      for (let i = 0; i < 3; i++) {
        const body = (await (await post(gateway.url, { 'x-api-key': 'initech-public-key' })).json()) as {
          data: { startChatContact: { __typename: string } };
        };
        expect(body.data.startChatContact.__typename).toBe('StartChatContactPayload');
      }
      expect(simulator.stsCalls).toEqual([expect.objectContaining({ roleArn, externalId: 'initech-external-id' })]);
      expect(simulator.received.map((c) => [c.roleArn, c.region])).toEqual(
        Array.from({ length: 3 }, () => [roleArn, 'ap-southeast-2']),
      );
      expect(await gateway.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await simulator.close();
    }
  });

  it('serves Prometheus metrics on METRICS_PORT only, counting requests and rate-limit refusals', async () => {
    const gateway = await startGatewayProcess({
      NODE_ENV: 'development',
      METRICS_PORT: '0',
      RATE_LIMIT_IP_PER_MINUTE: '1',
    });
    running.push(gateway);
    const metricsLine = gateway.lines.map((l) => JSON.parse(l)).find((e) => e.msg === 'metrics listening');
    expect(metricsLine?.metricsPort).toBeGreaterThan(0);
    expect((await post(gateway.url, { 'x-api-key': 'demo-public-key' })).status).toBe(200);
    const limited = (await (await post(gateway.url, { 'x-api-key': 'demo-public-key' })).json()) as {
      data: { startChatContact: { __typename: string } };
    };
    expect(limited.data.startChatContact.__typename).toBe('RateLimitedError');
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(404);
    const text = await (await fetch(`http://127.0.0.1:${metricsLine.metricsPort}/metrics`)).text();
    expect(text).toMatch(
      /chat_gateway_requests_total\{tenant="demo",operation="startChatContact",outcome="StartChatContactPayload"\} 1/,
    );
    expect(text).toMatch(/chat_gateway_rate_limit_rejections_total\{tenant="demo",limit="ip"\} 1/);
    expect(text).toMatch(/chat_gateway_connect_latency_seconds_count\{operation="StartChatContact"/);
    expect(await gateway.stop('SIGTERM')).toBe(0);
  });

  it('refuses to start with a bad setting or tenants file, naming it', async () => {
    const badPort = await failingStart({ PORT: 'eighty' });
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toContain('PORT');
    const badTenants = await failingStart({ TENANTS_FILE: 'test/fixtures/tenants.json' });
    expect(badTenants.code).toBe(1);
    expect(badTenants.stderr).toContain(
      'tenants[1].connect.credentials.accessKeyId: environment variable GLOBEX_KEY_ID is not set',
    );
  });
});
