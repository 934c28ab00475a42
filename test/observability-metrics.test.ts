import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register as globalRegistry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createGateway } from '../src/gateway.js';
import { createLogger } from '../src/logger.js';
import { createMetricsServer } from '../src/observability/metrics-server.js';
import { SIMULATOR_CREDENTIALS, type Simulator } from '../src/simulator/index.js';
import { createMemoryTenantStore } from '../src/tenants/memory-store.js';
import { parseTenants } from '../src/tenants/tenants-file.js';
import { FIXTURE_SECRETS, startFixtureSimulator } from './helpers/fixture-simulator.js';
import { TENANTS_FIXTURE } from './helpers/harness.js';
import { directPathEnv } from './helpers/request-path.js';

/*
 * Prometheus metrics and request/Connect logs, end to end: traffic through the app (real SDK,
 * loopback simulator), then a scrape of the metrics server on port 0, parsed and counted.
 */

const START = `mutation StartChat($input: StartChatContactInput!) {
  startChatContact(input: $input) {
    __typename
    ... on StartChatContactPayload { contactId participantToken }
    ... on ChatError { code }
  }
}`;
/** No `__typename`: the outcome must still be the concrete result type. */
const START_BLIND = `mutation StartChatBlind($input: StartChatContactInput!) {
  startChatContact(input: $input) { ... on StartChatContactPayload { contactId } }
}`;
const SETTINGS = 'query Settings { chatSettings { region } }';
const input = (displayName = 'Ada') => ({ input: { participantDetails: { displayName } } });

/** Parsed samples of a Prometheus text exposition. */
function parseExposition(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  /** The sum of the samples named `name` whose labels include `labels`. */
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  const has = (name: string) => samples.some((s) => s.name === name);
  return { samples, value, has };
}

