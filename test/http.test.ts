import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { AvailabilityService, ChatFeed, ChatStarter, ParticipantService } from '../src/chat/ports.js';
import { createLogger } from '../src/logger.js';
import { createCallerTokenVerifier } from '../src/tenants/caller-token.js';
import { createMemoryTenantStore } from '../src/tenants/memory-store.js';
import { parseTenants } from '../src/tenants/tenants-file.js';
import { ChatSettingsDocument, StartChatDocument } from './generated/graphql.js';
import { ACME, type Harness, startHarness } from './helpers/harness.js';
import { directPath } from './helpers/request-path.js';

const notUsed = () => Promise.reject(new Error('not used'));
const unusedAvailability: AvailabilityService = {
  of: () => Promise.reject(new Error('not used')),
  queueStatus: () => Promise.reject(new Error('not used')),
};
const unusedFeed: ChatFeed = {
  open: () => {
    throw new Error('not used');
  },
};
const unusedParticipants: ParticipantService = {
  sendMessage: notUsed,
  sendEvent: notUsed,
  transcript: notUsed,
  disconnect: notUsed,
  startAttachmentUpload: notUsed,
  completeAttachmentUpload: notUsed,
  attachmentUrl: notUsed,
};

describe('HTTP surface', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it.each([
    ['no key', {}, 401, 'UNAUTHENTICATED'],
    ['an unknown key', { 'x-api-key': 'who-knows-this' }, 401, 'UNAUTHENTICATED'],
    ['a disallowed origin', { ...ACME, origin: 'https://evil.test' }, 403, 'FORBIDDEN'],
    ["another tenant's origin", { ...ACME, origin: 'https://chat.globex.test' }, 403, 'FORBIDDEN'],
  ])('refuses %s and reaches no tenant', async (_name, headers, status, code) => {
    h.simulator.received.length = 0;
    const result = await h.execute(
      StartChatDocument,
      { input: { participantDetails: { displayName: 'Ada' } } },
      headers,
    );
    expect(result.status, JSON.stringify(result.body)).toBe(status);
    expect(result.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.body.data ?? null).toBeNull();
    expect(h.simulator.count()).toBe(0);
  });

  it('accepts an allowed origin and a call without Origin (a server)', async () => {
    expect((await h.execute(ChatSettingsDocument, {}, { ...ACME, origin: 'https://www.acme.test' })).status).toBe(200);
    expect((await h.execute(ChatSettingsDocument, {}, ACME)).status).toBe(200);
  });

  it("answers chatSettings for the calling tenant's region", async () => {
    const result = await h.execute(ChatSettingsDocument, {}, { 'x-api-key': 'globex-second-key' });
    expect(result.body.data?.chatSettings).toEqual({
      supportedContentTypes: ['TEXT_PLAIN', 'TEXT_MARKDOWN', 'APPLICATION_JSON', 'INTERACTIVE', 'INTERACTIVE_RESPONSE'],
      chatDurationInMinutes: { min: 60, max: 10080, default: 1500 },
      initialMessageAllowed: true,
      initialMessageMaxLength: 16384,
      displayNameMaxLength: 256,
      persistentChatAllowed: true,
      relatedContactsAllowed: true,
      allowedAttributeKeys: null,
      allowedSegmentAttributeKeys: null,
      authenticationRequired: false,
      region: 'us-east-1',
    });
  });

  it('answers CORS only for allowed origins, preflight included', async () => {
    const preflight = (origin: string) =>
      h.app.fetch('http://gateway.test/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key' },
      });
    expect((await preflight('https://www.acme.test')).headers.get('access-control-allow-origin')).toBe(
      'https://www.acme.test',
    );
    expect((await preflight('https://evil.test')).headers.get('access-control-allow-origin')).toBeNull();
    const refused = await h.execute(ChatSettingsDocument, {}, { ...ACME, origin: 'https://evil.test' });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await h.execute(ChatSettingsDocument, {}, { ...ACME, origin: 'https://www.acme.test' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.acme.test');
    // Every header a conversation page sends may be sent.
    const headers = (await preflight('https://www.acme.test')).headers.get('access-control-allow-headers') ?? '';
    for (const header of ['x-api-key', 'x-participant-token', 'authorization', 'content-type']) {
      expect(headers.split(/,\s*/)).toContain(header);
    }
  });

  it("lets the key's page read an error raised before its tenant was resolved (validation, armor)", async () => {
    const post = (query: string, origin: string, key: Record<string, string> = ACME) =>
      h.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...key, origin },
        body: JSON.stringify({ query }),
      });
    const tooManyAliases = `{ ${['a', 'b', 'c', 'd', 'e', 'f'].map((a) => `${a}: chatSettings { region }`).join(' ')} }`;
    const tooManyTokens = `{ ${'__typename '.repeat(2100)}}`;
    for (const query of ['{ nope }', tooManyAliases, tooManyTokens]) {
      const readable = await post(query, 'https://www.acme.test');
      expect(readable.headers.get('access-control-allow-origin')).toBe('https://www.acme.test');
      expect(
        ((await readable.json()) as { errors: { extensions?: { code?: string } }[] }).errors[0]?.extensions?.code,
      ).toBeTruthy();
    }
    expect((await post('{ nope }', 'https://evil.test')).headers.get('access-control-allow-origin')).toBeNull();
    // Depth counts fields, not the `... on` every union result needs: a page's fragments pass.
    const fragments = `fragment Item on ChatItem { id at participantRole ... on ChatAttachmentItem { attachments { attachmentId } } }
      { chatTranscript(last: 5) { ... on ChatTranscript { edges { node { ...Item } } } ... on ChatError { code } } }`;
    const page = (await (
      await post(fragments, 'https://www.acme.test', { ...ACME, 'x-participant-token': 't' })
    ).json()) as {
      errors?: { message: string }[];
    };
    expect(page.errors?.map((e) => e.message).join() ?? '').not.toMatch(/depth/i);
    expect(
      (await post('{ nope }', 'https://www.acme.test', { 'x-api-key': 'unknown-key-0000' })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
  });

  it('puts x-request-id on every response, keeping a sane incoming one', async () => {
    const generated = await h.app.fetch('http://gateway.test/health');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await h.execute(ChatSettingsDocument, {}, { ...ACME, 'x-request-id': 'abc-123' });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await h.execute(ChatSettingsDocument, {}, { ...ACME, 'x-request-id': 'bad id\twith spaces' });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await h.execute(ChatSettingsDocument, {}, {});
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('marks GraphQL answers private, varying by Origin', async () => {
    const result = await h.execute(ChatSettingsDocument, {}, ACME);
    expect(result.headers.get('cache-control')).toBe('private, no-store');
    expect(result.headers.get('vary')).toMatch(/origin/i);
  });

  it('serves /health and /readiness without a key', async () => {
    const health = await h.app.fetch('http://gateway.test/health');
    expect(health.status).toBe(200);
    const ready = await h.app.fetch('http://gateway.test/readiness');
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ready', ready: true, tenants: { ok: true, tenantCount: 3 } },
    ]);
  });

  it('answers 400 for malformed GraphQL', async () => {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...ACME },
      body: JSON.stringify({ query: 'mutation {' }),
    });
    expect(response.status).toBe(400);
  });
});

