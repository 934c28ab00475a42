import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regularMediaTypeFor } from '../src/http/regular-media-type.js';
import { signForRouter } from '../src/tenants/router-signature.js';
import { StartChatDocument } from './generated/graphql.js';
import { openChatEventStream } from './helpers/chat-event-stream.js';
import { waitUntil as until } from './helpers/chat-waits.js';
import { ACME, type Harness, startHarness } from './helpers/harness.js';
import { startListeningGateway } from './helpers/listening-gateway.js';

/**
 * The direct path (issue 17, item 3): the hot documents Yoga validated once run without Yoga's
 * machinery. Two harnesses side by side, one with the path and one without, must answer every
 * request alike; the completion line's `direct: true` says which requests the path took.
 */
const ROUTER_SECRET = 'r'.repeat(40);
const MANIFEST = 'test/generated/persisted-documents.json';
const START = StartChatDocument.toString();
const START_ID = Object.entries(JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>).find(
  ([, source]) => source.startsWith('mutation StartChat('),
)?.[0];
const INPUT = { participantDetails: { displayName: 'Ada' } };

interface Case {
  readonly name: string;
  readonly headers?: Record<string, string>;
  readonly body: Record<string, unknown>;
  /** Whether the direct path should answer it (after a first, warming request). */
  readonly direct: boolean;
}

const routerBody = (body: Record<string, unknown>, tenantId: string) => ({
  ...body,
  extensions: { 'hmac-signature': signForRouter(ROUTER_SECRET, body as { query: string }, tenantId) },
});

const CASES: Case[] = [
  { name: 'no Accept header', body: { query: START, variables: { input: INPUT } }, direct: true },
  {
    name: 'application/json',
    headers: { accept: 'application/json' },
    body: { query: START, variables: { input: INPUT } },
    direct: true,
  },
  {
    name: 'graphql-response+json',
    headers: { accept: 'application/graphql-response+json' },
    body: { query: START, variables: { input: INPUT } },
    direct: true,
  },
  {
    name: 'both, charset',
    headers: { accept: 'application/graphql-response+json; charset=utf-8, application/json' },
    body: { query: START, variables: { input: INPUT } },
    direct: true,
  },
  {
    name: 'application/*',
    headers: { accept: 'application/*' },
    body: { query: START, variables: { input: INPUT } },
    direct: true,
  },
  {
    name: 'another charset only',
    headers: { accept: 'application/json; charset=latin1' },
    body: { query: START, variables: { input: INPUT } },
    direct: false,
  },
  {
    name: 'event stream',
    headers: { accept: 'text/event-stream' },
    body: { query: START, variables: { input: INPUT } },
    direct: false,
  },
  {
    name: 'an allowed origin',
    headers: { origin: 'https://www.acme.test' },
    body: { query: START, variables: { input: INPUT } },
    direct: true,
  },
  {
    name: 'a foreign origin (403)',
    headers: { origin: 'https://evil.test' },
    body: { query: START, variables: { input: INPUT } },
    direct: true,
  },
  {
    name: 'an unknown key (401)',
    headers: { 'x-api-key': 'nobody' },
    body: { query: START, variables: { input: INPUT } },
    direct: true,
  },
  {
    name: 'invalid input (a union result)',
    body: { query: START, variables: { input: { participantDetails: { displayName: '' } } } },
    direct: true,
  },
  {
    name: 'variables that do not coerce',
    headers: { accept: 'application/graphql-response+json' },
    body: { query: START, variables: { input: { participantDetails: 5 } } },
    direct: false,
  },
  { name: 'variables that do not coerce, plain JSON', body: { query: START, variables: {} }, direct: false },
  {
    name: 'variables too deep',
    body: { query: START, variables: { input: INPUT, deep: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) } },
    direct: false,
  },
  {
    name: 'another operation name',
    body: { query: START, operationName: 'Other', variables: { input: INPUT } },
    direct: false,
  },
  {
    name: 'the same operation name',
    body: { query: START, operationName: 'StartChat', variables: { input: INPUT } },
    direct: true,
  },
  {
    name: 'x-tenant-id unsigned',
    headers: { 'x-tenant-id': 'acme', 'x-api-key': '' },
    body: { query: START, variables: { input: INPUT } },
    direct: false,
  },
  {
    name: 'x-tenant-id signed by the router',
    headers: { 'x-tenant-id': 'acme', 'x-api-key': '' },
    body: routerBody({ query: START, variables: { input: INPUT } }, 'acme'),
    direct: true,
  },
  { name: 'an unexpected parameter', body: { query: START, variables: { input: INPUT }, foo: 1 }, direct: false },
  { name: 'a body that is not an object', body: [] as unknown as Record<string, unknown>, direct: false },
];

