import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createGateway } from '../src/gateway.js';
import { createLogger, fixedShapeLogger, lazyChild } from '../src/logger.js';
import { createSimulator, SIMULATOR_CREDENTIALS, type Simulator } from '../src/simulator/index.js';
import { createMemoryTenantStore } from '../src/tenants/memory-store.js';
import { signForRouter } from '../src/tenants/router-signature.js';
import { parseTenants } from '../src/tenants/tenants-file.js';
import { nowSeconds, signHs256, unsignedToken, withPayload } from './helpers/jwt.js';
import { directPathEnv } from './helpers/request-path.js';

/*
 * Every log line of realistic traffic at LOG_LEVEL=trace — chats started with customer IDs and
 * JWTs, refused calls with bad JWTs and keys, router-signed calls reading the contact back, Connect
 * faults and retries, malformed input — is captured and searched for every secret the traffic
 * carried or produced. The figure printed ("secrets found: 0 of N searched") is what the suite proves.
 */

const rand = (prefix: string) => `${prefix}-${randomBytes(9).toString('hex')}`;

const HS_SECRET = rand('hs256-tenant-secret');
const ROUTER_SECRET = rand('router-hmac-secret-0123456789');
const GLOBEX_SECRET = rand('globex-secret-access-key');
const KEYS = { acme: rand('acme-key'), hs: rand('hs-key'), globex: rand('globex-key') };
const hsClaims = { issuer: 'https://hs.test', audience: 'chat' };

const START = `mutation StartChat($input: StartChatContactInput!) {
  startChatContact(input: $input) {
    __typename
    ... on StartChatContactPayload { contactId participantId participantToken region }
    ... on ChatError { code message }
    ... on InvalidInputError { fieldErrors { path message } }
  }
}`;
/** As the trusted router asks: the contact is read back (DescribeContact). */
const START_AND_READ = `mutation StartChat($input: StartChatContactInput!) {
  startChatContact(input: $input) {
    __typename
    ... on StartChatContactPayload { contactId participantToken contact { contactId state channel } }
    ... on ChatError { code }
  }
}`;

