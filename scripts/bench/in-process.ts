import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { execute, parse, validate } from 'graphql';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import { createAvailabilityService } from '../../src/chat/availability.js';
import type { ChatPorts } from '../../src/chat/ports.js';
import { createContext } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { noteConnectCall } from '../../src/observability/use-observability.js';
import { createSchema } from '../../src/schema/index.js';
import { createCallerTokenVerifier } from '../../src/tenants/caller-token.js';
import { createMemoryTenantStore } from '../../src/tenants/memory-store.js';
import { parseTenants } from '../../src/tenants/tenants-file.js';
import { MUTATION } from './setup.js';

/*
 * The bench's chat start in-process, without sockets or the SDK (shared by yoga-request.ts and
 * in-situ-work.ts): the gateway's app with production settings, info logs to /dev/null and metrics,
 * over a memory tenant store, whose Connect call is a fake that answers at once (and reports its
 * call as the real adapter does); node:http's request and response objects without a socket; and
 * graphql-js `execute` of the same cached document.
 */
export const KEY = 'bench-key';
const tenants = createMemoryTenantStore(
  parseTenants(
    {
      tenants: [
        {
          id: 'bench',
          apiKeys: [KEY],
          allowedOrigins: ['https://bench.test'],
          connect: { region: 'us-east-1', instanceId: 'bench-instance', contactFlowId: 'bench-flow' },
        },
      ],
    },
    () => undefined,
  ),
);
const refused = () => Promise.reject(new Error('not used'));
export const ports: ChatPorts = {
  chatStarter: {
    start: async (target, _command, call) => {
      call.onConnectCall?.('StartChatContact', { latencyMs: 1.2, attempts: 1, outcome: 'ok' });
      return { contactId: 'c-1', participantId: 'p-1', participantToken: 't-1', region: target.region };
    },
  },
  contactReader: { describe: refused },
  participants: new Proxy({} as ChatPorts['participants'], { get: () => refused }),
  availability: createAvailabilityService({ hours: refused, queueMetrics: refused, contactPosition: refused }),
  feed: {
    open: () => {
      throw new Error('not used');
    },
  },
};
// As main.ts: asynchronous writes, here to /dev/null.
export const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
export const contextDeps = {
  tenants,
  tokens: createCallerTokenVerifier(),
  ports,
  contactReadConcurrency: 2,
  logger,
  requestIdOf: () => 'bench-request',
  onConnectCall: noteConnectCall,
};

export const gateway = createApp({
  logger,
  tenants,
  tokens: contextDeps.tokens,
  ports,
  production: true,
  introspection: 'off',
  metrics: createMetrics(),
});
export const body = Buffer.from(MUTATION);
export const headers = { 'content-type': 'application/json', 'x-api-key': KEY };
export const viaFetch =
  (app: { fetch: (url: string, init: RequestInit) => Promise<Response> | Response }) => async () => {
    const response = await app.fetch('http://gateway.bench/graphql', { method: 'POST', headers, body: MUTATION });
    const text = await response.text();
    if (response.status !== 200 || !text.includes('contactId')) throw new Error(`unexpected answer: ${text}`);
  };

/** Swallows what a response writes, as a socket that is never slow; the address is what the rate limiter would read. */
export class NullSocket extends Writable {
  readonly remoteAddress = '127.0.0.1';
  written = 0;
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.written += chunk.length;
    done();
  }
}
const socket = new NullSocket();
/**
 * node:http's path without the socket: the IncomingMessage and ServerResponse the server would make
 * for this request (as its parser leaves them: headers, a complete body of Content-Length bytes),
 * handed to the app as a request listener. Everything from there on runs as deployed.
 */
export const viaNode = (app: (req: IncomingMessage, res: ServerResponse) => unknown) => async () => {
  const req = new IncomingMessage(socket as unknown as Socket);
  req.method = 'POST';
  req.url = '/graphql';
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.headers = { host: 'gateway.bench', 'content-length': String(body.length), ...headers };
  // As the parser marks it once the body is in: otherwise its end counts as an abort.
  req.complete = true;
  req.push(body);
  req.push(null);
  const res = new ServerResponse(req);
  res.assignSocket(socket as unknown as Socket);
  const finished = new Promise((resolve) => res.once('finish', resolve));
  app(req, res);
  await finished;
  res.detachSocket(socket as unknown as Socket);
  if (res.statusCode !== 200) throw new Error(`unexpected status ${res.statusCode}`);
};

export const schema = createSchema();
export const { query } = JSON.parse(MUTATION) as { query: string };
export const document = parse(query);
const invalid = validate(schema, document);
if (invalid.length > 0) throw invalid[0];
export const request = new Request('http://gateway.bench/graphql', { method: 'POST', headers, body: MUTATION });
export const contextValue = await createContext(contextDeps, {
  request,
  params: { query },
  waitUntil: () => undefined,
});
export const viaExecute = async () => {
  const result = await execute({ schema, document, contextValue });
  if (result.errors) throw result.errors[0];
};
