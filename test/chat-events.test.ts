import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../src/chat/conversation.js';
import { ChatEndedError, ChatUnavailableError, StreamInterruptedError } from '../src/chat/errors.js';
import type { LiveSignal } from '../src/chat/live.js';
import type { ChatFeed, ParticipantService } from '../src/chat/ports.js';
import { createConversationApp } from './helpers/conversation-app.js';
import { subscriptionResults } from './helpers/sse.js';

/*
 * chatEvents in-process over SSE (Yoga's GraphQL over SSE, distinct connections) with a scripted
 * feed and transcript: the wire format, the item types, completion on the chat's end, and how
 * errors come out.
 */

const EVENT = 'application/vnd.amazonaws.connect.event.';
const KEY = { 'x-api-key': 'demo-public-key' };
const CHAT = { ...KEY, 'x-participant-token': 'participant-token-of-ada' };
const SUBSCRIPTION = `subscription($after: ID) { chatEvents(after: $after) { __typename
  ... on ChatItem { id participantRole }
  ... on ChatMessageItem { content }
  ... on ChatReceiptItem { read messageId } } }`;

const item = (id: string, type: string, contentType: string, more: Partial<TranscriptItem> = {}): TranscriptItem => ({
  id,
  at: new Date('2026-12-01T10:00:00Z'),
  type,
  contentType,
  ...more,
});
const joined = item('j1', 'EVENT', `${EVENT}participant.joined`, { participantRole: 'CUSTOMER' });
const agentMessage = item('m1', 'MESSAGE', 'text/plain', { content: 'Hello Ada', participantRole: 'AGENT' });
const typing = item('t1', 'EVENT', `${EVENT}typing`, { participantRole: 'AGENT' });
const read = item('r1', 'EVENT', `${EVENT}message.read`, { content: '{"messageId":"c1"}', participantRole: 'AGENT' });
const ack = item('a1', 'EVENT', `${EVENT}connection.acknowledged`);
const ended = item('e1', 'EVENT', `${EVENT}chat.ended`, { participantRole: 'SYSTEM' });

const notUsed = () => Promise.reject(new Error('not used'));
function participantsWith(kept: TranscriptItem[]): ParticipantService {
  return {
    async transcript(_p, query) {
      if (query.direction === 'BACKWARD') return { items: kept.slice(-query.maxResults).reverse() };
      const start = query.afterItemId === undefined ? 0 : kept.findIndex((i) => i.id === query.afterItemId) + 1;
      return { items: kept.slice(start) };
    },
    sendMessage: notUsed,
    sendEvent: notUsed,
    disconnect: notUsed,
    startAttachmentUpload: notUsed,
    completeAttachmentUpload: notUsed,
    attachmentUrl: notUsed,
  };
}
const feedOf = (...signals: LiveSignal[]): ChatFeed => ({
  async *open() {
    yield* signals;
  },
});

function subscribe(
  app: ReturnType<typeof createConversationApp>['app'],
  variables = {},
  headers: Record<string, string> = CHAT,
) {
  return app.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query: SUBSCRIPTION, variables }),
  });
}

