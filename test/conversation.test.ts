import { beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingEvent, OutgoingMessage, ParticipantRef, TranscriptQuery } from '../src/chat/conversation.js';
import { ChatEndedError, ParticipantTokenRefusedError, RateLimitedError } from '../src/chat/errors.js';
import type { ParticipantService } from '../src/chat/ports.js';
import { createConversationApp } from './helpers/conversation-app.js';

/*
 * The conversation's GraphQL surface in-process: validation, error mapping and what reaches the
 * Participant Service port (a recording fake here; the adapter itself is tested with the real SDK
 * in participant-service.e2e).
 */

const TOKEN = 'participant-token-of-ada-0123456789';
const HEADERS = { 'content-type': 'application/json', 'x-api-key': 'demo-public-key', 'x-participant-token': TOKEN };

type Call =
  | { op: 'sendMessage'; participant: ParticipantRef; message: OutgoingMessage }
  | { op: 'sendEvent'; participant: ParticipantRef; event: OutgoingEvent }
  | { op: 'transcript'; participant: ParticipantRef; query: TranscriptQuery }
  | { op: 'disconnect'; participant: ParticipantRef };

const calls: Call[] = [];
let failWith: Error | undefined;
const at = new Date('2026-12-01T10:00:00.000Z');
const fake: ParticipantService = {
  async sendMessage(participant, message) {
    calls.push({ op: 'sendMessage', participant, message });
    if (failWith) throw failWith;
    return { id: 'message-1', at };
  },
  async sendEvent(participant, event) {
    calls.push({ op: 'sendEvent', participant, event });
    if (failWith) throw failWith;
    return { id: 'event-1', at };
  },
  async transcript(participant, query) {
    calls.push({ op: 'transcript', participant, query });
    if (failWith) throw failWith;
    const item = (id: string, type: string, extra: Record<string, unknown> = {}) => ({ id, at, type, ...extra });
    return {
      items: [
        item('i1', 'EVENT', {
          contentType: 'application/vnd.amazonaws.connect.event.participant.joined',
          participantRole: 'AGENT',
          displayName: 'Sam',
        }),
        item('i2', 'MESSAGE', { contentType: 'text/plain', content: 'Hello Ada', participantRole: 'AGENT' }),
        item('i3', 'EVENT', {
          contentType: 'application/vnd.amazonaws.connect.event.typing',
          participantRole: 'AGENT',
        }),
        item('i4', 'EVENT', {
          contentType: 'application/vnd.amazonaws.connect.event.message.read',
          content: '{"messageId":"i2"}',
          participantRole: 'CUSTOMER',
        }),
        item('i5', 'ATTACHMENT', { attachments: [{ attachmentId: 'a1', name: 'order.pdf', status: 'APPROVED' }] }),
        item('i6', 'CONNECTION_ACK'),
        item('i7', 'EVENT', { contentType: 'application/vnd.amazonaws.connect.event.chat.ended' }),
      ],
      nextToken: 'more',
    };
  },
  async disconnect(participant) {
    calls.push({ op: 'disconnect', participant });
    if (failWith) throw failWith;
  },
  startAttachmentUpload: () => Promise.reject(new Error('not used here: see conversation-attachments.test.ts')),
  completeAttachmentUpload: () => Promise.reject(new Error('not used here: see conversation-attachments.test.ts')),
  attachmentUrl: () => Promise.reject(new Error('not used here: see conversation-attachments.test.ts')),
};

const { gql, logLines } = createConversationApp(fake, HEADERS);

const SEND = `mutation Send($input: SendChatMessageInput!) {
  sendChatMessage(input: $input) {
    __typename
    ... on SendChatMessagePayload { id at }
    ... on ChatError { code message }
    ... on InvalidInputError { fieldErrors { path message } }
  }
}`;
const EVENT = `mutation Event($input: SendChatEventInput!) {
  sendChatEvent(input: $input) {
    __typename
    ... on SendChatEventPayload { id }
    ... on InvalidInputError { fieldErrors { path message } }
  }
}`;

