import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendNodeResponse } from '@whatwg-node/server';
import { type ExecutionResult, type GraphQLError, subscribe } from 'graphql';
import { getSSEProcessor } from 'graphql-yoga';
import type { Context } from '../context.js';
import { type DirectPathDeps, serialised, stampAnswerHeaders } from './direct-path.js';
import { acceptedMediaTypes, mediaTypeMatches } from './regular-media-type.js';
import { withoutSuggestions } from './use-no-suggestions.js';

/** Yoga's SSE headers (graphql-yoga's `sse.js`), before the plugins' own. */
const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  connection: 'keep-alive',
  'cache-control': 'no-cache',
  'content-encoding': 'none',
};

/** Yoga's keep-alive comment, first thing and then every `PING_MS`. */
const PING = ':\n\n';

/**
 * As Yoga pings: every 12 s, every 300 ms under NODE_ENV=test (its own rule, in `sse.js`; the
 * tests that watch pings see the same stream whichever path serves it).
 */
const PING_MS = globalThis.process?.env?.NODE_ENV === 'test' ? 300 : 12_000;

const asksForEventStreamOnly = (accept: string | null) => {
  // As Yoga reads the header: an entry with a charset other than UTF-8 does not count.
  const mediaTypes = acceptedMediaTypes(accept);
  // Yoga prefers a single JSON result whenever the Accept header allows one (and refuses a
  // subscription so, 406); only a request accepting an event stream and no JSON gets SSE.
  return (
    mediaTypes.some((t) => t === 'text/event-stream') &&
    !mediaTypes.some(
      (t) => mediaTypeMatches(t, 'application/json') || mediaTypeMatches(t, 'application/graphql-response+json'),
    )
  );
};

/** One event as Yoga's SSE processor writes it: the result serialised as a JSON answer would be. */
const eventOf = (result: ExecutionResult) => `event: next\ndata: ${serialised(result, 'application/json').body}\n\n`;

/**
 * The direct path for `chatEvents` (issue 15's relay latency): a subscription whose document Yoga
 * validated once runs with graphql-js's `subscribe`, and each event is written to the socket as
 * Yoga's SSE processor writes it (`:` ping first and every 12 s, `event: next`, `event: complete`),
 * without the per-event layers between them (Yoga's and envelop's async iterator wrappers,
 * graphql-tools' flattening, the web stream and its pump). Each relayed event then re-arms one
 * short chain instead of six, and an open stream holds less.
 *
 * Admission, the context, masking, the headers and the completion line are the direct path's
 * (the same functions as Yoga's plugins). Backpressure is kept: the next event is read only once
 * the socket took the last one. The client leaving aborts the request's signal (the resolver's
 * cue) and returns the stream.
 */
