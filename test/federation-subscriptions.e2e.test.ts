import { readFileSync } from 'node:fs';
import { createGatewayRuntime, type GatewayRuntime, useCustomFetch } from '@graphql-hive/gateway-runtime';
import http from '@graphql-mesh/transport-http';
import { defaultPrintFn } from '@graphql-tools/executor-common';
import stableStringify from 'json-stable-stringify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../scripts/supergraph/compose.js';
import { type ChatEventOf, openChatEventStream } from './helpers/chat-event-stream.js';
import { positioningReads, streamPositioned } from './helpers/chat-waits.js';
import { type Harness, startHarness } from './helpers/harness.js';

/*
 * chatEvents through a real federation gateway: Hive Gateway's runtime in-process, configured as
 * docs/tenants-and-auth.md tells platform teams (x-tenant-id decided by the router, each upstream
 * request signed), reaching the chat subgraph's GraphQL over SSE with its HTTP transport. The
 * client subscribes to the supergraph; the subgraph relays Connect's websocket (the simulator's).
 */

const ROUTER_SECRET = 'supergraph-router-secret-0123456789abcdef';
const CHAT_URL = 'http://chat.subgraph.test/graphql';
const ROUTER_URL = 'http://router.test/graphql';
/** Generous: the suite runs on busy machines; nothing here waits for time, only for events. */
const WAIT_MS = 60_000;

/** Test-only: the router's client names its tenant in a header the router trusts from it. */
const tenantOf = (request: Request | undefined) => request?.headers.get('x-test-router-tenant') ?? '';

const START = /* GraphQL */ `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  ... on StartChatContactPayload { contactId participantToken } } }`;
const EVENTS = /* GraphQL */ `subscription($after: ID) { chatEvents(after: $after) { __typename
  ... on ChatItem { id participantRole }
  ... on ChatMessageItem { content } } }`;

