/**
 * One running chat feed: the socket the feed relies on, its replacement before it grows old, the
 * reconnect loop with its backoff, the reader's bounded buffer, and the stop that ends every socket
 * and timer. connect/chat-feed.ts makes the Connect call and the options; this is the machinery.
 */
import type { Item } from '@aws-sdk/client-connectparticipant';
import {
  ChatEndedError,
  ChatUnavailableError,
  ParticipantTokenRefusedError,
  StreamInterruptedError,
} from '../chat/errors.js';
import type { LiveSignal } from '../chat/live.js';
import type { CallContext } from '../chat/ports.js';
import { type ChatSocket, ChatSocketError, openChatSocket, type SocketEnd } from './chat-socket.js';
import { createFeedBuffer } from './feed-buffer.js';
import { toTranscriptItem } from './participant-service.js';

/** The feed's timings and bounds, defaults applied (see ChatFeedOptions). */
export interface FeedSettings {
  readonly heartbeatIntervalMs: number;
  readonly deadSocketMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  readonly maxReconnectAttempts: number;
  readonly socketLifetimeMs: number;
  readonly maxBufferedItems: number;
  readonly random: () => number;
}

const CHAT_ENDED = 'application/vnd.amazonaws.connect.event.chat.ended';
/** Item IDs remembered to drop the doubles two sockets deliver while one replaces the other. */
const RECENT_IDS = 256;

