import { reconnectDelayMs } from './backoff.js';
import { ChatEventsSubscription } from './conversation-operations.js';
import { type ChatCredentials, type GatewaySettings, gatewayHeaders, requestBody } from './gateway-client.js';
import type { ChatEventsSubscription as ChatEventsResult } from './gql/graphql.js';
import { sseMessages } from './sse.js';

/** One live event of the chat. */
export type ChatEvent = ChatEventsResult['chatEvents'];

/** Whether events flow, or the page is getting the stream back. */
export type StreamState = 'live' | 'reconnecting';

/** Why following stopped for good: the chat ended, or the gateway refuses the token (an ended chat too). */
export type StreamEnd = 'ended' | 'refused';

/** Options of {@link followChatEvents}. */
export interface FollowOptions {
  readonly gateway: GatewaySettings;
  readonly chat: ChatCredentials;
  /** Resume after this event id (what the page already shows); absent: from now on. */
  readonly after: string | undefined;
  readonly onEvent: (event: ChatEvent) => void;
  readonly onState: (state: StreamState) => void;
  readonly onEnd: (why: StreamEnd) => void;
  /**
   * No byte at all for this long means a dead connection (a network that vanished without a
   * reset): the gateway sends a keep-alive every 12 s. @default 45,000
   */
  readonly silenceMs?: number;
  /** @default Math.random */
  readonly random?: () => number;
}

/** A running subscription; see {@link followChatEvents}. */
export interface ChatEventsFollower {
  /** The id of the last event delivered (typing and receipts included: any event's id resumes). */
  readonly after: string | undefined;
  /** Drops the connection and reconnects, as after a failure (the browser went offline). */
  interrupt(): void;
  /** Skips the rest of the wait before the next reconnect (the browser is online again). */
  reconnectNow(): void;
  stop(): void;
}

interface StreamError {
  readonly message: string;
  readonly extensions?: { readonly code?: string; readonly retryAfterSeconds?: number };
}
interface StreamPayload {
  readonly data?: ChatEventsResult | null;
  readonly errors?: readonly StreamError[];
}

type Attempt =
  | { readonly kind: 'end'; readonly why: StreamEnd }
  | { readonly kind: 'retry'; readonly retryAfterSeconds?: number | undefined };

/**
 * Follows `chatEvents` over SSE (fetch, so the headers can go along) until the chat ends. A failed
 * connection, a dropped one, or a STREAM_INTERRUPTED / CHAT_UNAVAILABLE / RATE_LIMITED error shows
 * as "reconnecting" and subscribes again with `after` = the last event's id after a jittered
 * backoff, so nothing is lost; the gateway fills the gap from the transcript.
 */
export function followChatEvents(options: FollowOptions): ChatEventsFollower {
  const silenceMs = options.silenceMs ?? 45_000;
  let after = options.after;
  let stopped = false;
  let connection: AbortController | undefined;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });

  /** What one `errors` payload means for the page. */
  function onErrors(errors: readonly StreamError[]): Attempt {
    const extensions = errors[0]?.extensions ?? {};
    if (extensions.code === 'CHAT_ENDED') return { kind: 'end', why: 'ended' };
    if (extensions.code === 'UNAUTHENTICATED') return { kind: 'end', why: 'refused' };
    // Only a corrupted kept id is refused: following from now beats never following again.
    if (extensions.code === 'BAD_USER_INPUT') after = undefined;
    return { kind: 'retry', retryAfterSeconds: extensions.retryAfterSeconds };
  }

  /** One connection, from the request to its end; resolves with what to do next. */
  async function connect(): Promise<Attempt> {
    const abort = new AbortController();
    connection = abort;
    let silence = setTimeout(() => abort.abort(), silenceMs);
    const heard = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        clearTimeout(silence);
        silence = setTimeout(() => abort.abort(), silenceMs);
        controller.enqueue(chunk);
      },
    });
    try {
      const response = await fetch(options.gateway.url, {
        method: 'POST',
        headers: { ...gatewayHeaders(options.gateway, options.chat), accept: 'text/event-stream' },
        body: requestBody(options.gateway, ChatEventsSubscription, { after }),
        signal: abort.signal,
      });
      if (response.status === 401) return { kind: 'end', why: 'refused' };
      if (!response.ok || !response.body) return { kind: 'retry' };
      options.onState('live');
      let ended = false;
      for await (const message of sseMessages(response.body.pipeThrough(heard))) {
        if (message.event === 'complete') break;
        if (message.event !== 'next') continue;
        const payload = JSON.parse(message.data) as StreamPayload;
        if (payload.errors?.length) return onErrors(payload.errors);
        const event = payload.data?.chatEvents;
        if (!event) continue;
        after = event.id;
        options.onEvent(event);
        if (event.__typename === 'ChatEndedItem') ended = true;
      }
      // A stream completes after the chat's end; a body that just stops is a dropped connection.
      return ended ? { kind: 'end', why: 'ended' } : { kind: 'retry' };
    } catch {
      return { kind: 'retry' };
    } finally {
      clearTimeout(silence);
      abort.abort();
    }
  }

  async function run() {
    let failures = 0;
    while (!stopped) {
      const before = after;
      const attempt = await connect();
      if (stopped) return;
      if (attempt.kind === 'end') {
        options.onEnd(attempt.why);
        return;
      }
      // A connection that delivered something was a success: the next failure starts the backoff over.
      if (after !== before) failures = 0;
      options.onState('reconnecting');
      await pause(reconnectDelayMs(failures, attempt.retryAfterSeconds, options.random));
      failures += 1;
    }
  }

  void run();
  return {
    get after() {
      return after;
    },
    interrupt: () => connection?.abort(),
    reconnectNow: () => wake?.(),
    stop() {
      stopped = true;
      connection?.abort();
      wake?.();
    },
  };
}
