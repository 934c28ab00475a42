import { createHmac } from 'node:crypto';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_DEPTH, nestsDeeperThan } from '../src/chat/input-depth.js';
import type { TenantAuth } from '../src/chat/tenant.js';
import { maxLiteralDepthRule } from '../src/http/use-input-depth.js';
import { createSchema } from '../src/schema/index.js';
import { createCallerTokenVerifier } from '../src/tenants/caller-token.js';
import { routerSignatureValid, signForRouter } from '../src/tenants/router-signature.js';
import { StartChatDocument } from './generated/graphql.js';
import { ACME, type Harness, startHarness } from './helpers/harness.js';
import { signHs256 } from './helpers/jwt.js';

/*
 * Deeply nested input must be a typed refusal, never a 500: every recursive walker (graphql-js
 * coercion, zod, json-stable-stringify, structuredClone) overflows the stack at some depth.
 */

const ROUTER_SECRET = 'deep-input-router-secret-0123456789abcdef';
const MUTATION = StartChatDocument.toString();

/** `{"a":{"a":…1…}}`, `depth` objects deep, as text: JSON.stringify itself would overflow. */
const deepObjectJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** A segment attribute value with `levels` nested valueMaps around `leaf`. */
function nestedValue(levels: number, leaf: Record<string, unknown> = { valueString: 'x' }): Record<string, unknown> {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { valueMap: [{ key: `k${i}`, value }] };
  return value;
}
const segmentInput = (levels: number, leaf?: Record<string, unknown>) => ({
  participantDetails: { displayName: 'Ada' },
  segmentAttributes: [{ key: 's', value: nestedValue(levels, leaf) }],
});

/** The same, as an inline literal in the document. */
function segmentLiteral(levels: number, leaf = '{ valueString: "x" }'): string {
  let value = leaf;
  for (let i = levels - 1; i >= 0; i--) value = `{ valueMap: [{ key: "k${levels - 1 - i}", value: ${value} }] }`;
  return `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" }, segmentAttributes: [{ key: "s", value: ${value} }] }) { __typename ... on InvalidInputError { fieldErrors { path message } } } }`;
}

/** The path zod reports for the leaf's `valueString` under `levels` valueMaps. */
const leafPath = (levels: number) => [
  'input',
  'segmentAttributes',
  '0',
  'value',
  ...Array.from({ length: levels }, () => ['valueMap', '0', 'value']).flat(),
  'valueString',
];

/** Variables depth of `segmentInput(levels)`: variables 1, input 2, list 3, entry 4, value 5, +3 per valueMap. */
const depthOf = (levels: number) => 5 + 3 * levels;
const deepestAllowed = Math.floor((MAX_INPUT_DEPTH - 5) / 3);

