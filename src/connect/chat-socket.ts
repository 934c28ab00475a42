/**
 * One websocket to Amazon Connect for a chat, speaking the protocol of Connect's own client
 * (chatjs's websocket manager): subscribe to `aws/chat`, send `aws/heartbeat` at an interval and
 * expect it back, read each `aws/chat` frame's item. It never reconnects (the feed does) and never
 * keeps or reports its URL: the URL is a secret, so nothing here puts it in an error or a log
 * (ws's own errors can quote it, so only their code is kept).
 */
import { WebSocket } from 'ws';

const SUBSCRIBE = JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
const HEARTBEAT = JSON.stringify({ topic: 'aws/heartbeat' });
/** A Connect item is a few tens of KB at most (12 KB of content, JSON-escaped twice); a larger frame is refused. */
const MAX_FRAME_BYTES = 1024 * 1024;

/** Why a socket ended, in terms safe to log. */
export type SocketEnd =
  /** Closed by Connect or the network (1006: no close frame). */
  | { readonly reason: 'closed'; readonly code: number }
  /** The handshake was answered with this HTTP status (403: an unknown or expired URL). */
  | { readonly reason: 'refused'; readonly status: number }
  /** Connect answered the subscription with a failure. */
  | { readonly reason: 'subscribe-refused' }
  /** No subscription answer, or a heartbeat unanswered, within the deadline: the socket is dead. */
  | { readonly reason: 'no-answer' }
  /** A frame could not be sent: the socket is dead. */
  | { readonly reason: 'send-failed' }
  /** A network or protocol error, with its code when it has one. */
  | { readonly reason: 'error'; readonly code?: string }
  /** The feed closed it while it was opening. */
  | { readonly reason: 'aborted' };

/** A socket that failed before its subscription was confirmed. */
export class ChatSocketError extends Error {
  override name = 'ChatSocketError';
  constructor(readonly end: SocketEnd) {
    super(`The chat websocket failed before subscribing (${end.reason})`);
  }
}

/** An open chat websocket. */
export interface ChatSocket {
  /** Closes it (1000); items already on their way are still delivered until the close completes. */
  close(): void;
  /** Destroys it at once. */
  terminate(): void;
  /** Whether Connect has answered one of its heartbeats (it lived through one round). */
  readonly healthy: boolean;
}

/** Timings and what to tell the feed. Callbacks run synchronously, in the order frames arrive. */
export interface ChatSocketOptions {
  /** How often a heartbeat is sent once subscribed. */
  readonly heartbeatIntervalMs: number;
  /** How long an answer (to the handshake, the subscription, a heartbeat) may take before the socket is dead. */
  readonly deadlineMs: number;
  /** The subscription is confirmed; called before any item of this socket. */
  readonly onSubscribed: (socket: ChatSocket) => void;
  /** An `aws/chat` item: the parsed JSON object of the frame's content. */
  readonly onItem: (socket: ChatSocket, item: unknown) => void;
  /** A subscribed socket ended: on its own, or once a `close` completed (never after `terminate`). */
  readonly onEnd: (socket: ChatSocket, end: SocketEnd) => void;
}

/**
 * Opens `url` and subscribes. The socket is returned at once (so the feed can end it while it
 * opens); `subscribed` settles when Connect confirms the subscription, or rejects with a
 * {@link ChatSocketError} if the socket ends before.
 */
export function openChatSocket(
  url: string,
  options: ChatSocketOptions,
): { socket: ChatSocket; subscribed: Promise<void> } {
  let state: 'opening' | 'open' | 'closing' | 'done' = 'opening';
  let healthy = false;
  let settle!: { resolve: () => void; reject: (error: ChatSocketError) => void };
  const subscribed = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The feed awaits it; a failure it never awaits (the feed stopped first) must not be unhandled.
  subscribed.catch(() => undefined);

  let deadline: NodeJS.Timeout | undefined;
  let beats: NodeJS.Timeout | undefined;
  const clearTimers = () => {
    clearTimeout(deadline);
    clearInterval(beats);
    deadline = undefined;
  };

  let ws: WebSocket | undefined;
  const socket: ChatSocket = {
    close() {
      if (state === 'opening') return end({ reason: 'aborted' });
      if (state !== 'open') return;
      state = 'closing';
      clearTimers();
      ws?.close(1000);
    },
    terminate() {
      if (state === 'opening') return end({ reason: 'aborted' });
      if (state === 'done') return;
      state = 'done';
      clearTimers();
      ws?.terminate();
    },
    get healthy() {
      return healthy;
    },
  };

  /** Ends the socket for `why`: tells whoever waits (the opener, or the feed), once. */
  function end(why: SocketEnd) {
    if (state === 'done') return;
    const was = state;
    state = 'done';
    clearTimers();
    ws?.terminate();
    if (was === 'opening') settle.reject(new ChatSocketError(why));
    else options.onEnd(socket, why);
  }

  const send = (frame: string) =>
    ws?.send(frame, (error) => {
      if (error && state === 'open') end({ reason: 'send-failed' });
    });

  function heartbeat() {
    send(HEARTBEAT);
    deadline ??= setTimeout(() => end({ reason: 'no-answer' }), options.deadlineMs);
  }

  function read(text: string) {
    let frame: { topic?: unknown; content?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    if (frame.topic === 'aws/subscribe' && state === 'opening') {
      const content = frame.content as { status?: unknown; topics?: unknown } | undefined;
      const ok = content?.status === 'success' && Array.isArray(content.topics) && content.topics.includes('aws/chat');
      if (!ok) return end({ reason: 'subscribe-refused' });
      state = 'open';
      clearTimeout(deadline);
      deadline = undefined;
      options.onSubscribed(socket);
      settle.resolve();
      if (state !== 'open') return;
      heartbeat();
      beats = setInterval(heartbeat, options.heartbeatIntervalMs);
    } else if (frame.topic === 'aws/heartbeat') {
      healthy = true;
      clearTimeout(deadline);
      deadline = undefined;
    } else if (frame.topic === 'aws/chat' && (state === 'open' || state === 'closing')) {
      try {
        options.onItem(socket, typeof frame.content === 'string' ? JSON.parse(frame.content) : frame.content);
      } catch {
        // Not JSON: not an item.
      }
    }
    // Anything else (aws/ping answers, API Gateway's "Forbidden") asks nothing of the feed.
  }

  try {
    ws = new WebSocket(url, {
      perMessageDeflate: false,
      handshakeTimeout: options.deadlineMs,
      maxPayload: MAX_FRAME_BYTES,
      followRedirects: false,
    });
  } catch {
    // A malformed URL: ws's message would quote it.
    end({ reason: 'error', code: 'EINVALIDURL' });
    return { socket, subscribed };
  }
  deadline = setTimeout(() => end({ reason: 'no-answer' }), options.deadlineMs);
  ws.on('open', () => send(SUBSCRIBE));
  ws.on('message', (data, isBinary) => {
    if (!isBinary && state !== 'done') read(String(data));
  });
  ws.on('unexpected-response', (_request, response) => end({ reason: 'refused', status: response.statusCode ?? 0 }));
  ws.on('error', (error: NodeJS.ErrnoException) =>
    end({ reason: 'error', ...(error.code ? { code: error.code } : {}) }),
  );
  ws.on('close', (code) => end({ reason: 'closed', code }));
  return { socket, subscribed };
}
