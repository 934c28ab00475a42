import { createGraphQLError, type Plugin } from 'graphql-yoga';

const CONTENT_LENGTH = /^\d+$/;

const tooLarge = () =>
  createGraphQLError('Request body too large', {
    extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
  });
const badLength = () =>
  createGraphQLError('Content-Length header is invalid.', {
    extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
  });

/**
 * True when node:http parsed this request (an IncomingMessage: it has `httpVersion`, which the
 * Lambda handler's stand-in `req` has not): its parser never lets a body run past Content-Length.
 */
function framedByNode(serverContext: unknown): boolean {
  const req = (serverContext as { req?: { httpVersion?: unknown } } | undefined)?.req;
  return typeof req?.httpVersion === 'string';
}

/**
 * Limits every request body to `limit` bytes (413), whatever its content type. Yoga's own
 * `maxRequestBodySize` pipes every body through a counting stream even when a Content-Length already
 * settles it, which cost ≈ 4 % of a chat start's CPU (docs/performance.md). Here a body that
 * node:http framed by a valid Content-Length within the limit is read as is; any other body (chunked,
 * in-process `fetch`, Lambda) is counted while it streams, as Yoga does.
 */
export function useBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, serverContext, fetchAPI }) {
      if (assertDeclaredLength(request.headers.get('content-length'), limit) && framedByNode(serverContext)) return;
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((req) => {
        const body = req.body;
        if (!body) return parse(req);
        // A native stream (undici's Request) needs the native TransformStream, the ponyfill its own.
        const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        let read = 0;
        const counted = body.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > limit) controller.error(tooLarge());
              else controller.enqueue(chunk);
            },
          }),
        );
        return parse(
          new fetchAPI.Request(req.url, {
            method: req.method,
            headers: req.headers,
            signal: req.signal,
            body: counted,
            duplex: 'half',
          } as RequestInit),
        );
      });
    },
  };
}

/**
 * Refuses a Content-Length that is not a number (400) or above `limit` (413). True when the
 * request declared a valid length within the limit; false when it declared none.
 */
export function assertDeclaredLength(length: string | null, limit: number): boolean {
  if (length === null) return false;
  if (!CONTENT_LENGTH.test(length)) throw badLength();
  if (Number(length) > limit) throw tooLarge();
  return true;
}
