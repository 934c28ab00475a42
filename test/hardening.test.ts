import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signForRouter } from '../src/tenants/router-signature.js';
import { ChatSettingsDocument, StartChatDocument } from './generated/graphql.js';
import { ACME, type Harness, startHarness } from './helpers/harness.js';

const ROUTER_SECRET = 'hardening-router-secret-0123456789abcdef';
const TRUSTED_DOCUMENTS = 'test/generated/persisted-documents.json';

const post = (h: Harness, body: unknown, headers: Record<string, string> = ACME) =>
  h.app.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const aliases = (n: number) =>
  `mutation { ${Array.from({ length: n }, (_, i) => `c${i}: startChatContact(input: { participantDetails: { displayName: "x" } }) { __typename }`).join(' ')} }`;

describe('abuse limits in development', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ NODE_ENV: 'development', MAX_BODY_BYTES: '4096' });
  });
  afterAll(() => h.close());

  it('refuses a body over MAX_BODY_BYTES with 413, by Content-Length or while streaming', async () => {
    const big = { query: '{ chatSettings { region } }', variables: { pad: 'x'.repeat(5000) } };
    expect((await post(h, big)).status).toBe(413);
    const bytes = new TextEncoder().encode(JSON.stringify(big));
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
        controller.close();
      },
    });
    const chunked = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ACME },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(h.simulator.received.length).toBe(0);
  });

  it('over a socket: Content-Length over the limit is 413 unread, a lying one cannot smuggle a bigger body', async () => {
    const server = createServer(h.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const url = `http://127.0.0.1:${port}/graphql`;
      const send = (body: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...ACME }, body });
      const small = await send(JSON.stringify({ query: '{ chatSettings { region } }' }));
      expect(small.status).toBe(200);
      const big = await send(
        JSON.stringify({ query: '{ chatSettings { region } }', variables: { pad: 'x'.repeat(5000) } }),
      );
      expect(big.status).toBe(413);
      expect((await big.json()).errors[0].message).toBe('Request body too large');
      // Chunked (no Content-Length): counted while it streams.
      const bytes = new TextEncoder().encode(
        JSON.stringify({ query: '{ chatSettings { region } }', pad: 'x'.repeat(5000) }),
      );
      const chunked = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ACME },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      // Content-Length says 100, 5000 bytes follow: node:http reads 100 as the body and the rest as
      // a (malformed) next request, so the parser never sees more than the declared length.
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.end(
            `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-api-key: ${ACME['x-api-key']}\r\nContent-Length: 100\r\n\r\n${'{'.repeat(5000)}`,
          );
        });
        let answer = '';
        socket.on('data', (chunk) => {
          answer += chunk.toString();
        });
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1.1 400/);
      expect(raw).toContain('HTTP/1.1 400 Bad Request');
      expect(h.simulator.received.length).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('limits every body type, not only JSON', async () => {
    for (const contentType of [
      'application/graphql+json',
      'application/graphql',
      'application/x-www-form-urlencoded',
    ]) {
      const response = await h.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': contentType, ...ACME },
        body: 'x'.repeat(5000),
      });
      expect([contentType, response.status]).toEqual([contentType, 413]);
    }
  });

  it('refuses requests a browser could send cross-site without a preflight (CSRF)', async () => {
    const form = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=mutation%7BstartChatContact%7D',
    });
    // Refused before parsing, as any request without a key: 401 with the reason a client can act on.
    expect(form.status).toBe(401);
    expect((await form.json()).errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'API_KEY_MISSING' });
    expect(h.simulator.received.length).toBe(0);
    const get = await h.app.fetch('http://gateway.test/graphql?query=%7BchatSettings%7Bregion%7D%7D');
    expect(get.status).toBe(401);
    expect((await get.json()).errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'API_KEY_MISSING' });
    const withKey = await h.app.fetch('http://gateway.test/graphql?query=%7BchatSettings%7Bregion%7D%7D', {
      headers: { ...ACME, accept: 'application/json' },
    });
    expect(withKey.status).toBe(200);
  });

  it('limits aliases (how many chats one document may start), naming the limit outside production', async () => {
    const response = await post(h, { query: aliases(6) });
    const body = await response.json();
    expect(body.errors[0].message).toMatch(/Aliases limit of 5 exceeded/);
    expect(h.simulator.received.length).toBe(0);
    const five = await (await post(h, { query: aliases(5) })).json();
    expect(Object.keys(five.data)).toHaveLength(5);
  });

  it('refuses batched requests', async () => {
    const response = await post(h, [
      { query: '{ chatSettings { region } }' },
      { query: '{ chatSettings { region } }' },
    ]);
    expect(response.status).toBe(400);
  });

  it('allows introspection for everyone in development', async () => {
    const body = await (await post(h, { query: '{ __schema { queryType { name } } }' })).json();
    expect(body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('abuse limits in production', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      NODE_ENV: 'production',
      ROUTER_HMAC_SECRET: ROUTER_SECRET,
      TRUSTED_DOCUMENTS_FILE: TRUSTED_DOCUMENTS,
    });
  });
  afterAll(() => h.close());

  const asRouter = (body: { query: string; variables?: Record<string, unknown> }) =>
    post(
      h,
      { ...body, extensions: { 'hmac-signature': signForRouter(ROUTER_SECRET, body, 'acme') } },
      { 'x-tenant-id': 'acme' },
    );

  it('hides the limit in messages and field suggestions', async () => {
    const response = await asRouter({ query: aliases(6) });
    const text = await response.text();
    expect(text).not.toMatch(/\b5\b|\b6\b/);
    const typo = await (await asRouter({ query: '{ chatSetings { region } }' })).text();
    expect(typo).not.toMatch(/Did you mean/);
  });

  it('allows introspection and _service only to the trusted router (trusted documents refuse them first)', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ _service { sdl } }']) {
      const publicCall = await (await post(h, { query })).json();
      expect(publicCall.errors[0].extensions.code).toBe('TRUSTED_DOCUMENTS_ONLY');
      const routed = await (await asRouter({ query })).json();
      expect(routed.errors, JSON.stringify(routed.errors)).toBeUndefined();
    }
  });

  it('hides "Did you mean" hints everywhere, enum values and variables included', async () => {
    const inline = await (
      await asRouter({
        query:
          'mutation { startChatContact(input: { participantDetails: { displayName: "A" }, supportedMessagingContentTypes: [TEXT_PLAN] }) { __typename } }',
      })
    ).text();
    expect(inline).toContain('TEXT_PLAN');
    expect(inline).not.toMatch(/Did you mean/);
    const query = 'mutation($input: StartChatContactInput!) { startChatContact(input: $input) { __typename } }';
    const variables = await (
      await asRouter({ query, variables: { input: { participantDetail: { displayName: 'A' } } } })
    ).text();
    expect(variables).toMatch(/participantDetail/);
    expect(variables).not.toMatch(/Did you mean/);
  });

  it('refuses an unsigned x-tenant-id before validating anything', async () => {
    const probe = await post(h, { query: '{ chatSettings { nope } }' }, { 'x-tenant-id': 'acme' });
    expect(probe.status).toBe(401);
    expect(await probe.text()).not.toContain('nope');
  });

  it('refuses introspection from an unsigned x-tenant-id', async () => {
    const unsigned = await post(h, { query: '{ __schema { queryType { name } } }' }, { 'x-tenant-id': 'acme' });
    expect(unsigned.status).toBe(401);
    expect(JSON.stringify(await unsigned.json())).not.toContain('queryType');
  });

  it('runs only trusted documents for public callers, by ID', async () => {
    const id = (StartChatDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    const variables = { input: { participantDetails: { displayName: 'Trusted' } } };
    const byId = await (await post(h, { documentId: id, variables })).json();
    expect(byId.data.startChatContact.__typename).toBe('StartChatContactPayload');
    const settingsId = (ChatSettingsDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    expect((await (await post(h, { documentId: settingsId })).json()).data.chatSettings.region).toBe('eu-west-2');
    const arbitrary = await (await post(h, { query: StartChatDocument.toString(), variables })).json();
    expect(arbitrary.errors[0].extensions.code).toBe('TRUSTED_DOCUMENTS_ONLY');
    const unknown = await (await post(h, { documentId: 'sha256:nope' })).json();
    expect(unknown.errors[0].extensions.code).toBe('TRUSTED_DOCUMENT_NOT_FOUND');
  });
});