describe('logs of realistic traffic hold no secret', () => {
  let simulator: Simulator;
  let gateway: ReturnType<typeof createGateway>;
  const lines: string[] = [];
  /** Secret value → what it is. */
  const secrets = new Map<string, string>();
  const secret = (label: string, value: string) => {
    secrets.set(value, label);
    return value;
  };
  let requests = 0;

  beforeAll(async () => {
    simulator = createSimulator({
      credentials: [SIMULATOR_CREDENTIALS, { accessKeyId: 'AGLOBEXACCESSKEY', secretAccessKey: GLOBEX_SECRET }],
      instances: [
        { instanceId: 'acme-instance', contactFlowIds: ['acme-flow'] },
        { instanceId: 'globex-instance', contactFlowIds: ['globex-flow'] },
      ],
    });
    await simulator.listen(0, '127.0.0.1');
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'trace',
      RATE_LIMIT: 'off',
      ROUTER_HMAC_SECRET: ROUTER_SECRET,
      HS_SECRET,
      GLOBEX_KEY_ID: 'AGLOBEXACCESSKEY',
      GLOBEX_SECRET,
    } as const;
    const config = loadConfig({ ...env, ...directPathEnv });
    const tenants = createMemoryTenantStore(
      parseTenants(
        {
          tenants: [
            {
              id: 'acme',
              apiKeys: [KEYS.acme],
              allowedOrigins: ['https://www.acme.test'],
              connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
            },
            {
              id: 'hs',
              apiKeys: [KEYS.hs],
              connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
              auth: { required: true, ...hsClaims, maxAgeSeconds: 600, secret: { env: 'HS_SECRET' } },
              attributes: { allow: ['orderId'], fromClaims: { plan: 'plan' } },
            },
            {
              id: 'globex',
              apiKeys: [KEYS.globex],
              connect: {
                region: 'us-east-1',
                instanceId: 'globex-instance',
                contactFlowId: 'globex-flow',
                credentials: { accessKeyId: { env: 'GLOBEX_KEY_ID' }, secretAccessKey: { env: 'GLOBEX_SECRET' } },
              },
            },
          ],
        },
        config.readSecret,
      ),
    );
    gateway = createGateway({
      config,
      logger: createLogger('trace', { write: (line: string) => void lines.push(line) }),
      tenants,
      connect: { endpoint: simulator.url, stsEndpoint: simulator.url, credentials: SIMULATOR_CREDENTIALS },
      retryBackoff: () => 0,
    });
    secret('HS256 secret', HS_SECRET);
    secret('router HMAC secret', ROUTER_SECRET);
    secret('simulator secret access key', SIMULATOR_CREDENTIALS.secretAccessKey);
    secret('globex secret access key', GLOBEX_SECRET);
    for (const [tenant, key] of Object.entries(KEYS)) secret(`${tenant} API key`, key);
  });
  afterAll(async () => {
    gateway?.pool.destroy();
    await gateway?.rateLimiter?.close();
    await gateway?.app.dispose();
    await simulator?.close();
  });

  /** POSTs a GraphQL request; participant tokens in the answer join the secrets searched. */
  async function post(
    headers: Record<string, string>,
    body: { query: string; variables?: unknown; operationName?: string; extensions?: unknown },
  ) {
    requests += 1;
    const response = await gateway.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    for (const match of text.matchAll(/"participantToken":"([^"]+)"/g)) secret('participant token', match[1]!);
    return { status: response.status, text };
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${secret('JWT', token)}` });
  const input = (extra: Record<string, unknown> = {}) => ({
    input: { participantDetails: { displayName: 'Ada' }, ...extra },
  });
  /** A signed router request for `tenantId`, as Hive Gateway sends it. */
  const routed = (tenantId: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const body = { query: START_AND_READ, operationName: 'StartChat', variables };
    const signature = signForRouter(ROUTER_SECRET, body, tenantId);
    return post({ 'x-tenant-id': tenantId, ...headers }, { ...body, extensions: { 'hmac-signature': signature } });
  };

  it('finds none of the secrets in any log line', async () => {
    const acme = { 'x-api-key': KEYS.acme };
    const hs = { 'x-api-key': KEYS.hs };

    // Successful starts: client customer IDs (no auth), and customer IDs from verified JWTs.
    for (let i = 0; i < 3; i++) {
      const ok = await post(acme, {
        query: START,
        variables: input({ customerId: secret('customerId', rand('cust')) }),
      });
      expect(ok.text).toContain('StartChatContactPayload');
    }
    const globex = await post(
      {
        'x-api-key': KEYS.globex,
        'x-request-id': 'redaction-globex',
        // A browser on the tenant's own site sends its cookies along; a proxy may add its credentials.
        cookie: `session=${secret('session cookie', rand('session'))}`,
        'proxy-authorization': `Basic ${secret('proxy credentials', Buffer.from(rand('user:pass')).toString('base64'))}`,
      },
      { query: START, variables: input({ customerId: secret('customerId', rand('cust')) }) },
    );
    expect(globex.text).toContain('StartChatContactPayload');
    for (let i = 0; i < 3; i++) {
      const token = await signHs256(
        HS_SECRET,
        { customerId: secret('customerId', rand('jwt-cust')), plan: 'gold', displayName: 'Grace' },
        { ...hsClaims, subject: rand('user') },
      );
      const ok = await post({ ...hs, ...bearer(token) }, { query: START, variables: input() });
      expect(ok.text).toContain('StartChatContactPayload');
    }

    // A client customerId where the token owns it, an over-long one, an unknown input field.
    const owned = await signHs256(HS_SECRET, { customerId: secret('customerId', rand('jwt-cust')) }, hsClaims);
    const refused = await post(
      { ...hs, ...bearer(owned) },
      { query: START, variables: input({ customerId: secret('customerId', rand('client-cust')) }) },
    );
    expect(refused.text).toContain('InvalidInputError');
    await post(acme, {
      query: START,
      variables: input({ customerId: secret('customerId', `${rand('long')}x`.repeat(20)) }),
    });
    await post(acme, {
      query: START,
      variables: input({ customerId: secret('customerId', rand('cust')), instanceId: 'other-instance' }),
    });

    // A customer ID of the wrong type (a widget sending its database's number): GraphQL refuses the
    // variables with a message quoting the value.
    const numericId = Number(`7${randomBytes(5).readUIntBE(0, 5)}`);
    secret('customerId (a number)', String(numericId));
    expect((await post(acme, { query: START, variables: input({ customerId: numericId }) })).status).toBe(400);
    const objectId = rand('object-cust');
    expect(
      (await post(acme, { query: START, variables: input({ customerId: { id: secret('customerId', objectId) } }) }))
        .status,
    ).toBe(400);

    // Refused: bad JWTs of every kind, a JWT in the wrong header, unknown and missing keys.
    const expired = await signHs256(
      HS_SECRET,
      { customerId: secret('customerId', rand('exp-cust')) },
      {
        ...hsClaims,
        exp: nowSeconds() - 120,
      },
    );
    const forged = await signHs256(rand('attacker-secret-0123456789abcdef'), { customerId: 'x' }, hsClaims);
    const tampered = withPayload(owned, (p) => ({ ...p, customerId: secret('customerId', rand('tampered-cust')) }));
    const none = unsignedToken({ customerId: secret('customerId', rand('none-cust')) }, hsClaims);
    for (const token of [expired, forged, tampered, none]) {
      const r = await post({ ...hs, ...bearer(token) }, { query: START, variables: input() });
      expect(r.status).toBe(401);
    }
    expect(
      (await post({ ...hs, authorization: `Token ${secret('JWT', expired)}` }, { query: START, variables: input() }))
        .status,
    ).toBe(401);
    expect((await post({ 'x-api-key': secret('JWT', owned) }, { query: START, variables: input() })).status).toBe(401);
    expect(
      (
        await post(
          { 'x-api-key': secret('unknown API key', rand('guessed-key')) },
          { query: START, variables: input() },
        )
      ).status,
    ).toBe(401);
    expect((await post({ ...acme, origin: 'https://evil.test' }, { query: START, variables: input() })).status).toBe(
      403,
    );

    // Router-signed calls (the contact is read back), one for a tenant with auth, one badly signed.
    const viaRouter = await routed('acme', input({ customerId: secret('customerId', rand('router-cust')) }));
    expect(viaRouter.text).toContain('"contact":{');
    const routerToken = await signHs256(
      HS_SECRET,
      { customerId: secret('customerId', rand('router-jwt-cust')) },
      hsClaims,
    );
    expect((await routed('hs', input(), bearer(routerToken))).text).toContain('StartChatContactPayload');
    const badlySigned = await post(
      { 'x-tenant-id': 'acme' },
      {
        query: START,
        variables: input(),
        extensions: { 'hmac-signature': signForRouter(rand('not-the-secret'), { query: START }, 'acme') },
      },
    );
    expect(badlySigned.status).toBe(401);

    // Connect faults: retried 5xx, throttling, the chat quota, a dropped connection, a failing read.
    simulator.faults.inject('serverError', { times: 3 });
    expect(
      (await post(acme, { query: START, variables: input({ customerId: secret('customerId', rand('cust')) }) })).text,
    ).toContain('CHAT_UNAVAILABLE');
    simulator.faults.inject('throttle', { times: 3 });
    expect(
      (await post(acme, { query: START, variables: input({ customerId: secret('customerId', rand('cust')) }) })).text,
    ).toContain('RATE_LIMITED');
    simulator.faults.inject('chatLimit', { times: 1 });
    expect((await post({ ...hs, ...bearer(routerToken) }, { query: START, variables: input() })).text).toContain(
      'CHAT_CAPACITY_EXCEEDED',
    );
    simulator.faults.inject('drop', { times: 1 });
    expect(
      (await post(acme, { query: START, variables: input({ customerId: secret('customerId', rand('cust')) }) })).text,
    ).toContain('StartChatContactPayload');
    simulator.faults.inject('serverError', { times: 3, operation: 'DescribeContact' });
    expect((await routed('acme', input({ customerId: secret('customerId', rand('router-cust')) }))).text).toContain(
      'StartChatContactPayload',
    );
    simulator.faults.clear();

    // The conversation: the participant token in a header, Participant Service calls and failures.
    const chatStart = await post(acme, { query: START, variables: input() });
    const participantToken = /"participantToken":"([^"]+)"/.exec(chatStart.text)?.[1] ?? '';
    const inChat = { ...acme, 'x-participant-token': participantToken };
    const SEND = 'mutation S($input: SendChatMessageInput!) { sendChatMessage(input: $input) { __typename } }';
    const sendInput = {
      input: { contentType: 'TEXT_PLAIN', content: 'hello', clientToken: secret('client token', rand('ct')) },
    };
    expect((await post(inChat, { query: SEND, variables: sendInput })).text).toContain('SendChatMessagePayload');
    simulator.faults.inject('serverError', { times: 3, operation: 'SendMessage' });
    expect((await post(inChat, { query: SEND, variables: sendInput })).text).toContain('ChatUnavailableError');
    simulator.faults.clear();
    expect((await post(inChat, { query: '{ chatTranscript(last: 5) { __typename } }' })).text).toContain(
      'ChatTranscript',
    );
    const madeUp = { ...acme, 'x-participant-token': secret('participant token', rand('made-up-participant')) };
    expect((await post(madeUp, { query: SEND, variables: sendInput })).status).toBe(401);
    expect((await post(inChat, { query: 'mutation { endChat { __typename } }' })).text).toContain('EndChatPayload');

    const log = lines.join('');
    const found = [...secrets].filter(([value]) => log.includes(value)).map(([value, label]) => `${label}: ${value}`);
    const summary = `secrets found: ${found.length} of ${secrets.size} searched (${lines.length} log lines, ${requests} requests)`;
    console.log(summary);
    expect(found, summary).toEqual([]);
    // Something to find was logged: each request's completion, the Connect calls, redacted headers.
    expect(lines.filter((l) => l.includes('"msg":"request completed"'))).toHaveLength(requests);
    expect(log).toContain('"msg":"StartChatContact failed"');
    expect(log).toContain('"msg":"DescribeContact failed"');
    expect(log).toContain('"msg":"SendMessage failed"');
    expect(log).toContain('"level":20'); // debug lines were written
    expect(log).toContain('"authorization":"[redacted]"');
    expect(log).toContain('"x-api-key":"[redacted]"');

    expect(secrets.size).toBeGreaterThan(30);
  });
});

describe('redaction paths', () => {
  const capture = () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    return { logger, lines };
  };

  it('redacts secret keys at the top, one level down and in logged request headers', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        token: 'top-secret-1',
        input: { customerId: 'nested-secret-2', displayName: 'Ada' },
        connectError: { sessionToken: 'nested-secret-3' },
        req: { headers: { authorization: 'Bearer secret-4', 'x-api-key': 'secret-5', cookie: 'secret-6' } },
      },
      'm',
    );
    expect(lines[0]).not.toMatch(/secret-\d/);
    expect(lines[0]).toContain('Ada');
  });

  it('still redacts top-level secret keys on the fixed-shape completion line', () => {
    const { logger, lines } = capture();
    fixedShapeLogger(logger).info({ requestId: 'r-1', participantToken: 'secret-7', apiKey: 'secret-8' }, 'm');
    expect(lines[0]).not.toMatch(/secret-\d/);
    expect(lines[0]).toContain('r-1');
  });
});

describe('per-request logger', () => {
  it('makes the child only for a line that is written, with the bindings on it', () => {
    const lines: string[] = [];
    const parent = createLogger('info', { write: (line: string) => void lines.push(line) });
    let children = 0;
    const child = parent.child.bind(parent);
    parent.child = ((...args: Parameters<typeof parent.child>) => {
      children += 1;
      return child(...args);
    }) as typeof parent.child;
    const logger = lazyChild(parent, { requestId: 'r-9', customerId: 'secret-9' });
    logger.debug({ a: 1 }, 'off');
    expect(logger.isLevelEnabled('debug')).toBe(false);
    expect(children).toBe(0);
    logger.warn({ b: 2 }, 'on');
    logger.info('again');
    expect(children).toBe(1);
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { requestId: 'r-9', b: 2, msg: 'on' },
      { requestId: 'r-9', msg: 'again' },
    ]);
    expect(lines.join('\n')).not.toContain('secret-9');
  });
});
