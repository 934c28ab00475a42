import { ConnectClient, StartChatContactCommand } from '@aws-sdk/client-connect';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../src/chat/conversation.js';
import { ChatEndedError, ChatUnavailableError, ParticipantTokenRefusedError } from '../src/chat/errors.js';
import type { LiveSignal } from '../src/chat/live.js';
import type { CallContext } from '../src/chat/ports.js';
import { type ChatFeedOptions, createChatFeed } from '../src/connect/chat-feed.js';
import { createParticipantClientPool, type ParticipantClientPool } from '../src/connect/participant-clients.js';
import { createParticipantService } from '../src/connect/participant-service.js';
import { createLogger } from '../src/logger.js';
import { SIMULATOR_CREDENTIALS, type Simulator } from '../src/simulator/index.js';
import { startFixtureSimulator } from './helpers/fixture-simulator.js';

/*
 * The chat feed adapter (connect/chat-feed.ts) with the real Participant Service SDK and a real
 * websocket against the simulator: what arrives, in which order, and how each failure of the
 * socket is lived through. Timings are short options; the tests wait for events with generous
 * deadlines and never assert elapsed time.
 */

const REGION = 'eu-west-2';
const WAIT_MS = 10_000;
const ENDED = 'application/vnd.amazonaws.connect.event.chat.ended';
const JOINED = 'application/vnd.amazonaws.connect.event.participant.joined';
const TYPING = 'application/vnd.amazonaws.connect.event.typing';