describe('chatEvents through Hive Gateway (GraphQL over SSE to the subgraph)', () => {
  let h: Harness;
  let gateway: GatewayRuntime;
  /** Upstream requests of subscriptions, as the chat subgraph received them. */
  const upstream: { method: string; accept: string | null; signed: boolean }[] = [];

  beforeAll(async () => {
    // The agent speaks only when the test says so.
    h = await startHarness({ ROUTER_HMAC_SECRET: ROUTER_SECRET }, { simulator: { agent: { enabled: false } } });
    const { errors, supergraphSdl } = composeSupergraph([
      { name: 'chat', sdl: readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'), url: CHAT_URL },
    ]);
    expect(errors).toEqual([]);
    gateway = createGatewayRuntime({
      supergraph: supergraphSdl ?? '',
      transports: { http },
      // The HTTP transport sends subscriptions as GraphQL over SSE (accept: text/event-stream) to
      // the subgraph's own URL; no websocket or callback is needed. It is spelled out here so that
      // the choice is visible: `subscriptions.kind: 'http'` is that same transport.
      transportEntries: {
        chat: { options: { subscriptions: { kind: 'http', location: CHAT_URL } } },
      },
      logging: false,
      propagateHeaders: {
        // The tenant, decided by the router; the chat's participant token, the client's own.
        fromClientToSubgraphs: ({ request, subgraphName }) => {
          if (subgraphName !== 'chat') return {};
          const participantToken = request?.headers.get('x-participant-token');
          return {
            'x-tenant-id': tenantOf(request),
            ...(participantToken ? { 'x-participant-token': participantToken } : {}),
          };
        },
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
          if (!url.startsWith(CHAT_URL)) throw new Error(`unexpected upstream ${url}`);
          const headers = new Headers(init?.headers as HeadersInit);
          if (headers.get('accept')?.includes('text/event-stream')) {
            const extensions = new URL(url).searchParams.get('extensions') ?? String(init?.body ?? '');
            upstream.push({
              method: init?.method ?? 'GET',
              accept: headers.get('accept'),
              signed: extensions.includes('hmac-signature'),
            });
          }
          return h.app.fetch(url, init as RequestInit);
        }),
      ],
    });
  });
  afterAll(async () => {
    await gateway?.dispose();
    await h?.close();
  });

  const throughRouter = async (query: string, headers: Record<string, string> = {}) => {
    const response = await gateway.fetch(ROUTER_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-router-tenant': 'acme', ...headers },
      body: JSON.stringify({ query }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the shape it asked for.
    return (await response.json()) as any;
  };

  const messages = (events: readonly ChatEventOf[]) =>
    events.filter((e) => e.__typename === 'ChatMessageItem').map((e) => `${e.participantRole}:${e.content}`);

  it("relays the agent's messages live through the supergraph and completes when the chat ends", async () => {
    const started = await throughRouter(START);
    expect(started.errors).toBeUndefined();
    const { contactId, participantToken } = started.data.startChatContact;
    const reads = positioningReads(h.simulator, contactId);
    const stream = await openChatEventStream({
      fetch: (url, init) => gateway.fetch(url, init),
      url: ROUTER_URL,
      headers: { 'x-test-router-tenant': 'acme', 'x-participant-token': participantToken },
      query: EVENTS,
    });
    await streamPositioned(h.simulator, contactId, reads, WAIT_MS);

    h.simulator.agentSays(contactId, 'Hello through the router');
    await stream.until((e) => e.content === 'Hello through the router', WAIT_MS, 'first agent message');
    h.simulator.agentSays(contactId, 'Still here');
    await stream.until((e) => e.content === 'Still here', WAIT_MS, 'second agent message');
    // A dropped Connect socket behind the subgraph: the router's client sees nothing of it.
    h.simulator.dropChatSockets(contactId);
    h.simulator.agentSays(contactId, 'After a drop');
    await stream.until((e) => e.content === 'After a drop', WAIT_MS, 'message after the drop');
    // That message may have come from the transcript, read as soon as the socket dropped. One said
    // after it arrives only once the subgraph's feed is back on a socket (live, or in the fill that
    // follows its subscription): the chat then ends on a live feed. (Were it to end while the feed
    // is away, Connect would refuse the chat's tokens and the stream would end with CHAT_ENDED.)
    h.simulator.agentSays(contactId, 'Back on a socket');
    await stream.until((e) => e.content === 'Back on a socket', WAIT_MS, 'message once the feed is back');

    h.simulator.endChat(contactId);
    expect(await stream.ended(WAIT_MS)).toEqual({ kind: 'complete' });
    expect(messages(stream.events)).toEqual([
      'AGENT:Hello through the router',
      'AGENT:Still here',
      'AGENT:After a drop',
      'AGENT:Back on a socket',
    ]);
    expect(stream.events.at(-1)?.__typename).toBe('ChatEndedItem');
    const ids = stream.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The router reached the subgraph over SSE, signed (x-tenant-id is refused unsigned).
    expect(upstream.length).toBeGreaterThan(0);
    expect(upstream.every((u) => u.signed && u.accept === 'text/event-stream')).toBe(true);
    expect(h.log()).not.toContain(participantToken);
  });

  it('resumes through the supergraph with `after`: what the client missed first, then live', async () => {
    const started = await throughRouter(START);
    const { contactId, participantToken } = started.data.startChatContact;
    const headers = { 'x-test-router-tenant': 'acme', 'x-participant-token': participantToken };
    const open = (variables: Record<string, unknown> = {}) =>
      openChatEventStream({
        fetch: (url, init) => gateway.fetch(url, init),
        url: ROUTER_URL,
        headers,
        query: EVENTS,
        variables,
      });
    const reads = positioningReads(h.simulator, contactId);
    const first = await open();
    await streamPositioned(h.simulator, contactId, reads, WAIT_MS);
    h.simulator.agentSays(contactId, 'before the reload');
    const seen = await first.until((e) => e.content === 'before the reload', WAIT_MS, 'message before the reload');
    first.close();
    h.simulator.agentSays(contactId, 'while away');
    const resumed = await open({ after: seen?.id });
    await resumed.until((e) => e.content === 'while away', WAIT_MS, 'missed message');
    h.simulator.agentSays(contactId, 'live again');
    await resumed.until((e) => e.content === 'live again', WAIT_MS, 'live message after resuming');
    expect(messages(resumed.events)).toEqual(['AGENT:while away', 'AGENT:live again']);
    resumed.close();
  });

  it('refuses a subscription without the participant token with the subgraph’s code', async () => {
    const stream = await openChatEventStream({
      fetch: (url, init) => gateway.fetch(url, init),
      url: ROUTER_URL,
      headers: { 'x-test-router-tenant': 'acme' },
      query: EVENTS,
    });
    const end = await stream.ended(WAIT_MS);
    expect(end.kind).toBe('error');
    expect(end.kind === 'error' && end.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
