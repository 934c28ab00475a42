import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME, type Harness, startHarness } from './helpers/harness.js';

/*
 * A conversation through the gateway (in-process) with the real SDKs over loopback to the
 * simulator's Connect and Participant Service, and its scripted agent answering at once.
 */

const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  ... on StartChatContactPayload { contactId participantToken } } }`;
const SEND = `mutation Send($input: SendChatMessageInput!) { sendChatMessage(input: $input) {
  __typename ... on SendChatMessagePayload { id } ... on ChatError { code } } }`;
const EVENT = `mutation Event($input: SendChatEventInput!) { sendChatEvent(input: $input) {
  __typename ... on ChatError { code } } }`;
const TRANSCRIPT = `query T($last: Int, $before: String) { chatTranscript(last: $last, before: $before) {
  __typename
  ... on ChatTranscript { edges { node { __typename id participantRole ... on ChatMessageItem { content } } }
    pageInfo { hasPreviousPage startCursor } }
  ... on ChatError { code } } }`;
const END = 'mutation { endChat { __typename ... on ChatError { code } } }';

describe('a conversation through the gateway (real SDKs, simulator with its scripted agent)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { simulator: { agent: { joinDelayMs: 0, replyDelayMs: 0 } } });
  });
  afterAll(() => h.close());

  async function gql(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: bodies are read as each step needs.
    return { status: response.status, body: (await response.json()) as any };
  }

  it('start, message, agent answers, receipts, transcript both ways, one message per client token, end; then CHAT_ENDED', async () => {
    const started = (await gql(START, {}, ACME)).body.data.startChatContact;
    const chat = { ...ACME, 'x-participant-token': started.participantToken as string };

    const sent = (await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'hello', clientToken: 'c-1' } }, chat))
      .body.data.sendChatMessage;
    expect(sent.__typename).toBe('SendChatMessagePayload');
    // The same client token again (a retry): the same message, not a second one.
    const again = (
      await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'hello', clientToken: 'c-1' } }, chat)
    ).body.data.sendChatMessage;
    expect(again.id).toBe(sent.id);

    const answer = await h.simulator.waitForTranscriptItem(
      started.contactId,
      (item) => item.Type === 'MESSAGE' && item.ParticipantRole === 'AGENT',
      { timeoutMs: 60_000 },
    );
    expect(answer.Content).toBe('You said: "hello"');

    for (const input of [{ type: 'TYPING' }, { type: 'MESSAGE_READ', messageId: answer.Id }]) {
      expect((await gql(EVENT, { input }, chat)).body.data.sendChatEvent.__typename).toBe('SendChatEventPayload');
    }

    const page = (await gql(TRANSCRIPT, { last: 20 }, chat)).body.data.chatTranscript;
    expect(page.__typename).toBe('ChatTranscript');
    const messages = page.edges
      .map((e: { node: { __typename: string; participantRole: string; content?: string } }) => e.node)
      .filter((n: { __typename: string }) => n.__typename === 'ChatMessageItem')
      .map((n: { participantRole: string; content: string }) => [n.participantRole, n.content]);
    expect(messages).toEqual([
      ['CUSTOMER', 'hello'],
      ['AGENT', 'You said: "hello"'],
    ]);
    expect(page.edges.map((e: { node: { __typename: string } }) => e.node.__typename)).toContain(
      'ChatParticipantJoinedItem',
    );
    // One item back from the start of that page: nothing older than the first item.
    const older = (await gql(TRANSCRIPT, { last: 20, before: page.pageInfo.startCursor }, chat)).body.data
      .chatTranscript;
    expect(older.edges).toEqual([]);

    // Another chat's token, or a made-up one: 401, and nothing leaks.
    const foreign = await gql(
      SEND,
      { input: { contentType: 'TEXT_PLAIN', content: 'x' } },
      {
        ...ACME,
        'x-participant-token': 'not-a-participant-token',
      },
    );
    expect([foreign.status, foreign.body.errors[0].extensions.reason]).toEqual([401, 'PARTICIPANT_TOKEN_INVALID']);

    expect((await gql(END, {}, chat)).body.data.endChat.__typename).toBe('EndChatPayload');
    await h.simulator.waitForTranscriptItem(started.contactId, (item) => item.ContentType.endsWith('chat.ended'), {
      timeoutMs: 60_000,
    });
    expect(
      (await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'x' } }, chat)).body.data.sendChatMessage,
    ).toEqual({
      __typename: 'ChatEndedError',
      code: 'CHAT_ENDED',
    });
    expect((await gql(EVENT, { input: { type: 'TYPING' } }, chat)).body.data.sendChatEvent.code).toBe('CHAT_ENDED');
    expect((await gql(TRANSCRIPT, { last: 5 }, chat)).body.data.chatTranscript.code).toBe('CHAT_ENDED');
    expect((await gql(END, {}, chat)).body.data.endChat.code).toBe('CHAT_ENDED');

    // Exactly one customer message reached Connect; no token in any log line.
    const customerMessages = h.simulator
      .transcript(started.contactId)
      .filter((item) => item.Type === 'MESSAGE' && item.ParticipantRole === 'CUSTOMER');
    expect(customerMessages).toHaveLength(1);
    expect(h.log()).not.toContain(started.participantToken);
  });

  it('an agent ending the chat turns the next request into CHAT_ENDED', async () => {
    const started = (await gql(START, {}, ACME)).body.data.startChatContact;
    const chat = { ...ACME, 'x-participant-token': started.participantToken as string };
    expect(
      (await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'hi' } }, chat)).body.data.sendChatMessage
        .__typename,
    ).toBe('SendChatMessagePayload');
    h.simulator.endChat(started.contactId);
    expect(
      (await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'x' } }, chat)).body.data.sendChatMessage.code,
    ).toBe('CHAT_ENDED');
  });

  it("Connect's refusals of what the customer sent name the field: an unknown message's receipt, a cursor of no item", async () => {
    const started = (await gql(START, {}, ACME)).body.data.startChatContact;
    const chat = { ...ACME, 'x-participant-token': started.participantToken as string };
    const FIELDS = `mutation Event($input: SendChatEventInput!) { sendChatEvent(input: $input) {
      __typename ... on InvalidInputError { fieldErrors { path message } } } }`;
    const receipt = (await gql(FIELDS, { input: { type: 'MESSAGE_READ', messageId: 'no-such-message' } }, chat)).body
      .data.sendChatEvent;
    expect(receipt).toEqual({
      __typename: 'InvalidInputError',
      fieldErrors: [{ path: ['input', 'messageId'], message: 'No message with this ID in this chat.' }],
    });
    // A well-formed cursor naming an item this chat never had.
    const forged = Buffer.from(JSON.stringify(['B', 'no-such-item'])).toString('base64url');
    const PAGE = `query T($before: String) { chatTranscript(last: 5, before: $before) {
      __typename ... on InvalidInputError { fieldErrors { path message } } } }`;
    expect((await gql(PAGE, { before: forged }, chat)).body.data.chatTranscript).toEqual({
      __typename: 'InvalidInputError',
      fieldErrors: [{ path: ['before'], message: 'Not a cursor of this transcript.' }],
    });
  });
});