/** One tenant, `demo-public-key`, for app-level tests with a fake chat starter. */
function demoTenants() {
  return createMemoryTenantStore(
    parseTenants(
      {
        tenants: [
          {
            id: 'demo',
            apiKeys: ['demo-public-key'],
            connect: { region: 'us-east-1', instanceId: 'i', contactFlowId: 'f' },
          },
        ],
      },
      () => undefined,
    ),
  );
}

describe('masking and readiness', () => {
  const tenants = demoTenants();
  const lines: string[] = [];
  const failing: ChatStarter = {
    start: () => Promise.reject(new Error('boom at arn:aws:connect:us-east-1:123456789012:instance/i')),
  };
  let ready = true;
  const app = createApp({
    directPath,
    logger: createLogger('debug', { write: (l: string) => void lines.push(l) }),
    tenants,
    tokens: createCallerTokenVerifier(),
    ports: {
      chatStarter: failing,
      contactReader: { describe: () => Promise.reject(new Error('not used')) },
      participants: unusedParticipants,
      feed: unusedFeed,
      availability: unusedAvailability,
    },
    graphiql: true,
    graphiqlApiKey: 'demo-public-key',
    readiness: () => (ready ? { ready } : { ready, reason: 'shutting down' }),
  });

  it('masks unexpected errors and logs them under the request ID', async () => {
    const response = await app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'demo-public-key', 'x-request-id': 'mask-1' },
      body: JSON.stringify({
        query: StartChatDocument.toString(),
        variables: { input: { participantDetails: { displayName: 'A' } } },
      }),
    });
    const text = await response.text();
    expect(text).not.toMatch(/boom|arn:|123456789012|stack/);
    expect(JSON.parse(text).errors[0].message).toBe('Unexpected error.');
    expect(lines.find((l) => l.includes('mask-1') && l.includes('unexpected error'))).toContain('boom');
  });

  it('reports not ready while shutting down', async () => {
    ready = false;
    const response = await app.fetch('http://gateway.test/readiness');
    expect([response.status, await response.json()]).toEqual([
      503,
      { status: 'not ready', ready: false, reason: 'shutting down', tenants: { ok: true, tenantCount: 1 } },
    ]);
    ready = true;
  });

  it('serves GraphiQL offline, with the example and the demo key prefilled', async () => {
    const response = await app.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).not.toMatch(/<script[^>]+src="https?:|<link[^>]+href="https?:/);
    expect(html).toContain('startChatContact');
    expect(html).toContain('demo-public-key');
  });

  it('serves GraphiQL as a small page and separate, compressed, immutable assets (not one 9 MB response)', async () => {
    const html = await (await app.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } })).text();
    expect(html.length).toBeLessThan(20_000);
    // Relative to the page, so a path prefix in front of the gateway is kept.
    const assets = [...html.matchAll(/(?:src|href)="(graphql\/graphiql\/[0-9a-f]{16}\.(?:js|css|ico))"/g)].map(
      (m) => `/${m[1]!}`,
    );
    // The Monaco workers, named in the page's worker map ("label":"url").
    const workers = [...html.matchAll(/":"(graphql\/graphiql\/[0-9a-f]{16}\.js)"/g)].map((m) => `/${m[1]!}`);
    expect(new Set(assets.map((a) => a.split('.').pop()))).toEqual(new Set(['js', 'css', 'ico']));
    expect(workers).toHaveLength(3);
    let total = 0;
    for (const path of [...assets, ...workers]) {
      const response = await app.fetch(`http://gateway.test${path}`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      if (!path.endsWith('.ico')) expect(response.headers.get('content-encoding')).toBe('br');
      total += Number(response.headers.get('content-length'));
    }
    // ≈ 8.8 MB as sent before, compressed now.
    expect(total).toBeLessThan(3_000_000);
    const plain = await app.fetch(`http://gateway.test${assets.find((a) => a.endsWith('.css'))}`);
    expect([plain.headers.get('content-encoding'), plain.headers.get('content-type')]).toEqual([
      null,
      'text/css; charset=utf-8',
    ]);
    expect((await app.fetch('http://gateway.test/graphql/graphiql/0000000000000000.js')).status).toBe(404);
    // A GraphQL answer stays private whatever its URL carries.
    const answer = await app.fetch('http://gateway.test/graphql?x=/graphql/graphiql/', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'demo-public-key' },
      body: JSON.stringify({ query: '{ chatSettings { region } }' }),
    });
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('GraphQL over HTTP audits (graphql-http)', () => {
  const tenants = demoTenants();
  const app = createApp({
    directPath,
    logger: createLogger('silent'),
    tenants,
    tokens: createCallerTokenVerifier(),
    ports: {
      chatStarter: { start: () => Promise.reject(new Error('not used')) },
      contactReader: { describe: () => Promise.reject(new Error('not used')) },
      participants: unusedParticipants,
      feed: unusedFeed,
      availability: unusedAvailability,
    },
  });
  const audits = serverAudits({
    url: 'http://gateway.test/graphql',
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('x-api-key', 'demo-public-key');
      return app.fetch(input as string, { ...init, headers });
    },
  });
  it.each(audits.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    if (result.status === 'error') throw new Error(result.reason);
  });
});
