import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originAllowed } from '../src/tenants/origins.js';
import { signForRouter } from '../src/tenants/router-signature.js';
import { StartChatDocument } from './generated/graphql.js';
import { ACME, chatResult, GLOBEX, type Harness, startHarness } from './helpers/harness.js';

const ROUTER_SECRET = 'router-secret-0123456789abcdef0123456789';
const input = { participantDetails: { displayName: 'Ada' } };

describe('origin allow-lists', () => {
  const list = ['https://www.acme.test', 'https://*.acme.test', 'http://*.local.test:5173'];
  it.each([
    ['https://www.acme.test', true],
    ['https://shop.acme.test', true],
    ['https://acme.test', false],
    ['https://a.b.acme.test', false],
    ['http://shop.acme.test', false],
    ['https://shop.acme.test:8443', false],
    ['https://evil-acme.test', false],
    ['https://shop.acme.test.evil.test', false],
    ['http://app.local.test:5173', true],
    ['http://app.local.test', false],
    ['null', false],
  ])('%s → %s', (origin, allowed) => {
    expect(originAllowed(list, origin)).toBe(allowed);
  });
});

describe('CORS per tenant', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const preflight = (origin: string) =>
    h.app.fetch('http://gateway.test/graphql', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key' },
    });

  it('answers a preflight for an origin some tenant allows, wildcards included', async () => {
    for (const origin of ['https://www.acme.test', 'https://eu.globex-shops.test:8443']) {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-headers')).toContain('x-api-key');
    }
  });

  it('refuses a preflight for an origin no tenant allows, with no CORS headers', async () => {
    const response = await preflight('https://evil.test');
    expect(response.status).toBe(403);
    expect([...response.headers.keys()].filter((k) => k.startsWith('access-control'))).toEqual([]);
  });

  it('answers CORS for the calling tenant only', async () => {
    const before = h.simulator.received.length;
    const own = await h.execute(
      StartChatDocument,
      { input },
      { ...GLOBEX, origin: 'https://eu.globex-shops.test:8443' },
    );
    expect(chatResult(own).__typename).toBe('StartChatContactPayload');
    expect(own.headers.get('access-control-allow-origin')).toBe('https://eu.globex-shops.test:8443');

    // acme's origin is allowed by some tenant (so its preflight passes) but not by globex.
    const foreign = await h.execute(StartChatDocument, { input }, { ...GLOBEX, origin: 'https://www.acme.test' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ORIGIN_NOT_ALLOWED' });
    expect([...foreign.headers.keys()].filter((k) => k.startsWith('access-control'))).toEqual([]);
    expect(h.simulator.received.length).toBe(before + 1);
  });
});

describe('trusted supergraph router (x-tenant-id + HMAC)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ROUTER_HMAC_SECRET: ROUTER_SECRET });
  });
  afterAll(() => h.close());

  const query = StartChatDocument.toString();
  const variables = { input };
  /** POSTs as a router would: the signature in extensions, the tenant in x-tenant-id. */
  const routed = (
    tenantId: string,
    signature: string | undefined,
    extra: Record<string, string> = {},
    vars = variables,
  ) =>
    h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant-id': tenantId, ...extra },
      body: JSON.stringify({
        query,
        variables: vars,
        ...(signature ? { extensions: { 'hmac-signature': signature } } : {}),
      }),
    });
  const refusal = async (response: Response) => [response.status, (await response.json()).errors[0].extensions.reason];

  it('starts a chat for the tenant a signed request names, without an API key', async () => {
    const before = h.simulator.received.length;
    const response = await routed('globex', signForRouter(ROUTER_SECRET, { query, variables }, 'globex'));
    const body = await response.json();
    expect(body.data.startChatContact.__typename).toBe('StartChatContactPayload');
    expect(h.simulator.received.slice(before).map((c) => c.body.InstanceId)).toEqual(['globex-instance']);
  });

  it('refuses unsigned, badly signed, re-targeted and tampered requests', async () => {
    const before = h.simulator.received.length;
    const good = signForRouter(ROUTER_SECRET, { query, variables }, 'globex');
    expect(await refusal(await routed('globex', undefined))).toEqual([401, 'ROUTER_SIGNATURE_MISSING']);
    expect(
      await refusal(
        await routed('globex', signForRouter('another-secret-0123456789abcdef01', { query, variables }, 'globex')),
      ),
    ).toEqual([401, 'ROUTER_SIGNATURE_INVALID']);
    // The same signature replayed for another tenant, or with other variables.
    expect(await refusal(await routed('acme', good))).toEqual([401, 'ROUTER_SIGNATURE_INVALID']);
    expect(
      await refusal(await routed('globex', good, {}, { input: { participantDetails: { displayName: 'Eve' } } })),
    ).toEqual([401, 'ROUTER_SIGNATURE_INVALID']);
    expect(await refusal(await routed('nobody', signForRouter(ROUTER_SECRET, { query, variables }, 'nobody')))).toEqual(
      [401, 'TENANT_UNKNOWN'],
    );
    expect(await refusal(await routed('globex', good, ACME))).toEqual([403, 'TENANT_MISMATCH']);
    expect(h.simulator.received.length).toBe(before);
  });

  it('binds the signature to the operation name of a multi-operation document', async () => {
    const document = `${query}\nmutation Other($input: StartChatContactInput!) { startChatContact(input: $input) { __typename } }`;
    const signed = signForRouter(ROUTER_SECRET, { query: document, operationName: 'StartChat', variables }, 'globex');
    const run = (operationName: string) =>
      h.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tenant-id': 'globex' },
        body: JSON.stringify({ query: document, operationName, variables, extensions: { 'hmac-signature': signed } }),
      });
    expect((await (await run('StartChat')).json()).data.startChatContact.__typename).toBe('StartChatContactPayload');
    expect(await refusal(await run('Other'))).toEqual([401, 'ROUTER_SIGNATURE_INVALID']);
  });

  it('refuses x-tenant-id when no router secret is configured', async () => {
    const plain = await startHarness();
    try {
      const response = await plain.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tenant-id': 'acme' },
        body: JSON.stringify({ query, variables, extensions: { 'hmac-signature': 'AAAA' } }),
      });
      expect(await refusal(response)).toEqual([401, 'ROUTER_NOT_CONFIGURED']);
      expect(plain.simulator.received.length).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
