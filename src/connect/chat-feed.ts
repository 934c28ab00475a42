import { CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import type { ParticipantRef } from '../chat/conversation.js';
import { ParticipantTokenRefusedError } from '../chat/errors.js';
import type { CallContext, ChatFeed } from '../chat/ports.js';
import { type ConnectCallRunnerOptions, createConnectCallRunner } from './call-runner.js';
import { type FeedSettings, startFeed } from './live-feed.js';
import type { ParticipantClientPool } from './participant-clients.js';
import { isSdkError } from './sdk-error.js';

/** Options of {@link createChatFeed}; the timings default to chatjs's (Connect's own client). */
export interface ChatFeedOptions extends ConnectCallRunnerOptions {
  readonly clients: ParticipantClientPool;
  /** How often a heartbeat is sent. @default 10,000 ms (chatjs: HEARTBEAT_INTERVAL_MS) */
  readonly heartbeatIntervalMs?: number;
  /**
   * A heartbeat unanswered this long means the socket is dead; also the bound on opening a socket
   * and on the subscription's answer. @default 10,000 ms (chatjs: the next heartbeat's tick)
   */
  readonly deadSocketMs?: number;
  /**
   * A reconnect waits a random time up to this (full jitter), doubled per failed attempt and per
   * socket lost before it answered a heartbeat. @default 2,000 ms (chatjs: WEBSOCKET_RETRY_RATE_MS)
   */
  readonly reconnectBaseMs?: number;
  /** The longest wait between reconnect attempts. @default 30,000 ms (chatjs: MAX_WEBSOCKET_RETRY_RATE_MS) */
  readonly reconnectMaxMs?: number;
  /**
   * Failed attempts in a row (no URL, or no subscribed socket) after which the feed gives up with
   * ChatUnavailableError; with the default backoff, a minute or two of trying. @default 8
   */
  readonly maxReconnectAttempts?: number;
  /**
   * A socket this old is replaced: a new URL, a new socket subscribed, then the old one closed.
   * @default 3,540,000 ms, 59 minutes (chatjs: TRANSPORT_LIFETIME_IN_SECONDS)
   */
  readonly socketLifetimeMs?: number;
  /** Signals the reader has not pulled yet; one more ends the feed with StreamInterruptedError ('lagging'). @default 1000 */
  readonly maxBufferedItems?: number;
  /** The jitter's random source, in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** The feed's timings a caller may change (the rest are bounds and the jitter's source). */
export type ChatFeedTimings = Partial<
  Pick<ChatFeedOptions, 'heartbeatIntervalMs' | 'deadSocketMs' | 'reconnectBaseMs' | 'reconnectMaxMs'>
>;

function settingsOf(options: ChatFeedOptions): FeedSettings {
  const settings: FeedSettings = {
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 10_000,
    deadSocketMs: options.deadSocketMs ?? 10_000,
    reconnectBaseMs: options.reconnectBaseMs ?? 2_000,
    reconnectMaxMs: options.reconnectMaxMs ?? 30_000,
    maxReconnectAttempts: options.maxReconnectAttempts ?? 8,
    socketLifetimeMs: options.socketLifetimeMs ?? 3_540_000,
    maxBufferedItems: options.maxBufferedItems ?? 1000,
    random: options.random ?? Math.random,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (typeof value === 'number' && !(Number.isFinite(value) && value > 0)) {
      throw new RangeError(`chat feed option ${name} must be a positive number, got ${value}`);
    }
  }
  return settings;
}

/**
 * The chat's live feed on Connect's websocket (the core's `ChatFeed` port). Each `open` iterates
 * one feed: CreateParticipantConnection (`WEBSOCKET`, connecting the participant) on the call
 * runner, a socket subscribed to `aws/chat`, `{ kind: 'subscribed' }` once Connect confirms, then
 * each item. A socket that closes, or leaves a heartbeat unanswered for `deadSocketMs`, is ended
 * and replaced (a new URL each time) after a jittered exponential backoff; `subscribed` with
 * `reconnect: true` tells the reader to fill the gap from the transcript. After
 * `maxReconnectAttempts` failed attempts in a row the feed throws ChatUnavailableError. A refused
 * participant token is ParticipantTokenRefusedError, unless this feed had connected before: then
 * the participant has left, and it is ChatEndedError.
 *
 * Every `socketLifetimeMs` the socket is replaced without a gap: a new URL, the new socket
 * subscribed, and only then the old one closed; the new socket's items wait until the old one has
 * closed, so none overtakes an item still on its way on the old one. While both are open an item
 * arrives on both: the feed drops the doubles it remembers (the last 256 IDs), but the reader must
 * de-duplicate by item ID anyway, as a reconnect's transcript fill overlaps the live items too.
 * Connect's ConnectionExpiry (100 s) bounds connecting with a URL, not the socket's life: each
 * attempt connects with a URL fetched just before, and chatjs too keeps its socket 59 minutes.
 *
 * The feed ends after the `chat.ended` item or when `signal` aborts (or the reader stops), closing
 * its sockets and clearing its timers. A reader that falls more than `maxBufferedItems` behind ends
 * it with StreamInterruptedError ('lagging') instead of growing memory. The websocket URL and the tokens are
 * secrets: the log gets attempt counts, close codes and HTTP statuses only.
 */
export function createChatFeed(options: ChatFeedOptions): ChatFeed {
  const settings = settingsOf(options);
  const runner = createConnectCallRunner(options);

  /** A fresh websocket URL; a refused token is ParticipantTokenRefusedError. */
  const websocketUrl = (participant: ParticipantRef, call: CallContext, signal: AbortSignal) =>
    runner.run({
      operation: 'CreateParticipantConnection',
      target: { region: participant.region },
      call,
      command: () =>
        new CreateParticipantConnectionCommand({
          ParticipantToken: participant.participantToken,
          Type: ['WEBSOCKET'],
          ConnectParticipant: true,
        }),
      send: (command) => options.clients.clientFor(participant.region).send(command),
      signal,
      read: (output) => {
        const url = output.Websocket?.Url;
        if (!url) throw new Error('CreateParticipantConnection answered without Websocket.Url');
        return url;
      },
      refuse: (error) =>
        isSdkError(error) && error.name === 'AccessDeniedException' ? new ParticipantTokenRefusedError() : undefined,
    });

  return {
    open(participant, call, signal) {
      return {
        [Symbol.asyncIterator]: () => startFeed(settings, (s) => websocketUrl(participant, call, s), call, signal),
      };
    },
  };
}
