import { type SseMessage, sseMessages } from './sse.js';

/** The fields of a `chatEvents` event the stream tests ask for. */
export interface ChatEventOf {
  readonly __typename: string;
  readonly id: string;
  readonly participantRole?: string | null;
  readonly content?: string;
}

/** How a stream ended: `complete` (the chat ended), `error` (an errors payload), or `closed` (the body ended or was aborted). */
export type StreamEnd =
  | { readonly kind: 'complete' }
  | { readonly kind: 'error'; readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[] }
  | { readonly kind: 'closed' };

/** One open `chatEvents` stream, read as its events arrive. */
export interface ChatEventStream {
  /** Every event received so far, in order. */
  readonly events: readonly ChatEventOf[];
  /** How it ended, once it has. */
  readonly end: StreamEnd | undefined;
  /**
   * Reads until an event matches `predicate` (resolving with it) or the stream ends (resolving
   * undefined); rejects after `timeoutMs`, naming what it waited for.
   */
  until(
    predicate: (event: ChatEventOf) => boolean,
    timeoutMs: number,
    waitingFor?: string,
  ): Promise<ChatEventOf | undefined>;
  /** Resolves with the stream's end; rejects after `timeoutMs`. */
  ended(timeoutMs: number): Promise<StreamEnd>;
  /** Aborts the request, as a client losing its network or reloading would. */
  close(): void;
}

/** A request for a stream: `fetch` is the server's (`yoga.fetch`, a gateway runtime's `fetch`, or the global one). */
export interface StreamRequest {
  readonly fetch: (url: string, init: RequestInit) => Promise<Response> | Response;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** Told of each event as it arrives (not after `close()`). */
  readonly onEvent?: (event: ChatEventOf) => void;
  /** Told once how the stream ended (not after `close()`). */
  readonly onEnd?: (end: StreamEnd) => void;
}

/**
 * Opens a GraphQL-over-SSE subscription with POST and reads it in the background from the start
 * (Yoga subscribes only once the body is pulled). `field` names the root field whose value each
 * `next` payload carries. Errors payloads end the stream as `{ kind: 'error' }`.
 */
export async function openChatEventStream(request: StreamRequest, field = 'chatEvents'): Promise<ChatEventStream> {
  const abort = new AbortController();
  const response = await request.fetch(request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...request.headers },
    body: JSON.stringify({ query: request.query, variables: request.variables ?? {} }),
    signal: abort.signal,
  });
  if (response.status !== 200) {
    throw new Error(`the stream was answered ${response.status}: ${await response.text()}`);
  }
  const events: ChatEventOf[] = [];
  const listeners = new Set<() => void>();
  let end: StreamEnd | undefined;
  let closed = false;
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const finish = (how: StreamEnd) => {
    if (end) return;
    end = how;
    if (!closed) request.onEnd?.(how);
    notify();
  };
  const onMessage = (message: SseMessage) => {
    // After close() the client is gone: whatever was still on its way is not its to see.
    if (closed) return;
    if (message.event === 'complete') return finish({ kind: 'complete' });
    if (message.event !== 'next') return;
    const payload = JSON.parse(message.data);
    if (payload.errors) return finish({ kind: 'error', errors: payload.errors });
    const event = payload.data[field] as ChatEventOf;
    events.push(event);
    request.onEvent?.(event);
    notify();
  };
  // Aborting the request does not reach a response already given in-process (`yoga.fetch`): the
  // body is cancelled too, as a browser closing the connection would.
  const reader = response.body?.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) controller.close();
      else controller.enqueue(chunk.value);
    },
  });
  void (async () => {
    try {
      for await (const message of sseMessages(new Response(body))) {
        onMessage(message);
        if (end) break;
      }
    } catch {
      // Aborted by the test, or the connection was cut: both end the stream.
    }
    finish({ kind: 'closed' });
  })();

  /** Waits until `check` gives a value, re-checking on each event and on the end. */
  function waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const listener = () => {
        const value = check();
        if (value === undefined) return;
        listeners.delete(listener);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(
          new Error(`no ${what} within ${timeoutMs} ms (${events.length} events read, end: ${JSON.stringify(end)})`),
        );
      }, timeoutMs);
      listeners.add(listener);
      listener();
    });
  }

  return {
    events,
    get end() {
      return end;
    },
    async until(predicate, timeoutMs, waitingFor = 'matching event') {
      let from = 0;
      const found = await waitFor<{ event?: ChatEventOf }>(
        () => {
          for (; from < events.length; from += 1) {
            if (predicate(events[from]!)) return { event: events[from]! };
          }
          return end ? {} : undefined;
        },
        timeoutMs,
        waitingFor,
      );
      return found.event;
    },
    ended: (timeoutMs) => waitFor(() => end, timeoutMs, 'end of the stream'),
    close() {
      closed = true;
      finish({ kind: 'closed' });
      abort.abort();
      reader?.cancel().catch(() => undefined);
    },
  };
}