export function createDirectStream(deps: DirectPathDeps) {
  const { admission, observe } = deps;

  /** From the head alone: a request the path may take, asking for an event stream and nothing else. */
  const eligible = (method: string | undefined, url: string | undefined, header: (name: string) => string | null) =>
    admission.headAdmits(method, url, header) && asksForEventStreamOnly(header('accept'));

  const headersFor = (request: Request, init: Record<string, string>) =>
    stampAnswerHeaders(deps, request, new deps.fetchAPI.Headers(init));

  const mask = (error: unknown) => deps.masking.maskError(error, deps.masking.errorMessage) as GraphQLError;

  /** Writes what Yoga writes for a subscription that did not start: its SSE processor, its status. */
  const refuse = async (request: Request, result: ExecutionResult, req: IncomingMessage, res: ServerResponse) => {
    observe.received(request, '/graphql');
    const cleaned = deps.production ? withoutSuggestions(result) : result;
    observe.resulted(request, cleaned);
    const response = await getSSEProcessor()(cleaned, deps.fetchAPI, 'text/event-stream');
    const headers = await headersFor(request, {});
    headers.forEach((value, name) => {
      response.headers.set(name, value);
    });
    observe.complete(request, response.status);
    await sendNodeResponse(response, res, req, true);
  };

  /**
   * Runs one request whose head was {@link eligible}; true when it answered, false when Yoga
   * must (nothing was written). `request` carries its method, URL and headers, and a signal that
   * aborts when the client leaves.
   */
  const run = async (
    request: Request,
    body: string,
    req: IncomingMessage,
    res: ServerResponse,
    started: number,
  ): Promise<boolean> => {
    const admitted = admission.admit(request, body, 'subscription');
    if (!admitted) return false;
    const { params, hot } = admitted;
    observe.begin(request, '/graphql', started, true);
    observe.requested(request, params);
    observe.validated(request, deps.schema, hot.document, params.operationName ?? undefined);
    const initial = { req, res, request, params };
    let context: Context & typeof initial;
    try {
      context = { ...initial, ...(await deps.contextOf(initial)) };
    } catch (error) {
      await refuse(request, { errors: [mask(error)] }, req, res);
      return true;
    }
    let stream: Awaited<ReturnType<typeof subscribe>>;
    try {
      stream = await subscribe({
        schema: deps.schema,
        document: hot.document,
        contextValue: context,
        variableValues: params.variables ?? undefined,
        operationName: params.operationName ?? undefined,
      });
    } catch (error) {
      // graphql-js throws (rather than answering errors) for a few documents it cannot subscribe.
      await refuse(request, { errors: [mask(error)] }, req, res);
      return true;
    }
    if (!(Symbol.asyncIterator in stream)) {
      // Errors without a path: the variables did not coerce, nothing ran; Yoga answers those its own way.
      if (!stream.errors?.some((e) => e.path !== undefined)) return false;
      await refuse(request, { ...stream, errors: stream.errors?.map(mask) }, req, res);
      return true;
    }
    try {
      observe.received(request, '/graphql');
      observe.resulted(request, stream);
      const headers = await headersFor(request, SSE_HEADERS);
      observe.complete(request, 200);
      await relay(stream, headers, res);
    } catch (error) {
      // Nothing of the stream may outlive the response: its Connect socket and its slots go too.
      res.destroy();
      throw error;
    } finally {
      stream.return().catch(() => undefined);
    }
    return true;
  };

  /** Writes every event of `stream` to `res`, reading the next only once the socket took the last. */
  const relay = async (stream: AsyncGenerator<ExecutionResult, void, void>, headers: Headers, res: ServerResponse) => {
    const head: Record<string, string> = {};
    headers.forEach((value, name) => {
      head[name] = value;
    });
    // As Yoga's node adapter sets a streamed answer's socket: no idle timeout, no Nagle delay
    // on small events, and TCP keep-alive so that a peer gone without a FIN is found.
    res.socket?.setTimeout(0);
    res.socket?.setNoDelay(true);
    res.socket?.setKeepAlive(true);
    res.writeHead(200, head);
    let open = true;
    let drained: (() => void) | undefined;
    const closed = () => {
      open = false;
      drained?.();
      stream.return().catch(() => undefined);
    };
    const drain = () => drained?.();
    res.once('close', closed);
    res.on('drain', drain);
    // The client may have left before this listener (while the context or the subscription was
    // made): its 'close' is gone, and a write to the destroyed socket would wait for a drain forever.
    if (res.destroyed) closed();
    const write = async (chunk: string) => {
      if (res.write(chunk) || !open) return;
      await new Promise<void>((resolve) => {
        drained = resolve;
      });
      drained = undefined;
    };
    const ping = setInterval(() => {
      // As Yoga's stream: a ping only when the socket is not backed up.
      if (open && !res.writableNeedDrain) res.write(PING);
    }, PING_MS);
    try {
      await write(PING);
      while (open) {
        let next: IteratorResult<ExecutionResult, void>;
        try {
          next = await stream.next();
        } catch (error) {
          // As Yoga's stream: a failure becomes a last event carrying the masked error.
          if (open) await write(eventOf({ errors: [mask(error)] }));
          break;
        }
        if (next.done) break;
        const value = next.value;
        const masked = value.errors?.length ? { ...value, errors: value.errors.map(mask) } : value;
        await write(eventOf(deps.production ? withoutSuggestions(masked) : masked));
      }
      if (open) res.end('event: complete\ndata:\n\n');
    } finally {
      clearInterval(ping);
      res.off('close', closed);
      res.off('drain', drain);
    }
  };

  return { eligible, run };
}

export type DirectStream = ReturnType<typeof createDirectStream>;