describe('chatEvents over SSE (in-process)', () => {
  it('relays each kind as its ChatItem type, live-only IDs carrying their position, and completes after the end', async () => {
    const feed = feedOf(
      { kind: 'subscribed', reconnect: false },
      { kind: 'item', item: agentMessage },
      { kind: 'item', item: typing },
      { kind: 'item', item: read },
      { kind: 'item', item: ack },
      { kind: 'item', item: ended },
    );
    const { app } = createConversationApp(participantsWith([joined]), {}, { feed });
    const response = await subscribe(app);
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
    const events = (await subscriptionResults(response)).map((r) => r.data.chatEvents);
    expect(events).toEqual([
      { __typename: 'ChatMessageItem', id: 'm1', participantRole: 'AGENT', content: 'Hello Ada' },
      { __typename: 'ChatTypingItem', id: 't1~m1', participantRole: 'AGENT' },
      { __typename: 'ChatReceiptItem', id: 'r1~m1', participantRole: 'AGENT', read: true, messageId: 'c1' },
      { __typename: 'ChatEndedItem', id: 'e1', participantRole: 'SYSTEM' },
    ]);
  });

  it('resumes after an ID the stream gave: the missed items from the transcript first', async () => {
    const feed = feedOf({ kind: 'subscribed', reconnect: false }, { kind: 'item', item: ended });
    const { app } = createConversationApp(participantsWith([joined, agentMessage, ended]), {}, { feed });
    const events = (await subscriptionResults(await subscribe(app, { after: 'j1' }))).map((r) => r.data.chatEvents.id);
    expect(events).toEqual(['m1', 'e1']);
  });

  it('no participant token: 401; an ended chat or an unreachable Connect: an error with its code', async () => {
    const { app } = createConversationApp(participantsWith([]), {}, { feed: feedOf() });
    const missing = await subscribe(app, {}, KEY);
    expect(missing.status).toBe(401);
    expect((await subscriptionResults(missing))[0].errors[0].extensions.reason).toBe('PARTICIPANT_TOKEN_MISSING');

    const failing = (error: Error): ChatFeed => ({
      // biome-ignore lint/correctness/useYield: a feed that fails on opening.
      async *open() {
        throw error;
      },
    });
    const over = createConversationApp(participantsWith([]), {}, { feed: failing(new ChatEndedError()) }).app;
    expect((await subscriptionResults(await subscribe(over)))[0].errors[0].extensions).toEqual({ code: 'CHAT_ENDED' });
    const down = createConversationApp(
      participantsWith([]),
      {},
      { feed: failing(new ChatUnavailableError('req-1')) },
    ).app;
    expect((await subscriptionResults(await subscribe(down)))[0].errors[0].extensions).toEqual({
      code: 'CHAT_UNAVAILABLE',
      requestId: 'req-1',
    });
  });

  it('a reader too slow for the feed: the items so far, then STREAM_INTERRUPTED to resume with after', async () => {
    const lagging: ChatFeed = {
      async *open() {
        yield { kind: 'subscribed', reconnect: false };
        yield { kind: 'item', item: agentMessage };
        throw new StreamInterruptedError('lagging');
      },
    };
    const { app } = createConversationApp(participantsWith([joined]), {}, { feed: lagging });
    const results = await subscriptionResults(await subscribe(app));
    expect(results.map((r) => r.data?.chatEvents?.id ?? r.errors[0].extensions)).toEqual([
      'm1',
      { code: 'STREAM_INTERRUPTED', retryAfterSeconds: 1 },
    ]);
  });

  it("Connect's receipts sent as message metadata are ChatReceiptItems", async () => {
    const metadata = item('md1', 'MESSAGEMETADATA', '', { receipt: { messageId: 'c1', read: true } });
    const feed = feedOf(
      { kind: 'subscribed', reconnect: false },
      { kind: 'item', item: metadata },
      { kind: 'item', item: ended },
    );
    const { app } = createConversationApp(participantsWith([joined]), {}, { feed });
    const events = (await subscriptionResults(await subscribe(app))).map((r) => r.data.chatEvents);
    expect(events[0]).toEqual({
      __typename: 'ChatReceiptItem',
      id: 'md1~j1',
      participantRole: null,
      read: true,
      messageId: 'c1',
    });
  });

  it('an `after` out of bounds is refused naming the field', async () => {
    const { app } = createConversationApp(participantsWith([]), {}, { feed: feedOf() });
    const tooLongPosition = await subscribe(app, { after: `typing~${'x'.repeat(257)}` });
    expect((await subscriptionResults(tooLongPosition))[0].errors[0].extensions.fieldErrors[0].path).toEqual(['after']);
    const response = await subscribe(app, { after: 'x'.repeat(601) });
    const error = (await subscriptionResults(response))[0].errors[0];
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors[0].path).toEqual(['after']);
  });
});
