import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME, type Harness, startHarness } from './helpers/harness.js';

/*
 * The limits on what customers send (messages, typing and receipts, uploads), per chat and per
 * tenant, in-process with the real SDKs against the simulator: a refusal is RateLimitedError and
 * nothing reaches Connect. The windows are a minute long: no test waits for one to pass.
 */

const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  ... on StartChatContactPayload { contactId participantToken } } }`;
const SEND = `mutation Send($input: SendChatMessageInput!) { sendChatMessage(input: $input) {
  __typename ... on RateLimitedError { retryAfterSeconds message } } }`;
const TYPING = `mutation { sendChatEvent(input: { type: TYPING }) { __typename } }`;
const TRANSCRIPT = '{ chatTranscript(last: 5) { __typename } }';

describe('conversation rate limits (real SDKs, simulator)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      {
        RATE_LIMIT: 'on',
        RATE_LIMIT_IP_PER_MINUTE: '1000',
        RATE_LIMIT_CHAT_WRITES_PER_MINUTE: '3',
        RATE_LIMIT_TENANT_WRITES_PER_MINUTE: '5',
      },
      { simulator: { agent: { enabled: false } } },
    );
  });
  afterAll(() => h.close());

  async function gql(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: bodies are read as each step needs.
    return (await response.json()) as any;
  }
  const text = (content: string) => ({ input: { contentType: 'TEXT_PLAIN', content } });
  const writesOf = (contactId: string) =>
    h.simulator.participantCalls.filter(
      (call) => call.contactId === contactId && (call.operation === 'SendMessage' || call.operation === 'SendEvent'),
    ).length;

  it('per chat: the fourth write of a minute is refused before Connect; reads go on; per tenant: the sixth', async () => {
    const first = (await gql(START, {}, ACME)).data.startChatContact;
    const chat = { ...ACME, 'x-participant-token': first.participantToken as string };
    const results = [];
    for (const write of [SEND, TYPING, SEND, SEND]) {
      const body = await gql(write, write === SEND ? text('hi') : {}, chat);
      results.push(write === SEND ? body.data.sendChatMessage : body.data.sendChatEvent);
    }
    expect(results.map((r) => r.__typename)).toEqual([
      'SendChatMessagePayload',
      'SendChatEventPayload',
      'SendChatMessagePayload',
      'RateLimitedError',
    ]);
    expect(results[3].retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(results[3].message).toMatch(/^Too many messages in this chat right now\. Try again in \d+ s\.$/);
    expect(writesOf(first.contactId)).toBe(3);
    // Reading is not writing.
    expect((await gql(TRANSCRIPT, {}, chat)).data.chatTranscript.__typename).toBe('ChatTranscript');

    // Another chat of the same tenant has its own 3, but the tenant has only 2 left of its 5.
    const second = (await gql(START, {}, ACME)).data.startChatContact;
    const other = { ...ACME, 'x-participant-token': second.participantToken as string };
    const more = [];
    for (let i = 0; i < 3; i += 1) more.push((await gql(SEND, text(`m${i}`), other)).data.sendChatMessage);
    expect(more.map((r) => r.__typename)).toEqual([
      'SendChatMessagePayload',
      'SendChatMessagePayload',
      'RateLimitedError',
    ]);
    expect(more[2].message).toMatch(/^Too many messages right now\./);
    expect(writesOf(second.contactId)).toBe(2);
  });
});