interface Answer {
  status: number;
  body: {
    data?: { startChatContact?: Record<string, unknown> } | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

async function send(h: Harness, body: string, headers: Record<string, string> = ACME): Promise<Answer> {
  const response = await h.app.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

function expectTooDeep(answer: Answer) {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(400);
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INPUT_TOO_DEEP' });
  expect(answer.body.data ?? undefined).toBeUndefined();
}

describe('nestsDeeperThan', () => {
  it('measures objects and lists, the outermost as level 1, and stops at the limit', () => {
    expect(nestsDeeperThan(1)).toBe(false);
    expect(nestsDeeperThan({})).toBe(false);
    expect(nestsDeeperThan({ a: [{}] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{}] }, 2)).toBe(true);
    expect(nestsDeeperThan(segmentInput(deepestAllowed), MAX_INPUT_DEPTH - 1)).toBe(false);
    expect(nestsDeeperThan({ input: segmentInput(deepestAllowed) })).toBe(false);
    expect(nestsDeeperThan({ input: segmentInput(deepestAllowed + 1) })).toBe(true);
  });

  it('answers for any depth without recursing, and for cycles', () => {
    expect(nestsDeeperThan(JSON.parse(deepObjectJson(200_000)))).toBe(true);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(nestsDeeperThan(cyclic)).toBe(true);
  });

  it('puts nine nested valueMaps within the limit and ten beyond it', () => {
    expect(deepestAllowed).toBe(9);
    expect(depthOf(deepestAllowed)).toBeLessThanOrEqual(MAX_INPUT_DEPTH);
    expect(depthOf(deepestAllowed + 1)).toBeGreaterThan(MAX_INPUT_DEPTH);
  });
});

describe('router signature over deep variables', () => {
  it('is invalid, without overflowing the stack, for variables beyond the limit', () => {
    const params = { query: '{ chatSettings { region } }', variables: { x: JSON.parse(deepObjectJson(20_000)) } };
    expect(() => routerSignatureValid(ROUTER_SECRET, params, 'acme', 'AAAA')).not.toThrow();
    expect(routerSignatureValid(ROUTER_SECRET, params, 'acme', 'AAAA')).toBe(false);
  });

  it('still checks variables within the limit', () => {
    const params = { query: MUTATION, variables: { input: segmentInput(deepestAllowed) } };
    const signature = signForRouter(ROUTER_SECRET, params, 'acme');
    expect(routerSignatureValid(ROUTER_SECRET, params, 'acme', signature)).toBe(true);
    expect(routerSignatureValid(ROUTER_SECRET, params, 'globex', signature)).toBe(false);
  });
});

describe('the literal depth rule', () => {
  const schema = createSchema();
  it('counts inline values like variables: the arguments are level 1', () => {
    const within = validate(schema, parse(segmentLiteral(deepestAllowed)), [maxLiteralDepthRule(MAX_INPUT_DEPTH)]);
    expect(within).toEqual([]);
    const beyond = validate(schema, parse(segmentLiteral(deepestAllowed + 1)), [maxLiteralDepthRule(MAX_INPUT_DEPTH)]);
    expect(beyond.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INPUT_TOO_DEEP' }),
    ]);
  });
});

describe('deep input through the gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ROUTER_HMAC_SECRET: ROUTER_SECRET });
  });
  afterAll(() => h?.close());

  it('refuses 20,000-deep variables under x-tenant-id with a bogus signature: 400, not 500', async () => {
    const body = `{"query":"{ chatSettings { region } }","variables":{"x":${deepObjectJson(20_000)}},"extensions":{"hmac-signature":"AAAA"}}`;
    const answer = await send(h, body, { 'x-tenant-id': 'acme' });
    expectTooDeep(answer);
  });

  it('refuses 20,000-deep variables from a public caller', async () => {
    const body = `{"query":"{ chatSettings { region } }","variables":{"x":${deepObjectJson(20_000)}}}`;
    expectTooDeep(await send(h, body));
  });

  it('refuses deep extensions', async () => {
    const body = `{"query":"{ chatSettings { region } }","extensions":{"x":${deepObjectJson(5_000)}}}`;
    expectTooDeep(await send(h, body));
  });

  it('refuses deep variables sent with GET', async () => {
    const url = new URL('http://gateway.test/graphql');
    url.searchParams.set('query', '{ chatSettings { region } }');
    url.searchParams.set('variables', `{"x":${deepObjectJson(2_000)}}`);
    const response = await h.app.fetch(url, { headers: { ...ACME, accept: 'application/graphql-response+json' } });
    expectTooDeep({ status: response.status, body: await response.json() });
  });

  it.each([500, 1_000, 3_000])('refuses segmentAttributes nested %i valueMaps deep in variables', async (levels) => {
    h.simulator.received.length = 0;
    // Built as text: the test's own JSON.stringify would overflow too.
    const value = `${'{"valueMap":[{"key":"k","value":'.repeat(levels)}{"valueString":"x"}${'}]}'.repeat(levels)}`;
    const input = `{"participantDetails":{"displayName":"Ada"},"segmentAttributes":[{"key":"s","value":${value}}]}`;
    const answer = await send(h, `{"query":${JSON.stringify(MUTATION)},"variables":{"input":${input}}}`);
    expectTooDeep(answer);
    expect(h.simulator.received).toHaveLength(0);
  });

  it('refuses segmentAttributes nested 500 valueMaps deep inline (the token limit), with a typed 400', async () => {
    const answer = await send(h, JSON.stringify({ query: segmentLiteral(500) }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses a list literal nested as deep as the token limit allows (989 levels), with a typed 400', async () => {
    const query = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" }, segmentAttributes: ${'['.repeat(989)}${']'.repeat(989)} }) { __typename } }`;
    const answer = await send(h, JSON.stringify({ query }));
    expect(answer.status).toBe(400);
    const codes = answer.body.errors?.map((e) => e.extensions?.code);
    expect(codes).toContain('BAD_USER_INPUT');
    expect(codes).not.toContain('GRAPHQL_PARSE_FAILED');
  });

  it('refuses an inline literal just beyond the depth limit (within the token limit)', async () => {
    h.simulator.received.length = 0;
    expectTooDeep(await send(h, JSON.stringify({ query: segmentLiteral(deepestAllowed + 1) })));
    expect(h.simulator.received).toHaveLength(0);
  });

  it('refuses variables just beyond the depth limit', async () => {
    const variables = { input: segmentInput(deepestAllowed + 1) };
    expectTooDeep(await send(h, JSON.stringify({ query: MUTATION, variables })));
  });

  it('starts a chat with valueMaps nested to the limit, as variables and inline', async () => {
    for (const body of [
      { query: MUTATION, variables: { input: segmentInput(deepestAllowed) } },
      { query: segmentLiteral(deepestAllowed) },
    ]) {
      h.simulator.received.length = 0;
      const answer = await send(h, JSON.stringify(body));
      expect(answer.status).toBe(200);
      expect(answer.body.data?.startChatContact?.__typename).toBe('StartChatContactPayload');
      expect(h.simulator.received).toHaveLength(1);
      expect(h.simulator.received[0]?.error).toBeUndefined();
    }
  });

  it('names the field path of a broken rule deep in a valueMap within the limit, as variables and inline', async () => {
    const long = 's'.repeat(1025);
    for (const body of [
      { query: MUTATION, variables: { input: segmentInput(deepestAllowed, { valueString: long }) } },
      { query: segmentLiteral(deepestAllowed, `{ valueString: "${long}" }`) },
    ]) {
      h.simulator.received.length = 0;
      const answer = await send(h, JSON.stringify(body));
      const payload = answer.body.data?.startChatContact as { __typename: string; fieldErrors: { path: string[] }[] };
      expect(payload?.__typename, JSON.stringify(answer.body).slice(0, 300)).toBe('InvalidInputError');
      expect(payload.fieldErrors.map((e) => e.path)).toEqual([leafPath(deepestAllowed)]);
      expect(h.simulator.received).toHaveLength(0);
    }
  });

  it('answers a signed router request within the limit as before', async () => {
    const body = { query: MUTATION, variables: { input: segmentInput(deepestAllowed) } };
    const signed = { ...body, extensions: { 'hmac-signature': signForRouter(ROUTER_SECRET, body, 'acme') } };
    const answer = await send(h, JSON.stringify(signed), { 'x-tenant-id': 'acme' });
    expect(answer.body.data?.startChatContact?.__typename).toBe('StartChatContactPayload');
  });
});

