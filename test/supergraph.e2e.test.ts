import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime, type GatewayRuntime, useCustomFetch } from '@graphql-hive/gateway-runtime';
import http from '@graphql-mesh/transport-http';
import { defaultPrintFn } from '@graphql-tools/executor-common';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import stableStringify from 'json-stable-stringify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../scripts/supergraph/compose.js';
import { signForRouter } from '../src/tenants/router-signature.js';
import { type Harness, startHarness } from './helpers/harness.js';

/*
 * The chat subgraph behind a real federation gateway (Hive Gateway runtime, in-process, routing
 * to each Yoga's fetch), configured as docs/tenants-and-auth.md tells platform teams: the router decides the
 * tenant, propagates it as x-tenant-id and signs each upstream request.
 */

const ROUTER_SECRET = 'supergraph-router-secret-0123456789abcdef';
const CHAT_URL = 'http://chat.subgraph.test/graphql';
const CUSTOMERS_URL = 'http://customers.subgraph.test/graphql';

/** Test-only: the router's client names its tenant in a header the router trusts from it. */
const tenantOf = (request: Request | undefined) => request?.headers.get('x-test-router-tenant') ?? '';

describe('through Hive Gateway (supergraph of chat + customers)', () => {
  let h: Harness;
  let gateway: GatewayRuntime;
  const customerChats = new Map<string, string[]>();

  beforeAll(async () => {
    h = await startHarness({ ROUTER_HMAC_SECRET: ROUTER_SECRET });
    const customersSdl = readFileSync(new URL('../scripts/supergraph/customers.graphql', import.meta.url), 'utf8');
    const customers = createYoga({
      schema: buildSubgraphSchema({
        typeDefs: parse(customersSdl),
        resolvers: {
          Query: { customer: (_: unknown, { id }: { id: string }) => ({ id, name: `Customer ${id}` }) },
          Customer: {
            recentChats: (customer: { id: string }) =>
              (customerChats.get(customer.id) ?? []).map((contactId) => ({ contactId })),
          },
        },
      }),
      logging: false,
    });
    const chatSdl = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    const { errors, supergraphSdl } = composeSupergraph([
      { name: 'chat', sdl: chatSdl, url: CHAT_URL },
      { name: 'customers', sdl: customersSdl, url: CUSTOMERS_URL },
    ]);
    expect(errors).toEqual([]);

    gateway = createGatewayRuntime({
      supergraph: supergraphSdl ?? '',
      transports: { http },
      logging: false,
      propagateHeaders: {
        fromClientToSubgraphs: ({ request, subgraphName }) =>
          subgraphName === 'chat' ? { 'x-tenant-id': tenantOf(request) } : {},
      },
      hmacSignature: {
        secret: ROUTER_SECRET,
        shouldSign: ({ subgraphName }) => subgraphName === 'chat',
        serializeExecutionRequest: (req) =>
          stableStringify({
            query: defaultPrintFn(req.document),
            operationName: req.operationName || undefined,
            variables: req.variables && Object.keys(req.variables).length > 0 ? req.variables : undefined,
            tenantId: tenantOf((req.context as { request?: Request } | undefined)?.request),
          }) ?? '',
      },
      plugins: () => [
        useCustomFetch((url, init) => {
          if (url === CHAT_URL) return h.app.fetch(url, init as RequestInit);
          if (url === CUSTOMERS_URL) return customers.fetch(url, init as RequestInit);
          throw new Error(`unexpected upstream ${url}`);
        }),
      ],
    });
  });
  afterAll(async () => {
    await gateway?.dispose();
    await h?.close();
  });

  const query = async (document: string, variables: Record<string, unknown> = {}, tenant = 'acme') => {
    const response = await gateway.fetch('http://router.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-router-tenant': tenant },
      body: JSON.stringify({ query: document, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary response shapes
    return (await response.json()) as { data?: Record<string, any>; errors?: { message: string; path?: unknown[] }[] };
  };

  const START = /* GraphQL */ `
    mutation Start($name: String!) {
      startChatContact(input: { participantDetails: { displayName: $name } }) {
        __typename
        ... on StartChatContactPayload { contactId region contact { contactId state channel initiationMethod } }
        ... on ChatError { code message }
      }
    }
  `;

  it('starts a chat through the supergraph for the tenant the router signed', async () => {
    const before = h.simulator.received.length;
    const result = await query(START, { name: 'Through the router' }, 'globex');
    expect(result.errors).toBeUndefined();
    expect(result.data?.startChatContact).toMatchObject({
      __typename: 'StartChatContactPayload',
      region: 'us-east-1',
      contact: { state: 'QUEUED', channel: 'CHAT', initiationMethod: 'API' },
    });
    expect(h.simulator.received.slice(before).map((c) => c.body.InstanceId)).toEqual(['globex-instance']);
  });

  it('resolves ChatContact fields for the Customer subgraph with one DescribeContact per distinct contact', async () => {
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C']) {
      const started = await query(START, { name });
      ids.push(started.data?.startChatContact.contactId);
    }
    h.simulator.advanceContact(ids[1]!, 'CONNECTED_TO_AGENT', { agentId: 'agent-7' });
    h.simulator.advanceContact(ids[2]!, 'DISCONNECTED', { disconnectReason: 'CUSTOMER_DISCONNECT' });
    // Duplicates across the list and across two customers in one operation.
    customerChats.set('c1', [ids[0]!, ids[1]!, ids[0]!, ids[2]!]);
    customerChats.set('c2', [ids[1]!, ids[2]!]);

    const before = h.simulator.describeCalls.length;
    const result = await query(/* GraphQL */ `
      {
        one: customer(id: "c1") { name recentChats { contactId state agentId disconnectReason connectedToAgentAt } }
        two: customer(id: "c2") { recentChats { contactId state } }
      }
    `);
    expect(result.errors).toBeUndefined();
    expect(result.data?.one.recentChats.map((c: { state: string }) => c.state)).toEqual([
      'QUEUED',
      'CONNECTED_TO_AGENT',
      'QUEUED',
      'DISCONNECTED',
    ]);
    expect(result.data?.one.recentChats[1]).toMatchObject({ agentId: 'agent-7' });
    expect(result.data?.one.recentChats[3]).toMatchObject({ disconnectReason: 'CUSTOMER_DISCONNECT' });
    expect(result.data?.two.recentChats.map((c: { state: string }) => c.state)).toEqual([
      'CONNECTED_TO_AGENT',
      'DISCONNECTED',
    ]);
    const calls = h.simulator.describeCalls.slice(before);
    expect(calls.map((c) => c.contactId).sort()).toEqual([...ids].sort());
    expect(new Set(calls.map((c) => c.instanceId))).toEqual(new Set(['acme-instance']));
  });

  it('answers null with an error on the path for an unknown contact, or another tenant’s, not a failed request', async () => {
    const globex = await query(START, { name: 'Other tenant' }, 'globex');
    customerChats.set('c3', ['no-such-contact', globex.data?.startChatContact.contactId]);
    const result = await query(`{ customer(id: "c3") { name recentChats { contactId state } } }`);
    expect(result.data?.customer).toEqual({ name: 'Customer c3', recentChats: [null, null] });
    expect(result.errors?.map((e) => (e as { extensions?: { code?: string } }).extensions?.code)).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
    ]);
    expect(JSON.stringify(result.errors)).not.toMatch(/arn:|ResourceNotFound|\d{12}/);
  });
});