describe('the conversation over GraphQL (in-process, recording Participant Service)', () => {
  beforeEach(() => {
    calls.length = 0;
    failWith = undefined;
  });

  it('sends a message in the tenant region, its content type as Connect names it and the client token scoped', async () => {
    const { body } = await gql(SEND, {
      input: { contentType: 'TEXT_MARKDOWN', content: '**hi**', clientToken: 'retry-1' },
    });
    expect(body.data.sendChatMessage).toEqual({
      __typename: 'SendChatMessagePayload',
      id: 'message-1',
      at: '2026-12-01T10:00:00.000Z',
    });
    const [call] = calls;
    expect(call).toMatchObject({
      op: 'sendMessage',
      participant: { region: 'eu-west-2', participantToken: TOKEN },
      message: { contentType: 'text/markdown', content: '**hi**' },
    });
    const scoped = call?.op === 'sendMessage' ? call.message.clientToken : undefined;
    expect(scoped).toMatch(/^[0-9a-f]{64}$/);
    // The same token twice is the same scoped token: Connect makes one message of a retry.
    await gql(SEND, { input: { contentType: 'TEXT_MARKDOWN', content: '**hi**', clientToken: 'retry-1' } });
    expect(calls[1]?.op === 'sendMessage' && calls[1].message.clientToken).toBe(scoped);
    expect(logLines.join('')).not.toContain(TOKEN);
  });

  it.each([
    ['empty content', { contentType: 'TEXT_PLAIN', content: '' }, ['input', 'content']],
    [
      '8193 emoji (16386 UTF-16 units)',
      { contentType: 'TEXT_PLAIN', content: '😀'.repeat(8193) },
      ['input', 'content'],
    ],
    ['an INTERACTIVE template', { contentType: 'INTERACTIVE', content: '{}' }, ['input', 'contentType']],
    [
      'a 501-character client token',
      { contentType: 'TEXT_PLAIN', content: 'x', clientToken: 'x'.repeat(501) },
      ['input', 'clientToken'],
    ],
  ])('refuses %s with the field path, and nothing reaches Connect', async (_name, input, path) => {
    const { body } = await gql(SEND, { input });
    expect(body.data.sendChatMessage.__typename).toBe('InvalidInputError');
    expect(body.data.sendChatMessage.fieldErrors.map((e: { path: string[] }) => e.path)).toContainEqual(path);
    expect(calls).toEqual([]);
  });

  it("accepts content at each content type's limit (SendMessage's documented maxima)", async () => {
    for (const [contentType, content] of [
      ['TEXT_PLAIN', '😀'.repeat(512)],
      ['TEXT_MARKDOWN', 'x'.repeat(1024)],
      ['APPLICATION_JSON', 'x'.repeat(12000)],
      ['INTERACTIVE_RESPONSE', 'x'.repeat(12288)],
    ] as const) {
      const { body } = await gql(SEND, { input: { contentType, content } });
      expect(body.data.sendChatMessage.__typename, contentType).toBe('SendChatMessagePayload');
    }
  });

  it('sends typing without a message, and receipts naming one', async () => {
    expect((await gql(EVENT, { input: { type: 'TYPING' } })).body.data.sendChatEvent.__typename).toBe(
      'SendChatEventPayload',
    );
    await gql(EVENT, { input: { type: 'MESSAGE_READ', messageId: 'message-9' } });
    expect(calls.map((c) => (c.op === 'sendEvent' ? c.event : undefined))).toEqual([
      { contentType: 'application/vnd.amazonaws.connect.event.typing' },
      { contentType: 'application/vnd.amazonaws.connect.event.message.read', content: '{"messageId":"message-9"}' },
    ]);
    const missing = await gql(EVENT, { input: { type: 'MESSAGE_DELIVERED' } });
    expect(missing.body.data.sendChatEvent.fieldErrors).toEqual([
      { path: ['input', 'messageId'], message: 'MESSAGE_DELIVERED needs the ID of the message it is for.' },
    ]);
    expect(calls).toHaveLength(2);
  });

  it('refuses a request without x-participant-token (401), or with one Connect refuses (401), naming the reason', async () => {
    const { 'x-participant-token': _, ...noToken } = HEADERS;
    const missing = await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'x' } }, noToken);
    expect([missing.status, missing.body.errors[0].extensions]).toEqual([
      401,
      { code: 'UNAUTHENTICATED', reason: 'PARTICIPANT_TOKEN_MISSING' },
    ]);
    failWith = new ParticipantTokenRefusedError();
    const refused = await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'x' } });
    expect([refused.status, refused.body.errors[0].extensions]).toEqual([
      401,
      { code: 'UNAUTHENTICATED', reason: 'PARTICIPANT_TOKEN_INVALID' },
    ]);
    expect(JSON.stringify(refused.body)).not.toContain(TOKEN);
  });

  it('answers an ended chat with ChatEndedError, and throttling with RateLimitedError', async () => {
    failWith = new ChatEndedError();
    expect((await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'x' } })).body.data.sendChatMessage).toEqual(
      {
        __typename: 'ChatEndedError',
        code: 'CHAT_ENDED',
        message: 'This chat has ended.',
      },
    );
    const ended = await gql('mutation { endChat { __typename ... on ChatError { code } } }');
    expect(ended.body.data.endChat).toEqual({ __typename: 'ChatEndedError', code: 'CHAT_ENDED' });
    failWith = new RateLimitedError(2);
    expect(
      (await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'x' } })).body.data.sendChatMessage,
    ).toMatchObject({
      __typename: 'RateLimitedError',
      code: 'RATE_LIMITED',
    });
  });

  it('reads the transcript as typed items with cursors that resume after an item', async () => {
    const query = `query T($first: Int, $after: String, $last: Int, $before: String) {
      chatTranscript(first: $first, after: $after, last: $last, before: $before) {
        __typename
        ... on ChatTranscript {
          edges { cursor node { __typename id participantRole displayName
            ... on ChatMessageItem { content contentType }
            ... on ChatReceiptItem { read messageId }
            ... on ChatAttachmentItem { attachments { attachmentId name status } } } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
        ... on InvalidInputError { fieldErrors { path message } }
      }
    }`;
    const page = (await gql(query, { last: 20 })).body.data.chatTranscript;
    expect(page.edges.map((e: { node: { __typename: string } }) => e.node.__typename)).toEqual([
      'ChatParticipantJoinedItem',
      'ChatMessageItem',
      'ChatTypingItem',
      'ChatReceiptItem',
      'ChatAttachmentItem',
      'ChatEndedItem',
    ]);
    expect(page.edges[1].node).toMatchObject({
      content: 'Hello Ada',
      contentType: 'text/plain',
      participantRole: 'AGENT',
    });
    expect(page.edges[3].node).toMatchObject({ read: true, messageId: 'i2' });
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(calls[0]).toMatchObject({
      op: 'transcript',
      query: { maxResults: 20, direction: 'BACKWARD', sortOrder: 'ASCENDING' },
    });

    // Older items: back from the first item of this page.
    await gql(query, { last: 5, before: page.pageInfo.startCursor });
    expect(calls[1]).toMatchObject({ query: { maxResults: 5, direction: 'BACKWARD', afterItemId: 'i1' } });
    // Newer items: forward after the last one.
    await gql(query, { first: 5, after: page.pageInfo.endCursor });
    expect(calls[2]).toMatchObject({ query: { maxResults: 5, direction: 'FORWARD', afterItemId: 'i7' } });

    for (const [variables, path] of [
      [{ first: 5, after: 'not-a-cursor' }, ['after']],
      [{ first: 0 }, ['first']],
      [{ last: 101 }, ['last']],
      [{ first: 5, last: 5 }, ['last']],
    ] as const) {
      const refused = (await gql(query, variables)).body.data.chatTranscript;
      expect(refused.__typename, JSON.stringify(variables)).toBe('InvalidInputError');
      expect(refused.fieldErrors[0].path).toEqual(path);
    }
    expect(calls).toHaveLength(3);
  });

  it('ends the chat', async () => {
    const { body } = await gql('mutation { endChat { __typename ... on EndChatPayload { ended } } }');
    expect(body.data.endChat).toEqual({ __typename: 'EndChatPayload', ended: true });
    expect(calls).toMatchObject([{ op: 'disconnect', participant: { participantToken: TOKEN } }]);
  });
});