describe('deep caller token claims', () => {
  const SECRET = 'deep-claims-secret-0123456789abcdef0123';
  const auth: TenantAuth = {
    required: true,
    issuer: 'https://issuer.test',
    audience: 'chat',
    clockSkewSeconds: 30,
    key: { kind: 'secret', secret: SECRET },
  };
  /** A segment attribute claim (maps, not lists) with `levels` nested valueMaps. */
  const nestedClaim = (levels: number) => {
    let value: Record<string, unknown> = { valueString: 'x' };
    for (let i = 0; i < levels; i++) value = { valueMap: { [`k${i}`]: value } };
    return value;
  };
  const verifier = createCallerTokenVerifier();
  const options = { issuer: 'https://issuer.test', audience: 'chat' };

  /** An HS256 token over a payload given as JSON text (jose's JSON.stringify would overflow first). */
  const signRaw = (claimsJson: string) => {
    const exp = Math.floor(Date.now() / 1000) + 300;
    const payload = `{"iss":"https://issuer.test","aud":"chat","exp":${exp},${claimsJson}}`;
    const signingInput = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
    return `${signingInput}.${createHmac('sha256', SECRET).update(signingInput).digest('base64url')}`;
  };

  it.each([
    [
      'segmentAttributes',
      `"segmentAttributes":{"s":${'{"valueMap":{"k":'.repeat(600)}{"valueString":"x"}${'}}'.repeat(600)}}`,
    ],
    ['a claim the gateway does not read', `"custom":${'['.repeat(6_000)}${']'.repeat(6_000)}`],
  ])('refuses %s nested deeper than the limit as TOKEN_CLAIMS_INVALID, not a 500', async (_name, claimsJson) => {
    const token = signRaw(claimsJson);
    expect(token.length).toBeLessThanOrEqual(16_384);
    await expect(verifier.verify(auth, token)).rejects.toMatchObject({ reason: 'TOKEN_CLAIMS_INVALID' });
  });

  it('accepts segment attribute claims nested within the limit', async () => {
    const token = await signHs256(SECRET, { segmentAttributes: { s: nestedClaim(10) } }, options);
    const caller = await verifier.verify(auth, token);
    expect(caller.segmentAttributes?.s).toBeDefined();
  });
});