/** A response with what differs between any two chat starts (IDs, tokens) left out. */
async function comparable(response: Response) {
  const text = await response.text();
  const shape = text
    .replace(/"(contactId|participantId|participantToken|requestId)":"[^"]*"/g, '"$1":"…"')
    .replace(/"retryAfterSeconds":\d+/g, '"retryAfterSeconds":…');
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    vary: response.headers.get('vary'),
    cors: response.headers.get('access-control-allow-origin'),
    exposes: response.headers.get('access-control-expose-headers'),
    hasRequestId: response.headers.has('x-request-id'),
    body: shape,
  };
}

const directLines = (h: Harness) =>
  h.logLines.filter((line) => line.includes('"request completed"') && line.includes('"direct":true')).length;

function post(h: Harness, c: Case) {
  return h.app.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...ACME, ...c.headers },
    body: JSON.stringify(c.body),
  });
}

describe('the direct path answers as Yoga does', () => {
  let withPath: Harness;
  let yogaOnly: Harness;
  beforeAll(async () => {
    const env = { ROUTER_HMAC_SECRET: ROUTER_SECRET };
    [withPath, yogaOnly] = await Promise.all([
      startHarness({ ...env, DIRECT_PATH: 'on' }),
      startHarness({ ...env, DIRECT_PATH: 'off' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([withPath.close(), yogaOnly.close()]);
  });

  it('takes a hot document only once Yoga validated it', async () => {
    const first = { name: 'first', body: { query: START, variables: { input: INPUT } }, direct: true };
    const before = directLines(withPath);
    expect((await post(withPath, first)).status).toBe(200);
    expect(directLines(withPath)).toBe(before);
    expect((await post(withPath, first)).status).toBe(200);
    expect(directLines(withPath)).toBe(before + 1);
  });

  for (const c of CASES) {
    it(`${c.name}: the same status, headers and body ${c.direct ? 'on the direct path' : 'through Yoga'}`, async () => {
      const warm = { name: 'warm', body: { query: START, variables: { input: INPUT } }, direct: true };
      await post(withPath, warm);
      const before = directLines(withPath);
      const [mine, theirs] = await Promise.all([post(withPath, c), post(yogaOnly, c)]);
      expect(await comparable(mine)).toEqual(await comparable(theirs));
      expect(directLines(withPath) - before).toBe(c.direct ? 1 : 0);
      expect(directLines(yogaOnly)).toBe(0);
    });
  }

  it('counts and logs a direct request as Yoga does: tenant, operation, outcome', async () => {
    await post(withPath, { name: 'x', body: { query: START, variables: { input: INPUT } }, direct: true });
    const line = withPath.logLines.filter((l) => l.includes('"direct":true')).at(-1) ?? '';
    expect(JSON.parse(line)).toMatchObject({
      tenantId: 'acme',
      via: 'apiKey',
      method: 'POST',
      path: '/graphql',
      operationName: 'StartChat',
      operation: 'startChatContact',
      outcome: 'StartChatContactPayload',
      status: 200,
      connect: { calls: 1 },
    });
    const metrics = await withPath.metrics.registry.getSingleMetricAsString('chat_gateway_requests_total');
    expect(metrics).toMatch(/tenant="acme",operation="startChatContact",outcome="StartChatContactPayload"} [1-9]/);
  });
});

describe('trusted documents on the direct path', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ TRUSTED_DOCUMENTS_FILE: MANIFEST, DIRECT_PATH: 'on' });
  });
  afterAll(() => h.close());

  it('runs a trusted document by ID directly, and still refuses a public caller its own text', async () => {
    expect(START_ID).toBeDefined();
    const byId: Case = { name: 'id', body: { documentId: START_ID, variables: { input: INPUT } }, direct: true };
    for (let i = 0; i < 2; i++) {
      const body = await (await post(h, byId)).json();
      expect(body.data.startChatContact.__typename).toBe('StartChatContactPayload');
    }
    expect(directLines(h)).toBe(1);
    const byText: Case = { name: 'text', body: { query: START, variables: { input: INPUT } }, direct: false };
    for (let i = 0; i < 2; i++) {
      const body = await (await post(h, byText)).json();
      expect(body.errors[0].extensions.code).toBe('TRUSTED_DOCUMENTS_ONLY');
    }
    expect(directLines(h)).toBe(1);
  });
});