/** `promise`, or a rejection naming `what` after the deadline. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${WAIT_MS} ms`)), WAIT_MS);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Polls `check` until it holds (an event the test cannot subscribe to), failing after the deadline. */
async function until(check: () => boolean, what: string) {
  const give = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > give) throw new Error(`${what}: not within ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Reads a feed signal by signal, each within the deadline. */
function readerOf(feed: AsyncIterable<LiveSignal>) {
  const iterator = feed[Symbol.asyncIterator]();
  const next = () => within(iterator.next(), 'the next signal');
  return {
    iterator,
    next,
    async signal(): Promise<LiveSignal> {
      const result = await next();
      if (result.done) throw new Error('The feed ended');
      return result.value;
    },
    async item(): Promise<TranscriptItem> {
      const result = await next();
      if (result.done || result.value.kind !== 'item')
        throw new Error(`Expected an item, got ${JSON.stringify(result)}`);
      return result.value.item;
    },
    /** Items until (and with) the first matching `last`; fails on anything but items. */
    async itemsUntil(last: (item: TranscriptItem) => boolean): Promise<TranscriptItem[]> {
      const items: TranscriptItem[] = [];
      for (;;) {
        const item = await this.item();
        items.push(item);
        if (last(item)) return items;
      }
    },
  };
}

describe('the chat feed adapter against the simulator (real SDK, real websocket)', () => {
  let quiet: Simulator;
  let scripted: Simulator;
  let clients: ParticipantClientPool;
  const logLines: string[] = [];
  const participantTokens: string[] = [];
  const call: CallContext = {
    requestId: 'req-feed',
    logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
  };

  beforeAll(async () => {
    quiet = await startFixtureSimulator({ agent: { enabled: false } });
    scripted = await startFixtureSimulator({ agent: { joinDelayMs: 0, replyDelayMs: 0 } });
    // One pool for both simulators would need one endpoint: each simulator gets its own.
    clients = createParticipantClientPool({
      endpoint: quiet.url,
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 5000,
      maxAttempts: 1,
      retryBackoff: () => 0,
    });
  });
  afterAll(async () => {
    clients.destroy();
    await Promise.all([quiet.close(), scripted.close()]);
  });

  /** Starts a chat on `simulator`; its contact and participant. */
  async function startChat(simulator: Simulator) {
    const connect = new ConnectClient({
      region: REGION,
      endpoint: simulator.url,
      credentials: SIMULATOR_CREDENTIALS,
      retryStrategy: new ConfiguredRetryStrategy(1, 0),
    });
    const out = await connect.send(
      new StartChatContactCommand({
        InstanceId: 'acme-instance',
        ContactFlowId: 'acme-flow',
        ParticipantDetails: { DisplayName: 'Ada' },
      }),
    );
    connect.destroy();
    participantTokens.push(out.ParticipantToken!);
    return { contactId: out.ContactId!, participant: { region: REGION, participantToken: out.ParticipantToken! } };
  }

  /** A feed on the quiet simulator with test timings (over `options`). */
  const feedOf = (options: Partial<ChatFeedOptions> = {}, pool = clients) =>
    createChatFeed({
      clients: pool,
      deadlineMs: 10_000,
      reconnectBaseMs: 10,
      reconnectMaxMs: 50,
      ...options,
    });

  const connections = (simulator: Simulator, contactId: string) =>
    simulator.participantCalls.filter(
      (c) => c.operation === 'CreateParticipantConnection' && c.contactId === contactId,
    );

  it('relays the scripted agent: the customer’s message, receipts, typing and the answer, in order', async () => {
    const pool = createParticipantClientPool({
      endpoint: scripted.url,
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 5000,
      maxAttempts: 1,
    });
    const { contactId, participant } = await startChat(scripted);
    const controller = new AbortController();
    const reader = readerOf(feedOf({}, pool).open(participant, call, controller.signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    await scripted.waitForTranscriptItem(contactId, (i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT');
    const sent = await createParticipantService({ clients: pool, deadlineMs: 10_000 }).sendMessage(
      participant,
      { contentType: 'text/plain', content: 'Hello there' },
      call,
    );
    const items = await reader.itemsUntil((i) => i.content === 'You said: "Hello there"');
    const fromMessage = items.slice(items.findIndex((i) => i.id === sent.id));
    expect(fromMessage.map((i) => [i.type, i.contentType, i.participantRole])).toEqual([
      ['MESSAGE', 'text/plain', 'CUSTOMER'],
      ['EVENT', 'application/vnd.amazonaws.connect.event.message.delivered', 'AGENT'],
      ['EVENT', 'application/vnd.amazonaws.connect.event.message.read', 'AGENT'],
      ['EVENT', TYPING, 'AGENT'],
      ['MESSAGE', 'text/plain', 'AGENT'],
    ]);
    expect(JSON.parse(fromMessage[2]!.content!)).toEqual({ messageId: sent.id });
    controller.abort();
    expect(await reader.next()).toEqual({ done: true, value: undefined });
    pool.destroy();
  });

  it('yields subscribed once Connect confirms, then each item posted after it, in order and mapped', async () => {
    const { contactId, participant } = await startChat(quiet);
    const controller = new AbortController();
    const reader = readerOf(feedOf().open(participant, call, controller.signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    expect(connections(quiet, contactId).map((c) => c.body)).toEqual([
      { Type: ['WEBSOCKET'], ConnectParticipant: true },
    ]);
    quiet.agentSays(contactId, 'one');
    quiet.agentTyping(contactId);
    quiet.agentSays(contactId, 'two', { contentType: 'text/markdown' });
    const posted = quiet.chatEvents(contactId).slice(-4);
    const items = [await reader.item(), await reader.item(), await reader.item(), await reader.item()];
    expect(items).toEqual(
      posted.map((i) => ({
        id: i.Id,
        at: new Date(i.AbsoluteTime),
        type: i.Type,
        contentType: i.ContentType,
        ...(i.Content !== undefined ? { content: i.Content } : {}),
        participantId: i.ParticipantId,
        participantRole: 'AGENT',
        displayName: 'Sam (simulated agent)',
        contactId,
      })),
    );
    expect(items.map((i) => i.content ?? i.contentType)).toEqual([JOINED, 'one', TYPING, 'two']);
    controller.abort();
  });

  it('a dropped socket is opened again: subscribed with reconnect, then the items go on', async () => {
    const { contactId, participant } = await startChat(quiet);
    const controller = new AbortController();
    const reader = readerOf(feedOf().open(participant, call, controller.signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    expect(quiet.dropChatSockets(contactId)).toBe(1);
    // Told at once, so that the reader fills while the feed reconnects.
    expect(await reader.signal()).toEqual({ kind: 'interrupted' });
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: true });
    quiet.agentSays(contactId, 'after the drop');
    expect((await reader.itemsUntil((i) => i.type === 'MESSAGE')).at(-1)?.content).toBe('after the drop');
    expect(quiet.chatSockets(contactId)).toEqual({ open: 1, subscribed: 1 });
    expect(connections(quiet, contactId)).toHaveLength(2);
    controller.abort();
  });

  it('a socket whose heartbeats go unanswered is found dead, ended and replaced', async () => {
    const { contactId, participant } = await startChat(quiet);
    const controller = new AbortController();
    const feed = feedOf({ heartbeatIntervalMs: 50, deadSocketMs: 500 });
    const reader = readerOf(feed.open(participant, call, controller.signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    expect(quiet.stopChatHeartbeats(contactId)).toBe(1);
    // Told at once, so that the reader fills while the feed reconnects.
    expect(await reader.signal()).toEqual({ kind: 'interrupted' });
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: true });
    // The silent socket was ended by the feed, not left open beside the new one.
    await until(() => quiet.chatSockets(contactId).open === 1, 'one socket left');
    expect(logLines.some((l) => l.includes('"reason":"no-answer"'))).toBe(true);
    quiet.agentSays(contactId, 'on the new socket');
    expect((await reader.itemsUntil((i) => i.type === 'MESSAGE')).at(-1)?.content).toBe('on the new socket');
    controller.abort();
  });

  it('an early URL expiry (the socket closed, the URL refused) is lived through with a new URL', async () => {
    const { contactId, participant } = await startChat(quiet);
    const controller = new AbortController();
    const reader = readerOf(feedOf().open(participant, call, controller.signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    expect(quiet.expireChatWebsockets(contactId)).toBe(1);
    // Told at once, so that the reader fills while the feed reconnects.
    expect(await reader.signal()).toEqual({ kind: 'interrupted' });
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: true });
    expect(connections(quiet, contactId)).toHaveLength(2);
    quiet.agentSays(contactId, 'with the new URL');
    expect((await reader.itemsUntil((i) => i.type === 'MESSAGE')).at(-1)?.content).toBe('with the new URL');
    controller.abort();
  });

  it('replaces an old socket without a gap: new URL, new socket subscribed, old one closed; nothing lost or doubled', async () => {
    const { contactId, participant } = await startChat(quiet);
    const controller = new AbortController();
    const reader = readerOf(feedOf({ socketLifetimeMs: 100 }).open(participant, call, controller.signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    quiet.agentJoins(contactId);
    // The agent talks without pause (a message every few ms) through five replacements.
    const texts: string[] = [];
    const replacedAfter = connections(quiet, contactId).length + 5;
    const give = Date.now() + WAIT_MS;
    while (connections(quiet, contactId).length < replacedAfter) {
      if (Date.now() > give) throw new Error('Five replacements did not happen in time');
      texts.push(`message ${texts.length}`);
      quiet.agentSays(contactId, texts.at(-1)!);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    texts.push('last');
    quiet.agentSays(contactId, 'last');
    const received: LiveSignal[] = [];
    const readBy = Date.now() + WAIT_MS;
    for (;;) {
      if (Date.now() > readBy) throw new Error(`No "last" within ${WAIT_MS} ms (${received.length} signals)`);
      const signal = await reader.signal();
      received.push(signal);
      if (signal.kind === 'item' && signal.item.content === 'last') break;
    }
    // No reconnect was signalled: the replacements left no gap.
    expect(received.filter((s) => s.kind !== 'item')).toEqual([]);
    const messages = received.flatMap((s) => (s.kind === 'item' && s.item.type === 'MESSAGE' ? [s.item.content] : []));
    expect(messages).toEqual(texts);
    expect(quiet.chatSockets(contactId).open).toBeLessThanOrEqual(2);
    controller.abort();
  });

  it('ends after the chat.ended item, with its socket closed', async () => {
    const { contactId, participant } = await startChat(quiet);
    const reader = readerOf(feedOf().open(participant, call, new AbortController().signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    quiet.agentSays(contactId, 'goodbye');
    quiet.endChat(contactId);
    const items = await reader.itemsUntil((i) => i.contentType === ENDED);
    expect(items.map((i) => i.content ?? i.contentType)).toEqual([
      JOINED,
      'goodbye',
      'application/vnd.amazonaws.connect.event.participant.left',
      ENDED,
    ]);
    expect(await reader.next()).toEqual({ done: true, value: undefined });
    await until(() => quiet.chatSockets(contactId).open === 0, 'the socket closed');
  });

  it('an abort ends the iteration, closes the socket and leaves no timer behind', async () => {
    const { contactId, participant } = await startChat(quiet);
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const controller = new AbortController();
    const reader = readerOf(feedOf({ heartbeatIntervalMs: 50 }).open(participant, call, controller.signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    const pending = reader.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await reader.next()).toEqual({ done: true, value: undefined });
    await until(() => quiet.chatSockets(contactId).open === 0, 'the socket closed');
    await until(
      () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length <= timersBefore,
      'the feed’s timers cleared',
    );
    // A reader that leaves (break in for await) ends the feed the same way.
    const second = feedOf().open(participant, call, new AbortController().signal);
    for await (const signal of second) {
      expect(signal).toEqual({ kind: 'subscribed', reconnect: false });
      break;
    }
    await until(() => quiet.chatSockets(contactId).open === 0, 'the second socket closed');
  });

  it('an unknown participant token is ParticipantTokenRefusedError; a chat that ended while away is ChatEndedError', async () => {
    const unknown = readerOf(
      feedOf().open(
        { region: REGION, participantToken: 'not-a-token-connect-issued' },
        call,
        new AbortController().signal,
      ),
    );
    await expect(unknown.next()).rejects.toBeInstanceOf(ParticipantTokenRefusedError);

    const { contactId, participant } = await startChat(quiet);
    const reader = readerOf(feedOf().open(participant, call, new AbortController().signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    // The socket drops, and the chat ends before the feed is back: Connect refuses the token now.
    quiet.dropChatSockets(contactId);
    expect(await reader.signal()).toEqual({ kind: 'interrupted' });
    quiet.endChat(contactId);
    await expect(reader.next()).rejects.toBeInstanceOf(ChatEndedError);
    expect(await reader.next()).toEqual({ done: true, value: undefined });
  });

  it('gives up with ChatUnavailableError after maxReconnectAttempts failed attempts', async () => {
    const { contactId, participant } = await startChat(quiet);
    const reader = readerOf(feedOf({ maxReconnectAttempts: 3 }).open(participant, call, new AbortController().signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    quiet.faults.inject('serverError', { operation: 'CreateParticipantConnection' });
    try {
      quiet.dropChatSockets(contactId);
      expect(await reader.signal()).toEqual({ kind: 'interrupted' });
      await expect(reader.next()).rejects.toBeInstanceOf(ChatUnavailableError);
    } finally {
      quiet.faults.clear();
    }
    expect(connections(quiet, contactId).filter((c) => c.error === 'InternalServerException')).toHaveLength(3);
  });

  it('a URL refused at the handshake (here: expired before it is used) is a failed attempt, with a new URL each time', async () => {
    // A clock that moves 10 ms each time the simulator reads it: a URL living 1 ms is expired by the handshake.
    let now = Date.now();
    const hasty = await startFixtureSimulator({
      agent: { enabled: false },
      clock: () => (now += 10),
      participant: { websocketUrlLifetimeMs: 1 },
    });
    const pool = createParticipantClientPool({
      endpoint: hasty.url,
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 5000,
      maxAttempts: 1,
    });
    try {
      const { contactId, participant } = await startChat(hasty);
      const logged = logLines.length;
      const reader = readerOf(
        feedOf({ maxReconnectAttempts: 2 }, pool).open(participant, call, new AbortController().signal),
      );
      await expect(reader.next()).rejects.toBeInstanceOf(ChatUnavailableError);
      expect(connections(hasty, contactId)).toHaveLength(2);
      expect(logLines.slice(logged).filter((l) => l.includes('"reason":"refused","status":403'))).toHaveLength(2);
    } finally {
      pool.destroy();
      await hasty.close();
    }
  });

  it('ends with StreamInterruptedError (lagging), its socket closed, when the reader falls behind the buffer', async () => {
    const { contactId, participant } = await startChat(quiet);
    const reader = readerOf(feedOf({ maxBufferedItems: 3 }).open(participant, call, new AbortController().signal));
    expect(await reader.signal()).toEqual({ kind: 'subscribed', reconnect: false });
    // The reader does not pull while the agent joins and says four things: five items for three places.
    for (const text of ['a', 'b', 'c', 'd']) quiet.agentSays(contactId, text);
    await until(() => quiet.chatSockets(contactId).open === 0, 'the socket closed');
    await expect(reader.next()).rejects.toMatchObject({ name: 'StreamInterruptedError', reason: 'lagging' });
    expect(await reader.next()).toEqual({ done: true, value: undefined });
  });

  it('never logged a participant token or a websocket URL, and logged what happened', () => {
    const log = logLines.join('\n');
    for (const token of participantTokens) expect(log).not.toContain(token);
    expect(log).not.toContain('ticket');
    expect(log).not.toContain('ws://');
    expect(log).toContain('chat feed lost its socket; reconnecting');
    expect(log).toContain('"code":1006');
    expect(log).toContain('chat feed gave up reconnecting');
  });
});