describe('Prometheus metrics on their own port and registry', () => {
  let simulator: Simulator;
  let gateway: ReturnType<typeof createGateway>;
  let server: Server;
  let metricsUrl: string;
  const lines: string[] = [];
  const requestIds: string[] = [];

  beforeAll(async () => {
    simulator = await startFixtureSimulator();
    const config = loadConfig({ NODE_ENV: 'test', RATE_LIMIT: 'off', ...FIXTURE_SECRETS, ...directPathEnv });
    gateway = createGateway({
      config,
      logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
      tenants: createMemoryTenantStore(
        parseTenants(JSON.parse(readFileSync(TENANTS_FIXTURE, 'utf8')), config.readSecret),
      ),
      connect: { endpoint: simulator.url, stsEndpoint: simulator.url, credentials: SIMULATOR_CREDENTIALS },
      retryBackoff: () => 0,
    });
    server = createMetricsServer(gateway.metrics.registry);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    gateway?.pool.destroy();
    await gateway?.rateLimiter?.close();
    await gateway?.app.dispose();
    await simulator?.close();
  });

  let sequence = 0;
  async function post(
    headers: Record<string, string>,
    body: { query: string; variables?: unknown; operationName?: string },
  ): Promise<{ status: number; body: string }> {
    const requestId = `metrics-${++sequence}`;
    requestIds.push(requestId);
    const response = await gateway.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'x-request-id': requestId,
        ...headers,
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.text() };
  }
  const acme = { 'x-api-key': 'acme-public-key' };

  it('counts requests, Connect latency and retries, rate-limit refusals, and process metrics', async () => {
    for (let i = 0; i < 3; i++) expect((await post(acme, { query: START, variables: input() })).status).toBe(200);
    await post(acme, { query: START_BLIND, variables: input() });
    await post({ 'x-api-key': 'globex-public-key' }, { query: START, variables: input() });
    expect((await post(acme, { query: START, variables: input(' ') })).body).toContain('InvalidInputError');
    await post(acme, { query: SETTINGS });
    // Connect fails every attempt (3 attempts, 2 retries), then fails once and recovers (1 retry).
    simulator.faults.inject('serverError', { times: 3 });
    expect((await post(acme, { query: START, variables: input() })).body).toContain('ChatUnavailableError');
    simulator.faults.inject('throttle', { times: 1 });
    expect((await post(acme, { query: START, variables: input() })).body).toContain('StartChatContactPayload');
    simulator.faults.clear();
    // Refused before a tenant is known: the raw header values must not become labels.
    expect((await post({ 'x-api-key': 'wild-guess-0a1b2c3d' }, { query: START, variables: input() })).status).toBe(401);
    expect(
      (await post({ 'x-tenant-id': 'tenant-from-a-header-9f8e7d' }, { query: START, variables: input() })).status,
    ).toBe(401);
    // Client-chosen operation names and a parse error.
    await post(acme, { query: START.replace('StartChat(', 'ClientChosenName4711('), variables: input() });
    expect((await post(acme, { query: '{ chatSettings { region }' })).status).toBe(400);
    // What the rate limiter (src/ratelimit/) reports.
    gateway.metrics.rateLimitRejected('acme', 'tenant');
    gateway.metrics.rateLimitRejected(undefined, 'ip');

    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const m = parseExposition(text);
    const requests = (labels: Record<string, string>) => m.value('chat_gateway_requests_total', labels);

    expect(requests({ tenant: 'acme', operation: 'startChatContact', outcome: 'StartChatContactPayload' })).toBe(6);
    expect(requests({ tenant: 'globex', operation: 'startChatContact', outcome: 'StartChatContactPayload' })).toBe(1);
    expect(requests({ tenant: 'acme', operation: 'startChatContact', outcome: 'InvalidInputError' })).toBe(1);
    expect(requests({ tenant: 'acme', operation: 'startChatContact', outcome: 'ChatUnavailableError' })).toBe(1);
    expect(requests({ tenant: 'acme', operation: 'chatSettings', outcome: 'ChatSettings' })).toBe(1);
    expect(requests({ tenant: 'unknown', operation: 'startChatContact', outcome: 'UNAUTHENTICATED' })).toBe(1);
    // The unsigned x-tenant-id is refused before the document is parsed (useRouterGate).
    expect(requests({ tenant: 'unknown', operation: 'none', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(requests({ tenant: 'unknown', operation: 'none', outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(requests({})).toBe(13);
    for (const raw of ['wild-guess-0a1b2c3d', 'tenant-from-a-header-9f8e7d', 'ClientChosenName4711']) {
      expect(text).not.toContain(raw);
    }

    const latency = (labels: Record<string, string>) => m.value('chat_gateway_connect_latency_seconds_count', labels);
    expect(latency({ operation: 'StartChatContact', region: 'eu-west-2', outcome: 'ok' })).toBe(6);
    expect(latency({ operation: 'StartChatContact', region: 'us-east-1', outcome: 'ok' })).toBe(1);
    expect(latency({ operation: 'StartChatContact', region: 'eu-west-2', outcome: 'server_error' })).toBe(1);
    expect(m.value('chat_gateway_connect_latency_seconds_sum')).toBeGreaterThan(0);
    expect(m.value('chat_gateway_connect_latency_seconds_bucket', { operation: 'StartChatContact', le: '+Inf' })).toBe(
      8,
    );
    expect(m.value('chat_gateway_connect_retries_total', { operation: 'StartChatContact' })).toBe(3);

    expect(m.value('chat_gateway_rate_limit_rejections_total', { tenant: 'acme', limit: 'tenant' })).toBe(1);
    expect(m.value('chat_gateway_rate_limit_rejections_total', { tenant: 'unknown', limit: 'ip' })).toBe(1);

    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(m.has(name), name).toBe(true);
    }
    console.log(
      `scraped ${m.samples.length} samples; chat_gateway_requests_total = ${requests({})} over ${
        new Set(m.samples.filter((s) => s.name === 'chat_gateway_requests_total').map((s) => JSON.stringify(s.labels)))
          .size
      } series`,
    );
  });

  it('logs every request once, with the latency and attempts of its Connect calls; a failed call also on its own', () => {
    const completed = lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'request completed');
    for (const id of requestIds)
      expect(
        completed.filter((e) => e.requestId === id),
        id,
      ).toHaveLength(1);
    const byId = (id: string) => completed.find((e) => e.requestId === id);
    expect(byId('metrics-1')).toMatchObject({
      tenantId: 'acme',
      via: 'apiKey',
      method: 'POST',
      path: '/graphql',
      operationName: 'StartChat',
      operation: 'startChatContact',
      outcome: 'StartChatContactPayload',
      status: 200,
    });
    expect(byId('metrics-1').durationMs).toBeGreaterThan(0);
    expect(byId('metrics-4')).toMatchObject({ operationName: 'StartChatBlind', outcome: 'StartChatContactPayload' });
    expect(byId('metrics-10')).toMatchObject({ outcome: 'UNAUTHENTICATED', status: 401, errors: ['UNAUTHENTICATED'] });
    expect(byId('metrics-10').tenantId).toBeUndefined();
    expect(byId('metrics-13')).toMatchObject({ outcome: 'GRAPHQL_PARSE_FAILED', status: 400, operation: 'none' });

    // A Connect call that went well is on its request's completion line (one info line per chat start).
    const connect = lines.map((l) => JSON.parse(l)).filter((e) => e.operation === 'StartChatContact');
    expect(connect.filter((e) => e.outcome === 'ok')).toHaveLength(0);
    expect(completed.filter((e) => e.connect?.calls === 1)).toHaveLength(8);
    expect(byId('metrics-1').connect).toMatchObject({ calls: 1, attempts: 1 });
    expect(byId('metrics-1').connect.latencyMs).toBeGreaterThan(0);
    expect(byId('metrics-9').connect).toMatchObject({ calls: 1, attempts: 2 });
    expect(byId('metrics-10').connect).toBeUndefined();
    // A failed one is also a warning of its own, with the AWS detail the client never sees.
    const failed = connect.find((e) => e.msg === 'StartChatContact failed');
    expect(failed).toMatchObject({ requestId: 'metrics-8', attempts: 3, outcome: 'server_error', region: 'eu-west-2' });
    expect(failed.latencyMs).toBeGreaterThan(0);
    expect(byId('metrics-8').connect).toMatchObject({ calls: 1, attempts: 3 });
  });

  it('answers only GET and HEAD /metrics', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(405);
    const head = await fetch(metricsUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('keeps each gateway in its own registry: a second one in the process does not throw', async () => {
    const config = loadConfig({ NODE_ENV: 'test', RATE_LIMIT: 'off', ...FIXTURE_SECRETS, ...directPathEnv });
    const tenants = createMemoryTenantStore(
      parseTenants(JSON.parse(readFileSync(TENANTS_FIXTURE, 'utf8')), config.readSecret),
    );
    const make = () =>
      createGateway({ config, logger: createLogger('silent'), tenants, connect: { endpoint: simulator.url } });
    const second = make();
    const third = make();
    try {
      expect(second.metrics.registry).not.toBe(gateway.metrics.registry);
      expect(second.metrics.registry).not.toBe(third.metrics.registry);
      const fresh = parseExposition(await second.metrics.registry.metrics());
      expect(fresh.value('chat_gateway_requests_total')).toBe(0);
      expect(await globalRegistry.metrics()).not.toContain('chat_gateway_');
    } finally {
      for (const g of [second, third]) {
        g.pool.destroy();
        await g.rateLimiter?.close();
        await g.app.dispose();
      }
    }
  });
});
