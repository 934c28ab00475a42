import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createLambdaHandler,
  type LambdaHandler,
  serverContextOf,
  toFetchRequest,
  toLambdaResult,
} from '../src/lambda.js';
import { SIMULATOR_CREDENTIALS, type Simulator } from '../src/simulator/index.js';
import { ChatSettingsDocument, StartChatDocument } from './generated/graphql.js';
import { FIXTURE_SECRETS, startFixtureSimulator } from './helpers/fixture-simulator.js';
import { TENANTS_FIXTURE } from './helpers/harness.js';

interface EventOptions {
  method?: string;
  path?: string;
  query?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
  stage?: string;
  sourceIp?: string;
}

/** An API Gateway HTTP API event (payload 2.0) as the service sends it. */
function httpEvent(options: EventOptions = {}): APIGatewayProxyEventV2 {
  const { method = 'POST', path = '/graphql', query = '', stage = '$default' } = options;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    ...(options.cookies ? { cookies: options.cookies } : {}),
    headers: {
      host: 'abc123.execute-api.eu-west-2.amazonaws.com',
      'x-forwarded-proto': 'https',
      'x-forwarded-for': options.sourceIp ?? '203.0.113.7',
      ...options.headers,
    },
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: options.sourceIp ?? '203.0.113.7', userAgent: 'test' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage,
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1767225600000,
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}

const startChat = (displayName = 'Ada') =>
  JSON.stringify({
    query: StartChatDocument.toString(),
    variables: { input: { participantDetails: { displayName } } },
  });

const graphqlHeaders = (extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  accept: 'application/graphql-response+json',
  ...extra,
});

interface GraphQLBody {
  readonly data?: Record<string, Record<string, unknown>>;
  readonly errors?: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[];
}

const json = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? '') as GraphQLBody;