describe('reading contacts without the trusted router', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('serves _service { sdl } with the @link and the @key', async () => {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'acme-public-key' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    const sdl: string = (await response.json()).data._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9"');
    expect(sdl).toMatch(/type ChatContact\s+@key\(fields: "contactId"\)/);
    // Printed on the first request (patches/@pothos+plugin-federation), the same text on the next.
    const again = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'acme-public-key' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    expect((await again.json()).data._service.sdl).toBe(sdl);
  });

  it('refuses a public widget key: the payload has the chat, contact is null with FORBIDDEN', async () => {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'acme-public-key' },
      body: JSON.stringify({
        query: `mutation { startChatContact(input: { participantDetails: { displayName: "W" } }) {
          ... on StartChatContactPayload { contactId contact { state } } } }`,
      }),
    });
    const body = await response.json();
    expect(body.data.startChatContact.contactId).toBeTruthy();
    expect(body.data.startChatContact.contact).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CONTACT_READ_NOT_ALLOWED' });
    expect(h.simulator.describeCalls.length).toBe(0);

    const entities = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'acme-public-key' },
      body: JSON.stringify({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ChatContact { state } } }`,
        variables: { r: [{ __typename: 'ChatContact', contactId: body.data.startChatContact.contactId }] },
      }),
    });
    const entitiesBody = await entities.json();
    expect(entitiesBody.data._entities).toEqual([null]);
    expect(entitiesBody.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(h.simulator.describeCalls.length).toBe(0);
  });
});

describe('_entities as the trusted router sends it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ROUTER_HMAC_SECRET: ROUTER_SECRET });
  });
  afterAll(() => h.close());

  const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on ChatContact { contactId state } } }';
  const asRouter = async (document: string, variables: Record<string, unknown>, tenantId = 'acme') => {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant-id': tenantId },
      body: JSON.stringify({
        query: document,
        variables,
        extensions: { 'hmac-signature': signForRouter(ROUTER_SECRET, { query: document, variables }, tenantId) },
      }),
    });
    return { status: response.status, body: await response.json() };
  };

  it('costs one DescribeContact per distinct contact among many duplicate representations', async () => {
    const start =
      'mutation { startChatContact(input: { participantDetails: { displayName: "E" } }) { ... on StartChatContactPayload { contactId } } }';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await asRouter(start, {})).body.data.startChatContact.contactId);
    const representations = Array.from({ length: 50 }, (_, i) => ({
      __typename: 'ChatContact',
      contactId: ids[i % 5],
    }));
    const before = h.simulator.describeCalls.length;
    const { status, body } = await asRouter(ENTITIES, { r: representations });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data._entities.map((e: { contactId: string }) => e.contactId)).toEqual(
      representations.map((r) => r.contactId),
    );
    expect(h.simulator.describeCalls.length - before).toBe(5);
  });

  it('survives a representation of an unknown type after pending contact reads (no unhandled rejection)', async () => {
    const { status, body } = await asRouter(ENTITIES, {
      r: [
        { __typename: 'ChatContact', contactId: 'missing-1' },
        { __typename: 'Nope', id: 'x' },
      ],
    });
    expect(status).toBe(200);
    expect(body.errors?.length).toBeGreaterThan(0);
    // Give the rejected read a turn to surface: vitest fails the run on an unhandled rejection.
    await new Promise((r) => setTimeout(r, 50));
    const after = await asRouter(ENTITIES, { r: [{ __typename: 'ChatContact', contactId: 'missing-2' }] });
    expect(after.body.data._entities).toEqual([null]);
    expect(after.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
