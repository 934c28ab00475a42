import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME, type Harness, startHarness } from './helpers/harness.js';

/*
 * chatSession through the gateway (in-process) with the real SDKs over loopback to the
 * simulator, whose agent only does what the test tells it.
 */

const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  ... on StartChatContactPayload { contactId participantId participantToken } } }`;
const SESSION = `{ chatSession { __typename
  ... on ChatSession { state contactId participantId agentDisplayName }
  ... on ChatError { code } } }`;

describe('chatSession (real SDKs, simulator)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { simulator: { agent: { enabled: false, displayName: 'Grace' } } });
  });
  afterAll(() => h.close());

  async function gql(query: string, headers: Record<string, string>) {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: bodies are read as each step needs.
    return { status: response.status, body: (await response.json()) as any };
  }

  it('waiting, then with the agent, then ended', async () => {
    const started = (await gql(START, ACME)).body.data.startChatContact;
    const chat = { ...ACME, 'x-participant-token': started.participantToken as string };

    expect((await gql(SESSION, chat)).body.data.chatSession).toEqual({
      __typename: 'ChatSession',
      state: 'WAITING',
      contactId: started.contactId,
      participantId: started.participantId,
      agentDisplayName: null,
    });

    h.simulator.agentJoins(started.contactId);
    expect((await gql(SESSION, chat)).body.data.chatSession).toMatchObject({
      state: 'CONNECTED',
      contactId: started.contactId,
      participantId: started.participantId,
      agentDisplayName: 'Grace',
    });

    // A long chat: the customer's own items are far back, and still found.
    for (let i = 0; i < 105; i += 1) h.simulator.agentSays(started.contactId, `line ${i}`);
    expect((await gql(SESSION, chat)).body.data.chatSession.participantId).toBe(started.participantId);

    h.simulator.endChat(started.contactId);
    expect((await gql(SESSION, chat)).body.data.chatSession).toEqual({
      __typename: 'ChatEndedError',
      code: 'CHAT_ENDED',
    });
  });

  it('no participant token: 401; a made-up one: 401', async () => {
    const none = await gql(SESSION, ACME);
    expect([none.status, none.body.errors[0].extensions.reason]).toEqual([401, 'PARTICIPANT_TOKEN_MISSING']);
    const made = await gql(SESSION, { ...ACME, 'x-participant-token': 'made-up' });
    expect([made.status, made.body.errors[0].extensions.reason]).toEqual([401, 'PARTICIPANT_TOKEN_INVALID']);
  });
});