describe('Lambda handler (API Gateway HTTP API, payload 2.0) against the Connect simulator', () => {
  let simulator: Simulator;
  let handler: LambdaHandler;
  const logLines: string[] = [];
  const env = { TENANTS_FILE: fileURLToPath(TENANTS_FIXTURE), LOG_LEVEL: 'info', ...FIXTURE_SECRETS };

  beforeAll(async () => {
    simulator = await startFixtureSimulator();
    // What the AWS SDK reads for itself in Lambda: the endpoint override and the execution role's keys.
    vi.stubEnv('AWS_ENDPOINT_URL_CONNECT', simulator.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', SIMULATOR_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SIMULATOR_CREDENTIALS.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/aws-credentials');
    // No NODE_ENV and no CONNECT_MODE: Lambda defaults to production, so to aws.
    handler = createLambdaHandler(env, { logDestination: { write: (line: string) => void logLines.push(line) } });
  });
  afterAll(async () => {
    await handler.close();
    await simulator.close();
    vi.unstubAllEnvs();
  });
  afterEach(() => {
    simulator.received.length = 0;
  });

  it('builds nothing before the first invocation, then builds once for every invocation after', async () => {
    expect(logLines).toEqual([]);
    for (let i = 0; i < 3; i++)
      expect((await handler(httpEvent({ method: 'GET', path: '/health' }))).statusCode).toBe(200);
    expect(logLines.filter((line) => line.includes('"msg":"tenants loaded"'))).toHaveLength(1);
    expect(logLines.join('')).toContain('CONNECT_MODE=aws');
  });

  it('refuses a subscription (chatEvents over SSE) at once: Lambda cannot stream', async () => {
    const result = await handler(
      httpEvent({
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          'x-api-key': 'acme-public-key',
          'x-participant-token': 'p',
        },
        body: JSON.stringify({ query: 'subscription { chatEvents { __typename } }' }),
      }),
    );
    expect(result.statusCode).toBe(406);
    expect(json(result).errors?.[0]?.extensions?.code).toBe('SUBSCRIPTIONS_NOT_SUPPORTED');
  });

  it('starts a chat: POST /graphql with x-api-key gives the payload, and Connect gets the tenant’s call', async () => {
    const result = await handler(
      httpEvent({ headers: graphqlHeaders({ 'x-api-key': 'acme-public-key' }), body: startChat() }),
    );
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: false });
    expect(result.headers?.['content-type']).toMatch(/^application\/graphql-response\+json/);
    expect(result.headers?.['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.cookies).toBeUndefined();
    const payload = json(result).data?.startChatContact;
    expect(payload).toMatchObject({ __typename: 'StartChatContactPayload', region: 'eu-west-2' });
    expect(payload?.contactId).toMatch(/^[0-9a-f-]{36}$/);
    expect(simulator.received).toEqual([
      {
        operation: 'StartChatContact',
        accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId,
        region: 'eu-west-2',
        contactId: payload?.contactId,
        body: expect.objectContaining({
          InstanceId: 'acme-instance',
          ContactFlowId: 'acme-flow',
          ParticipantDetails: { DisplayName: 'Ada' },
        }),
      },
    ]);
  });

  it('decodes a base64 body (with the tenant’s own credentials for globex)', async () => {
    const body = startChat('Grace');
    const result = await handler(
      httpEvent({
        headers: graphqlHeaders({
          'x-api-key': 'globex-public-key',
          'content-length': String(Buffer.byteLength(body)),
        }),
        body: Buffer.from(body).toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(json(result).data?.startChatContact).toMatchObject({
      __typename: 'StartChatContactPayload',
      region: 'us-east-1',
    });
    expect(simulator.received).toEqual([
      expect.objectContaining({
        accessKeyId: FIXTURE_SECRETS.GLOBEX_KEY_ID,
        region: 'us-east-1',
        body: expect.objectContaining({ InstanceId: 'globex-instance', ParticipantDetails: { DisplayName: 'Grace' } }),
      }),
    ]);
  });

  it('passes the query string: GET /graphql?query=… runs chatSettings', async () => {
    const result = await handler(
      httpEvent({
        method: 'GET',
        query: new URLSearchParams({ query: ChatSettingsDocument.toString() }).toString(),
        headers: { accept: 'application/graphql-response+json', 'x-api-key': 'acme-public-key' },
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(json(result).data?.chatSettings).toMatchObject({ region: 'eu-west-2', authenticationRequired: false });
    expect(simulator.received).toEqual([]);
  });

  it.each([
    ['$default', '/health'],
    ['prod', '/prod/health'],
  ])('answers GET /health on the %s stage (%s)', async (stage, path) => {
    const result = await handler(httpEvent({ method: 'GET', path, stage }));
    expect(result.statusCode).toBe(200);
  });

  it('answers a preflight from an origin some tenant allows, and refuses any other with 403', async () => {
    const preflight = (origin: string) =>
      httpEvent({
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-api-key',
        },
      });
    const allowed = await handler(preflight('https://www.acme.test'));
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': 'https://www.acme.test',
      'access-control-allow-headers': expect.stringContaining('x-api-key'),
    });
    expect(allowed.body).toBe('');

    const refused = await handler(preflight('https://evil.test'));
    expect(refused.statusCode).toBe(403);
    expect(refused.headers?.['access-control-allow-origin']).toBeUndefined();
    expect(simulator.received).toEqual([]);
  });

  it('refuses a request without x-api-key with 401, and Connect is never called', async () => {
    const result = await handler(httpEvent({ headers: graphqlHeaders(), body: startChat() }));
    expect(result.statusCode).toBe(401);
    expect(json(result).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'API_KEY_MISSING' });
    expect(simulator.received).toEqual([]);
  });

  it('refuses a malformed body with 400, and Connect is never called', async () => {
    const result = await handler(
      httpEvent({ headers: graphqlHeaders({ 'x-api-key': 'acme-public-key' }), body: '{"query": "mutation {' }),
    );
    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toHaveLength(1);
    expect(simulator.received).toEqual([]);
  });

  it('counts the per-IP limit under requestContext.http.sourceIp, not a forged x-forwarded-for', async () => {
    const limited = createLambdaHandler(
      { ...env, RATE_LIMIT_IP_PER_MINUTE: '1' },
      { logDestination: { write: () => {} } },
    );
    try {
      const start = async (sourceIp: string, headers: Record<string, string> = {}) =>
        json(
          await limited(
            httpEvent({
              sourceIp,
              headers: graphqlHeaders({ 'x-api-key': 'acme-public-key', ...headers }),
              body: startChat(),
            }),
          ),
        ).data?.startChatContact?.__typename;
      expect(await start('198.51.100.1')).toBe('StartChatContactPayload');
      expect(await start('198.51.100.1', { 'x-forwarded-for': '192.0.2.99' })).toBe('RateLimitedError');
      expect(await start('198.51.100.2')).toBe('StartChatContactPayload');
      expect(simulator.received).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });

  it('fails an invocation on a bad setting, naming it, and builds again on the next one', async () => {
    const settings: Record<string, string> = { ...env, TENANTS_FILE: '/nonexistent/tenants.json' };
    const broken = createLambdaHandler(settings, { logDestination: { write: () => {} } });
    await expect(broken(httpEvent({ method: 'GET', path: '/health' }))).rejects.toThrow(/Cannot read tenants file/);
    settings.TENANTS_FILE = env.TENANTS_FILE;
    expect((await broken(httpEvent({ method: 'GET', path: '/health' }))).statusCode).toBe(200);
    await broken.close();

    const badNumber = createLambdaHandler({ ...env, CONNECT_MAX_ATTEMPTS: 'many' });
    await expect(badNumber(httpEvent())).rejects.toThrow(/CONNECT_MAX_ATTEMPTS/);
  });

  it('runs from the bundle Lambda loads (npm run build:lambda): index.cjs, with GraphiQL in graphiql.cjs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));
    try {
      const file = join(dir, 'index.cjs');
      execFileSync('npm', ['run', '--silent', 'build:lambda', '--', `--outdir=${dir}`], { stdio: 'pipe' });
      expect(readdirSync(dir).sort()).toEqual(['graphiql.cjs', 'index.cjs']);
      // Required natively, outside Vite, from a directory with no node_modules: nothing resolves outside the two files.
      const bundle = createRequire(import.meta.url)(file) as typeof import('../src/lambda.js');
      expect(typeof bundle.handler).toBe('function');
      const bundled = bundle.createLambdaHandler(env, { logDestination: { write: () => {} } });
      try {
        const started = await bundled(
          httpEvent({ headers: graphqlHeaders({ 'x-api-key': 'acme-public-key' }), body: startChat() }),
        );
        expect(json(started).data?.startChatContact).toMatchObject({ __typename: 'StartChatContactPayload' });
        expect(simulator.received).toEqual([expect.objectContaining({ region: 'eu-west-2' })]);
        // One copy of graphql in the bundle: expected errors keep their code instead of being masked.
        const refused = await bundled(httpEvent({ headers: graphqlHeaders(), body: startChat() }));
        expect(refused.statusCode).toBe(401);
        expect(json(refused).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      } finally {
        await bundled.close();
      }
      // GraphiQL (off in production) comes from graphiql.cjs when switched on.
      const withGraphiql = bundle.createLambdaHandler(
        { ...env, GRAPHIQL: 'true' },
        { logDestination: { write: () => {} } },
      );
      try {
        const page = await withGraphiql(httpEvent({ method: 'GET', headers: { accept: 'text/html' } }));
        expect(page.statusCode).toBe(200);
        expect(page.body).toMatch(/<html[\s\S]*graphiql/i);
      } finally {
        await withGraphiql.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never embeds the simulator: CONNECT_MODE=simulator is refused', async () => {
    const simulated = createLambdaHandler({ ...env, CONNECT_MODE: 'simulator' });
    await expect(simulated(httpEvent())).rejects.toThrow(/CONNECT_MODE=simulator is not available in Lambda/);
  });
});

describe('event ↔ Fetch conversion', () => {
  it('builds the Request: method, stage-less path and query, lower-case headers, cookies, base64 body', async () => {
    const request = toFetchRequest(
      httpEvent({
        method: 'POST',
        path: '/prod/graphql',
        stage: 'prod',
        query: 'a=1&b=%20x',
        headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
        cookies: ['session=abc', 'theme=dark'],
        body: Buffer.from('{"query":"{ __typename }"}').toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://abc123.execute-api.eu-west-2.amazonaws.com/graphql?a=1&b=%20x');
    expect(request.headers.get('x-api-key')).toBe('k');
    expect(request.headers.get('cookie')).toBe('session=abc; theme=dark');
    expect(await request.text()).toBe('{"query":"{ __typename }"}');
  });

  it('drops a body API Gateway passes on a GET, and keeps a path that only starts like the stage', async () => {
    const request = toFetchRequest(httpEvent({ method: 'GET', path: '/production/x', stage: 'prod', body: 'ignored' }));
    expect(request.body).toBeNull();
    expect(new URL(request.url).pathname).toBe('/production/x');
  });

  it('gives the app the client address as node:http would (req.socket.remoteAddress)', () => {
    expect(serverContextOf(httpEvent({ sourceIp: '198.51.100.23' }))).toEqual({
      req: { socket: { remoteAddress: '198.51.100.23' } },
    });
  });

  it('answers every Set-Cookie in cookies, text as text and anything else as base64', async () => {
    const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' });
    headers.append('set-cookie', 'a=1; Path=/; HttpOnly');
    headers.append('set-cookie', 'b=2; Path=/');
    expect(await toLambdaResult(new Response('{"ok":true}', { status: 201, headers }))).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' },
      cookies: ['a=1; Path=/; HttpOnly', 'b=2; Path=/'],
      body: '{"ok":true}',
      isBase64Encoded: false,
    });

    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const binary = await toLambdaResult(new Response(bytes, { headers: { 'content-type': 'image/png' } }));
    expect(binary).toMatchObject({ isBase64Encoded: true, body: Buffer.from(bytes).toString('base64') });

    const gzipped = await toLambdaResult(
      new Response(bytes, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }),
    );
    expect(gzipped.isBase64Encoded).toBe(true);

    expect(await toLambdaResult(new Response(null, { status: 204 }))).toEqual({
      statusCode: 204,
      headers: {},
      body: '',
      isBase64Encoded: false,
    });
  });
});
