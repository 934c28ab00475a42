import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendNodeResponse } from '@whatwg-node/server';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { DirectAnswer, DirectPath } from './direct-path.js';
import type { DirectStream } from './direct-stream.js';

type Yoga = YogaServerInstance<Record<string, never>, Context>;

/**
 * The gateway's HTTP app: node:http's request listener, and `fetch` for in-process callers (tests,
 * the Lambda handler). Both try the direct path first when there is one, and hand everything it
 * does not answer to Yoga. Event streams take the direct path over node:http only (in-process and
 * on Lambda, Yoga serves them: a Lambda buffers answers anyway).
 */
export interface GatewayApp {
  (req: IncomingMessage, res: ServerResponse): void;
  /** As Yoga's `fetch`: `(url, init?, serverContext?)` or `(request, serverContext?)`. */
  fetch(input: string | URL | Request, ...rest: unknown[]): Promise<Response>;
  dispose(): Promise<void>;
  /** The Yoga app behind it (everything the direct path does not answer). */
  readonly yoga: Yoga;
}

const isRequestInit = (value: unknown): value is RequestInit =>
  typeof value === 'object' &&
  value !== null &&
  ('method' in value || 'headers' in value || 'body' in value || 'signal' in value);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function writeAnswer(res: ServerResponse, answer: DirectAnswer): void {
  if (res.destroyed || res.writableEnded) return;
  const head: Record<string, string> = { 'content-length': String(Buffer.byteLength(answer.body)) };
  answer.headers.forEach((value, name) => {
    head[name] = value;
  });
  res.writeHead(answer.status, head);
  res.end(answer.body);
}

export function createGatewayApp(
  yoga: Yoga,
  direct: DirectPath | undefined,
  stream: DirectStream | undefined,
): GatewayApp {
  const { fetchAPI } = yoga;

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : null;
    };
    // node:http frames a body by its Content-Length: without one (chunked), Yoga counts it as it streams.
    const path =
      header('content-length') === null
        ? undefined
        : direct?.eligible(req.method, req.url, header)
          ? direct
          : stream?.eligible(req.method, req.url, header)
            ? stream
            : undefined;
    if (!path) {
      yoga(req, res);
      return;
    }
    const started = performance.now();
    const url = `http://${req.headers.host ?? 'localhost'}${req.url}`;
    // What Yoga's node adapter gives a request: a signal that aborts when the client leaves (the
    // chatEvents resolver's cue to end its stream). Made only for a stream or for Yoga: a hot
    // mutation's request never reads it, and the controller is a cost on every one.
    let left: AbortController | undefined;
    let gone = false;
    res.once('close', () => {
      if (res.writableFinished) return;
      gone = true;
      left?.abort();
    });
    const leaving = () => {
      left ??= new AbortController();
      if (gone) left.abort();
      return left.signal;
    };
    const headers = req.headers as Record<string, string>;
    readBody(req)
      .then(async (body) => {
        // Headers only: the key the per-request functions keep their state on, as Yoga's Request.
        if (path === direct) {
          const request = new fetchAPI.Request(url, { method: 'POST', headers });
          const answer = await direct.run(request, body, { req, res }, started);
          if (answer) return writeAnswer(res, answer);
        } else {
          const request = new fetchAPI.Request(url, { method: 'POST', headers, signal: leaving() });
          if (await stream?.run(request, body, req, res, started)) return;
        }
        const response = await yoga.handleRequest(
          new fetchAPI.Request(url, { method: 'POST', headers, body, signal: leaving() }),
          { req, res } as unknown as Record<string, never>,
        );
        return sendNodeResponse(response, res, req, true);
      })
      .catch((error: unknown) => {
        // A client that went away mid-body; anything else is a bug, answered as Yoga answers one.
        if (res.headersSent || res.destroyed) return;
        yoga.logger.error(error);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
      });
  };

  const fetch = async (input: string | URL | Request, ...rest: unknown[]): Promise<Response> => {
    let request: Request;
    let serverContext: unknown;
    if (input instanceof fetchAPI.Request || (typeof input === 'object' && 'headers' in input)) {
      request = input as Request;
      serverContext = rest[0];
    } else if (isRequestInit(rest[0])) {
      request = new fetchAPI.Request(input, rest[0]);
      serverContext = rest[1];
    } else {
      request = new fetchAPI.Request(input);
      serverContext = rest[0];
    }
    const { pathname, search } = new URL(request.url);
    const header = (name: string) => request.headers.get(name);
    if (!direct?.eligible(request.method, pathname + search, header)) {
      return yoga.fetch(request, serverContext as Record<string, never>);
    }
    const started = performance.now();
    let body: string;
    try {
      body = await request.text();
    } catch {
      // A body that cannot be read: Yoga answers it (it fails to read it too, and says so).
      return yoga.fetch(request, serverContext as Record<string, never>);
    }
    if (Buffer.byteLength(body) <= direct.maxBodyBytes) {
      const answer = await direct.run(request, body, (serverContext ?? {}) as Record<string, unknown>, started);
      if (answer) return new fetchAPI.Response(answer.body, { status: answer.status, headers: answer.headers });
    }
    return yoga.fetch(
      new fetchAPI.Request(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        signal: request.signal,
      }),
      serverContext as Record<string, never>,
    );
  };

  return Object.assign(listener, { fetch, dispose: () => Promise.resolve(yoga.dispose()), yoga });
}