type ListeningGateway = Awaited<ReturnType<typeof startListeningGateway>>;

/** A gateway process on loopback with the example tenants and the direct path on. */
const startDirectGateway = () =>
  startListeningGateway({
    tenants: JSON.parse(readFileSync('tenants.example.json', 'utf8')),
    env: { DIRECT_PATH: 'on' },
  });

describe('the direct path over node:http', () => {
  let gateway: ListeningGateway;
  beforeAll(async () => {
    gateway = await startDirectGateway();
  });
  afterAll(() => gateway.close());

  const direct = () =>
    gateway
      .log()
      .split('\n')
      .filter((l) => l.includes('"direct":true')).length;

  it('answers with a Content-Length; a chunked body (no Content-Length) goes to Yoga', async () => {
    const body = JSON.stringify({ query: START, variables: { input: INPUT } });
    const headers = { 'content-type': 'application/json', 'x-api-key': 'demo-public-key' };
    for (let i = 0; i < 2; i++) {
      const response = await fetch(gateway.url, { method: 'POST', headers, body });
      expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(await response.clone().text())));
      expect(
        ((await response.json()) as { data: { startChatContact: { __typename: string } } }).data.startChatContact
          .__typename,
      ).toBe('StartChatContactPayload');
    }
    expect(direct()).toBe(1);
    const chunked = await fetch(gateway.url, {
      method: 'POST',
      headers,
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(200);
    expect(direct()).toBe(1);
  });
});