/** Runs one feed until the chat ends, the signal aborts, the reader leaves or reconnecting gives up. */
export function startFeed(
  settings: FeedSettings,
  websocketUrl: (signal: AbortSignal) => Promise<string>,
  call: CallContext,
  signal: AbortSignal,
): AsyncIterator<LiveSignal> {
  const buffer = createFeedBuffer<LiveSignal>(settings.maxBufferedItems);
  const sockets = new Set<ChatSocket>();
  const timers = new Set<NodeJS.Timeout>();
  /** Called when the feed stops: each pending wait ends. */
  const wakers = new Set<() => void>();
  const recent = createRecentIds(RECENT_IDS);
  const log = call.logger;
  let stopped = false;
  /** The subscribed socket the feed relies on; during a replacement, the old one until the new is subscribed. */
  let current: ChatSocket | undefined;
  /** Tells the run loop that `current` ended. */
  let onLost: ((lost: { end: SocketEnd; healthy: boolean }) => void) | undefined;
  /** When `current` is to be replaced. */
  let replacement: NodeJS.Timeout | undefined;
  /**
   * A replaced socket while it closes: the new socket's items wait in `held` until it has closed
   * (or `deadSocketMs` passed), so none overtakes an item still on its way on the old one.
   */
  let retiring: { socket: ChatSocket; held: unknown[]; timer: NodeJS.Timeout } | undefined;
  /** Connect gave this feed a URL once: a refused token now means the participant left. */
  let connectedBefore = false;

  function stop() {
    if (stopped) return;
    stopped = true;
    retiring = undefined;
    signal.removeEventListener('abort', abort);
    for (const socket of sockets) socket.terminate();
    sockets.clear();
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const wake of wakers) wake();
    wakers.clear();
  }
  function abort() {
    stop();
    buffer.close();
  }

  function cancel(timer: NodeJS.Timeout | undefined) {
    clearTimeout(timer);
    if (timer) timers.delete(timer);
  }
  function later(ms: number, run: () => void) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
    return timer;
  }
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = later(ms, done);
      function done() {
        cancel(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });
  /** Full jitter: up to base × 2^level, capped. */
  const backoff = (level: number) =>
    Math.round(settings.random() * Math.min(settings.reconnectMaxMs, settings.reconnectBaseMs * 2 ** level));

  function deliver(value: LiveSignal) {
    if (stopped || buffer.push(value)) return;
    log.warn({ maxBufferedItems: settings.maxBufferedItems }, 'chat feed reader fell behind; the feed ends');
    stop();
    // The domain's error: the stream ends, and its client resumes from the transcript with `after`.
    buffer.fail(new StreamInterruptedError('lagging'), true);
  }

  function onItem(socket: ChatSocket, raw: unknown) {
    if (retiring && socket === current) {
      retiring.held.push(raw);
      if (retiring.held.length > settings.maxBufferedItems) retire();
      return;
    }
    relay(raw);
  }

  function relay(raw: unknown) {
    if (stopped) return;
    const item = isObject(raw) ? toTranscriptItem(raw as Item) : undefined;
    if (!item) return void log.debug('chat feed skipped a frame without an item');
    if (recent.seen(item.id)) return;
    deliver({ kind: 'item', item });
    if (item.contentType === CHAT_ENDED && !stopped) {
      stop();
      buffer.end();
    }
  }

  /** The replaced socket is gone (or given up on): what the new one held back goes out. */
  function retire() {
    if (!retiring) return;
    const { socket, held, timer } = retiring;
    retiring = undefined;
    cancel(timer);
    sockets.delete(socket);
    socket.terminate();
    for (const raw of held) relay(raw);
  }

  function onEnd(socket: ChatSocket, end: SocketEnd) {
    sockets.delete(socket);
    if (retiring && (socket === retiring.socket || socket === current)) retire();
    if (socket !== current) return;
    current = undefined;
    cancel(replacement);
    onLost?.({ end, healthy: socket.healthy });
  }

  /** Opens a socket with a fresh URL; `onSubscribed` runs before any of its items. */
  async function connect(onSubscribed: (socket: ChatSocket) => void): Promise<void> {
    // The feed's own signal: a stop for another reason (the chat's end, the reader leaving, the
    // server's shutdown) lets a URL being fetched arrive unused, within the call's deadline, rather
    // than keep an AbortController per feed for it.
    const url = await websocketUrl(signal);
    connectedBefore = true;
    if (stopped) return;
    const opened = openChatSocket(url, {
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      deadlineMs: settings.deadSocketMs,
      onSubscribed,
      onItem,
      onEnd,
    });
    sockets.add(opened.socket);
    try {
      await opened.subscribed;
    } catch (error) {
      sockets.delete(opened.socket);
      throw error;
    }
  }

  /** Replaces `current` after its lifetime: the new socket subscribed first, then the old one closed. */
  function scheduleReplacement(ms: number) {
    const old = current;
    cancel(replacement);
    replacement = later(ms, () => {
      if (stopped || current !== old || !old) return;
      connect((socket) => {
        if (current !== old) {
          sockets.delete(socket);
          return socket.terminate();
        }
        retire();
        current = socket;
        // Closing, the old socket still delivers what was on its way (doubles are dropped).
        retiring = { socket: old, held: [], timer: later(settings.deadSocketMs, retire) };
        old.close();
        scheduleReplacement(settings.socketLifetimeMs);
      }).catch((error: unknown) => {
        if (stopped || current !== old) return;
        // The old socket still works: keep it and try again later; if it ends, the run loop reconnects.
        log.warn({ failure: describe(error) }, 'chat feed could not replace its socket; keeps the current one');
        if (!(error instanceof ParticipantTokenRefusedError)) scheduleReplacement(backoff(1));
      });
    });
  }

  async function run(): Promise<void> {
    /** Failed attempts in a row: the feed gives up at maxReconnectAttempts. */
    let failures = 0;
    /**
     * The backoff's exponent: failed attempts, and sockets lost before they answered a heartbeat
     * (a Connect that accepts and drops at once is backed off from, though it never "fails").
     */
    let level = 0;
    let subscribedBefore = false;
    while (!stopped) {
      if (subscribedBefore || failures > 0) {
        if (failures >= settings.maxReconnectAttempts) {
          log.warn({ attempts: failures }, 'chat feed gave up reconnecting');
          throw new ChatUnavailableError(call.requestId);
        }
        await sleep(backoff(level));
        if (stopped) return;
      }
      let settleLost!: (lost: { end: SocketEnd; healthy: boolean } | undefined) => void;
      const lost = new Promise<{ end: SocketEnd; healthy: boolean } | undefined>((resolve) => {
        settleLost = resolve;
      });
      const wake = () => settleLost(undefined);
      wakers.add(wake);
      onLost = settleLost;
      try {
        await connect((socket) => {
          current = socket;
          deliver({ kind: 'subscribed', reconnect: subscribedBefore });
          scheduleReplacement(settings.socketLifetimeMs);
        });
      } catch (error) {
        wakers.delete(wake);
        onLost = undefined;
        if (stopped) return;
        if (error instanceof ParticipantTokenRefusedError) throw connectedBefore ? new ChatEndedError() : error;
        failures += 1;
        level += 1;
        log.warn({ attempt: failures, failure: describe(error) }, 'chat feed could not connect');
        continue;
      }
      if (stopped) return;
      if (subscribedBefore) log.info({ failedAttempts: failures }, 'chat feed reconnected');
      failures = 0;
      subscribedBefore = true;
      const ended = await lost;
      wakers.delete(wake);
      onLost = undefined;
      if (!ended || stopped) return;
      level = ended.healthy ? 0 : level + 1;
      log.info({ socketEnd: ended.end, healthy: ended.healthy }, 'chat feed lost its socket; reconnecting');
      deliver({ kind: 'interrupted' });
    }
  }

  if (signal.aborted) {
    buffer.close();
  } else {
    signal.addEventListener('abort', abort, { once: true });
    run().then(
      () => {
        stop();
        buffer.end();
      },
      (error: unknown) => {
        stop();
        buffer.fail(error);
      },
    );
  }
  return {
    next: () => buffer.next(),
    async return() {
      abort();
      return { done: true, value: undefined };
    },
  };
}

/** What failed, for the log: a socket's end, or an error's name (never a message, which could quote a URL). */
function describe(error: unknown) {
  if (error instanceof ChatSocketError) return error.end;
  return { name: error instanceof Error ? error.name : typeof error };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The last `size` item IDs seen. */
function createRecentIds(size: number) {
  const order: string[] = [];
  const ids = new Set<string>();
  return {
    /** Whether `id` was seen; remembers it if not. */
    seen(id: string): boolean {
      if (ids.has(id)) return true;
      ids.add(id);
      order.push(id);
      if (order.length > size) ids.delete(order.shift()!);
      return false;
    },
  };
}
