import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tracingRequested } from '../src/observability/tracing-switch.js';
import { bundleDir } from './helpers/bundle.js';
import { type GatewayProcess, startGatewayProcess } from './helpers/process.js';

/*
 * OpenTelemetry end to end, in a process of its own (the SDK patches node:http and registers
 * globals, which a test worker must not): `npm start` (src/main.ts through tsx) and the bundle
 * (`npm run build`), each configured by OTEL_* only, exporting OTLP/HTTP JSON to a loopback collector. One chat start must yield the incoming HTTP span, the GraphQL
 * execution span under it and the outgoing Connect call under that, in one trace, with no secret.
 */

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
}
const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

describe('tracing is off unless OTEL_* asks for it', () => {
  it.each<[Record<string, string>, boolean]>([
    [{}, false],
    [{ OTEL_SERVICE_NAME: 'x' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }, false],
  ])('%j → %s', (env, expected) => {
    expect(tracingRequested(env)).toBe(expected);
  });
});

describe('spans of a chat start reach an OTLP/HTTP collector', () => {
  let collector: Server;
  const spans: OtlpSpan[] = [];
  const bodies: string[] = [];
  const serviceNames = new Set<unknown>();
  let gateway: GatewayProcess | undefined;
  const bundle = bundleDir();

  beforeAll(async () => {
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        if (request.method === 'POST' && request.url === '/v1/traces') {
          bodies.push(body);
          const payload = JSON.parse(body) as {
            resourceSpans?: {
              resource?: { attributes?: { key: string; value: Record<string, unknown> }[] };
              scopeSpans?: { spans?: OtlpSpan[] }[];
            }[];
          };
          for (const resourceSpans of payload.resourceSpans ?? []) {
            const name = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value;
            serviceNames.add(name ? Object.values(name)[0] : undefined);
            for (const scope of resourceSpans.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    bundle.build();
  });
  afterAll(async () => {
    await gateway?.stop('SIGKILL');
    collector.closeAllConnections();
    await new Promise((resolve) => collector.close(resolve));
    bundle.remove();
  });

  // OpenTelemetry must patch node:http before the AWS SDK and the server load it: main.ts starts it first.
  it.each([
    ['npm start (tsx src/main.ts)', ['--import', 'tsx', 'src/main.ts']],
    ['the bundle (npm run build: main.cjs loads tracing.cjs)', [bundle.main]],
  ])('%s exports HTTP server, GraphQL and Connect client spans in one trace, without secrets', async (_, args) => {
    spans.length = 0;
    bodies.length = 0;
    serviceNames.clear();
    const { port } = collector.address() as AddressInfo;
    gateway = await startGatewayProcess(
      {
        TENANTS_WATCH: 'false',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      { args },
    );
    const { url } = gateway;

    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'demo-public-key' },
      body: JSON.stringify({
        query:
          'mutation StartChat($input: StartChatContactInput!) { startChatContact(input: $input) { __typename ... on StartChatContactPayload { participantToken } } }',
        variables: { input: { participantDetails: { displayName: 'Ada' }, customerId: 'traced-customer-7d3f91' } },
      }),
    });
    const body = (await response.json()) as { data: { startChatContact: { participantToken: string } } };
    const token = body.data.startChatContact.participantToken;
    expect(token.length).toBeGreaterThan(20);

    // Bounded wait for the batch processor (100 ms schedule) to export the three spans.
    const find = () => {
      const server = spans.find((s) => s.kind === SERVER && attribute(s, 'url.path') === '/graphql');
      const graphql = spans.find((s) => s.kind === INTERNAL && s.name === 'mutation.StartChat');
      const connect = spans.find(
        (s) => s.kind === CLIENT && String(attribute(s, 'url.full') ?? '').includes('/contact/chat'),
      );
      return server && graphql && connect ? { server, graphql, connect } : undefined;
    };
    const deadline = Date.now() + 10_000;
    while (!find() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const found = find();
    expect(
      found,
      `spans: ${JSON.stringify(spans.map((s) => [s.kind, s.name]))}\n${gateway.lines.join('\n')}`,
    ).toBeDefined();
    const { server, graphql, connect } = found!;

    expect(graphql.traceId).toBe(server.traceId);
    expect(graphql.parentSpanId).toBe(server.spanId);
    expect(connect.traceId).toBe(server.traceId);
    expect(connect.parentSpanId).toBe(graphql.spanId);
    expect(attribute(server, 'http.response.status_code')).toBe(200);
    expect(attribute(connect, 'http.request.method')).toBe('PUT');
    expect([...serviceNames]).toEqual(['connect-chat-gateway']);

    const exported = bodies.join('\n');
    const secrets = [token, 'traced-customer-7d3f91', 'demo-public-key', 'simulator-secret-access-key'];
    const leaked = secrets.filter((s) => exported.includes(s));
    console.log(
      `spans exported: ${spans.length} (${spans.filter((s) => s.traceId === server.traceId).length} in the chat start's trace); secrets in spans: ${leaked.length} of ${secrets.length} searched`,
    );
    expect(leaked).toEqual([]);

    expect(await gateway.stop('SIGTERM')).toBe(0);
  });
});