describe('chatEvents on the direct path over node:http', () => {
  let gateway: ListeningGateway;
  beforeAll(async () => {
    gateway = await startDirectGateway();
  });
  afterAll(() => gateway.close());

  const EVENTS = `subscription Events($after: ID) { chatEvents(after: $after) { __typename
    ... on ChatItem { id participantRole }
    ... on ChatMessageItem { content } } }`;
  const KEY = { 'x-api-key': 'demo-public-key' };
  const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
    (await (
      await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...KEY, ...headers },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as unknown;
  const streamLines = () =>
    gateway
      .log()
      .split('\n')
      .filter((l) => l.includes('"request completed"') && l.includes('"outcome":"stream"'));

  it('relays the same events as Yoga, from the second stream of a document on, and completes at the end', async () => {
    const started = (await gql(START, { input: INPUT })) as {
      data: { startChatContact: { participantToken: string } };
    };
    const { participantToken } = started.data.startChatContact;
    const chat = { ...KEY, 'x-participant-token': participantToken };
    const open = () => openChatEventStream({ fetch, url: gateway.url, headers: chat, query: EVENTS, variables: {} });
    const viaYoga = await open();
    const direct = await open();
    await until(() => streamLines().length === 2, 60_000, 'two streams open');
    expect(streamLines().map((l) => JSON.parse(l).direct)).toEqual([undefined, true]);
    await gql(
      'mutation Send($input: SendChatMessageInput!) { sendChatMessage(input: $input) { __typename } }',
      {
        input: { contentType: 'TEXT_PLAIN', content: 'hello' },
      },
      chat,
    );
    const mine = (e: { content?: string }) => e.content === 'hello';
    await Promise.all([viaYoga.until(mine, 60_000, 'my message'), direct.until(mine, 60_000, 'my message')]);
    await gql('mutation { endChat { __typename } }', {}, chat);
    expect(await direct.ended(60_000)).toEqual({ kind: 'complete' });
    expect(await viaYoga.ended(60_000)).toEqual({ kind: 'complete' });
    const shape = (events: readonly { __typename: string; id: string }[]) =>
      events.map((e) => `${e.__typename} ${e.id}`);
    expect(shape(direct.events)).toEqual(shape(viaYoga.events));
    expect(direct.events.at(-1)?.__typename).toBe('ChatEndedItem');
  });

  it('answers a stream with the headers Yoga gives (CORS, private, SSE) and its first ping', async () => {
    const started = (await gql(START, { input: INPUT })) as {
      data: { startChatContact: { participantToken: string } };
    };
    const chat = {
      ...KEY,
      'x-participant-token': started.data.startChatContact.participantToken,
      origin: 'http://localhost:5173',
    };
    // Its own document (a new operation name), so that the first stream is Yoga's.
    const query = EVENTS.replace('Events', 'HeadersEvents');
    const answers = [];
    for (let i = 0; i < 2; i++) {
      const leave = new AbortController();
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...chat },
        body: JSON.stringify({ query, variables: {} }),
        signal: leave.signal,
      });
      const headers = Object.fromEntries(
        [...response.headers].filter(([name]) => !['date', 'x-request-id', 'transfer-encoding'].includes(name)),
      );
      const first = await response.body?.getReader().read();
      leave.abort();
      answers.push({ status: response.status, headers, first: new TextDecoder().decode(first?.value) });
    }
    await until(
      () => streamLines().some((l) => l.includes('HeadersEvents') && l.includes('"direct":true')),
      60_000,
      'the second stream on the direct path',
    );
    expect(answers[0]?.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(answers[0]?.headers['cache-control']).toMatch(/private|no-store/);
    expect(answers[1]).toEqual(answers[0]);
  });

  it.each([
    ['text/event-stream; charset=iso-8859-1', 406],
    ['text/event-stream;charset=UTF-8', 200],
    ['Text/Event-Stream', 200],
  ])('answers Accept: %s as Yoga does (%i)', async (accept, status) => {
    const started = (await gql(START, { input: INPUT })) as {
      data: { startChatContact: { participantToken: string } };
    };
    const chat = { ...KEY, 'x-participant-token': started.data.startChatContact.participantToken };
    // Its own document per header, so that the first answer is Yoga's.
    const name = `Accept${accept.replace(/[^a-z0-9]/gi, '')}`;
    const query = EVENTS.replace('Events', name);
    const answers = [];
    for (let i = 0; i < 2; i++) {
      const leave = new AbortController();
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, ...chat },
        body: JSON.stringify({ query, variables: {} }),
        signal: leave.signal,
      });
      answers.push({ status: response.status, type: response.headers.get('content-type') });
      leave.abort();
    }
    expect(answers[0]?.status).toBe(status);
    expect(answers[1]).toEqual(answers[0]);
    if (status === 200) {
      await until(
        () => streamLines().some((l) => l.includes(name) && l.includes('"direct":true')),
        60_000,
        'the second stream on the direct path',
      );
    }
  });

  it('refuses an unknown participant token with the status and event Yoga gives', async () => {
    const bad = { ...KEY, 'x-participant-token': 'not-a-token' };
    // Its own document, so that the first refusal is Yoga's.
    const query = EVENTS.replace('Events', 'RefusedEvents');
    const answers: { status: number; type: string | null; body: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...bad },
        body: JSON.stringify({ query, variables: {} }),
      });
      answers.push({
        status: response.status,
        type: response.headers.get('content-type'),
        body: await response.text(),
      });
    }
    // One known difference: Yoga's executor gives a refused subscription's error the location of
    // the document's first character (1:1); graphql-js's, once masked, none. Nothing else differs.
    const withoutLocations = (answer: (typeof answers)[number] | undefined) => ({
      ...answer,
      body: answer?.body.replace(',"locations":[{"line":1,"column":1}]', ''),
    });
    expect(withoutLocations(answers[1])).toEqual(withoutLocations(answers[0]));
    expect(answers[0]?.body).toMatch(/event: next\ndata: \{"errors"/);
    const refusals = gateway
      .log()
      .split('\n')
      .filter((l) => l.includes('"request completed"') && l.includes('RefusedEvents'));
    expect(refusals.map((l) => JSON.parse(l).direct)).toEqual([undefined, true]);
  });
});

describe('regularMediaTypeFor', () => {
  it.each([
    [null, 'application/json'],
    ['', 'application/json'],
    ['*/*', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    ['application/graphql-response+json, application/json', 'application/graphql-response+json'],
    ['application/json, application/graphql-response+json', 'application/json'],
    ['text/event-stream, application/json', 'application/json'],
    ['text/event-stream', undefined],
    ['multipart/mixed', undefined],
    ['application/json; charset=iso-8859-1', undefined],
    ['application/json; charset=iso-8859-1, application/graphql-response+json', 'application/graphql-response+json'],
  ])('%s → %s', (accept, expected) => {
    expect(regularMediaTypeFor(accept)).toBe(expected);
  });
});