describe('rate limits for router requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ RATE_LIMIT: 'on', RATE_LIMIT_IP_PER_MINUTE: '1', ROUTER_HMAC_SECRET: ROUTER_SECRET });
  });
  afterAll(() => h.close());

  // A server context as node:http gives it: the socket peer is what the per-IP limit counts.
  const fromSocket = (body: unknown, headers: Record<string, string>) =>
    (h.app.fetch as (url: string, init: RequestInit, context: unknown) => Promise<Response>)(
      'http://gateway.test/graphql',
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
      { req: { socket: { remoteAddress: '10.1.2.3' } } },
    );
  const typename = async (response: Response) => (await response.json()).data.startChatContact.__typename;

  it('does not put every router user into the router address’s per-IP budget', async () => {
    const query = 'mutation { startChatContact(input: { participantDetails: { displayName: "R" } }) { __typename } }';
    const signed = { query, extensions: { 'hmac-signature': signForRouter(ROUTER_SECRET, { query }, 'acme') } };
    for (let i = 0; i < 3; i++) {
      expect(await typename(await fromSocket(signed, { 'x-tenant-id': 'acme' }))).toBe('StartChatContactPayload');
    }
    expect(await typename(await fromSocket({ query }, ACME))).toBe('StartChatContactPayload');
    expect(await typename(await fromSocket({ query }, ACME))).toBe('RateLimitedError');
  });
});

describe('introspection in production without trusted documents', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ NODE_ENV: 'production' });
  });
  afterAll(() => h.close());

  it('refuses __schema, __type and _service to a public key', async () => {
    for (const query of [
      '{ __schema { queryType { name } } }',
      '{ __type(name: "Query") { name } }',
      '{ _service { sdl } }',
    ]) {
      const body = await (await post(h, { query })).json();
      expect(body.errors[0].extensions.code).toBe('INTROSPECTION_DISABLED');
      expect(body.data).toBeUndefined();
    }
    const typename = await (await post(h, { query: '{ __typename chatSettings { region } }' })).json();
    expect(typename.data).toEqual({ __typename: 'Query', chatSettings: { region: 'eu-west-2' } });
  });
});
