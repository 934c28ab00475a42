import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConnectClientPool } from '../src/connect/client-pool.js';
import { createParticipantClientPool } from '../src/connect/participant-clients.js';

/*
 * The pooled clients leave out the SDK middlewares that work on every call for nothing here
 * (src/connect/idle-middlewares.ts), and keep the X-Ray trace header a Lambda invocation forwards.
 * Real SDK clients against a loopback server that records each request's headers.
 */

const TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const STARTED = { ContactId: 'contact-1', ParticipantId: 'participant-1', ParticipantToken: 'token-1' };
const SENT = { Id: 'message-1', AbsoluteTime: '2026-12-03T10:00:00.000Z' };

describe('SDK middlewares the gateway leaves out (real SDK, loopback server)', () => {
  let server: Server;
  let endpoint: string;
  const received: IncomingHttpHeaders[] = [];
  const pools: { destroy(): void }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(req.url?.includes('/participant/message') ? SENT : STARTED));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const pool of pools.splice(0)) pool.destroy();
    received.length = 0;
    vi.unstubAllEnvs();
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const clients = () => {
    const options = { endpoint, connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 1 };
    const connect = createConnectClientPool({
      ...options,
      defaultCredentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    });
    const participant = createParticipantClientPool(options);
    pools.push(connect, participant);
    return {
      connect: connect.clientFor({ region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' }),
      participant: participant.clientFor('eu-west-2'),
    };
  };
  const callBoth = async ({ connect, participant }: ReturnType<typeof clients>) => {
    await connect.send(
      new StartChatContactCommand({
        InstanceId: 'acme-instance',
        ContactFlowId: 'acme-flow',
        ParticipantDetails: { DisplayName: 'Ada' },
      }),
    );
    await participant.send(
      new SendMessageCommand({ ConnectionToken: 'connection-1', ContentType: 'text/plain', Content: 'hi' }),
    );
  };

  it('drops the SDK request log and, outside Lambda, the trace forwarding; calls still answer', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
    vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_ID);
    const made = clients();
    for (const client of [made.connect, made.participant]) {
      const names = client.middlewareStack.identify().join('\n');
      expect(names).not.toContain('loggerMiddleware');
      expect(names).not.toContain('recursionDetectionMiddleware');
      // What the gateway needs stays: user agent, retries, signing, (de)serialisation.
      expect(names).toContain('getUserAgentMiddleware');
      expect(names).toContain('retryMiddleware');
    }
    await callBoth(made);
    expect(received).toHaveLength(2);
    for (const headers of received) {
      expect(headers['x-amzn-trace-id']).toBeUndefined();
      expect(headers['user-agent']).toMatch(/^aws-sdk-js\//);
    }
  });

  it('keeps forwarding the invocation trace ID in AWS Lambda', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'chat-gateway');
    vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_ID);
    const made = clients();
    expect(made.connect.middlewareStack.identify().join('\n')).toContain('recursionDetectionMiddleware');
    await callBoth(made);
    expect(received.map((headers) => headers['x-amzn-trace-id'])).toEqual([TRACE_ID, TRACE_ID]);
  });
});
