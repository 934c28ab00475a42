import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers/harness.js';
import { signHs256 } from './helpers/jwt.js';

/*
 * Continue on another device (in-process, real SDK, simulator): a signed-in customer's chat is
 * found again by the tenant and the JWT's `sub` alone, by that customer only; after it ended, a
 * new start continues it as a persistent chat. No token in any log.
 */

const SECRET = 'hs256-tenant-secret-0123456789abcdef0123';
const claims = { issuer: 'https://hs.test', audience: 'chat' };
const KEY = { 'content-type': 'application/json', 'x-api-key': 'hs-public-key' };
const OTHER_TENANT = { 'content-type': 'application/json', 'x-api-key': 'other-public-key' };
const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  __typename ... on StartChatContactPayload { contactId participantToken continuedFromContactId } } }`;
const SESSION = `{ chatSession { __typename ... on ChatSession { state contactId } ... on ChatError { code } } }`;
const SEND = `mutation { sendChatMessage(input: { contentType: TEXT_PLAIN, content: "from my phone" }) { __typename } }`;
const END = 'mutation { endChat { __typename } }';

const tenant = (id: string, apiKey: string) => ({
  id,
  apiKeys: [apiKey],
  connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
  auth: { required: true, ...claims, secret: { env: 'HS_SECRET' } },
});

describe('continue on another device', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      { HS_SECRET: SECRET, CONTINUATION_KEY: randomBytes(32).toString('base64') },
      {
        tenants: { tenants: [tenant('hs', 'hs-public-key'), tenant('other', 'other-public-key')] },
        simulator: { agent: { enabled: false } },
      },
    );
  });
  afterAll(() => h.close());

  const as = async (subject: string, headers = KEY) => ({
    ...headers,
    authorization: `Bearer ${await signHs256(SECRET, {}, { ...claims, subject })}`,
  });
  async function gql(query: string, headers: Record<string, string>) {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: bodies are read as each step needs.
    return { status: response.status, body: (await response.json()) as any };
  }

  it('the same sub gets the chat back without its token; another sub or tenant cannot; after the end a start continues it', async () => {
    const laptop = await as('alice');
    const started = (await gql(START, laptop)).body.data.startChatContact;
    expect(started.__typename).toBe('StartChatContactPayload');

    // Alice's phone: the same sub, no participant token.
    const phone = await as('alice');
    expect((await gql(SESSION, phone)).body.data.chatSession).toEqual({
      __typename: 'ChatSession',
      state: 'WAITING',
      contactId: started.contactId,
    });
    expect((await gql(SEND, phone)).body.data.sendChatMessage.__typename).toBe('SendChatMessagePayload');
    const fromPhone = h.simulator
      .transcript(started.contactId)
      .filter((item) => item.Type === 'MESSAGE' && item.Content === 'from my phone');
    expect(fromPhone).toHaveLength(1);

    // Bob, and Alice's sub at another tenant: nothing to find.
    for (const stranger of [await as('bob'), await as('alice', OTHER_TENANT)]) {
      const refused = await gql(SESSION, stranger);
      expect([refused.status, refused.body.errors[0].extensions.reason]).toEqual([401, 'PARTICIPANT_TOKEN_MISSING']);
    }

    // Alice ends it from the phone; her next start continues it.
    expect((await gql(END, phone)).body.data.endChat.__typename).toBe('EndChatPayload');
    expect((await gql(SESSION, laptop)).body.data.chatSession).toEqual({
      __typename: 'ChatEndedError',
      code: 'CHAT_ENDED',
    });
    const again = (await gql(START, laptop)).body.data.startChatContact;
    expect(again.continuedFromContactId).toBe(started.contactId);
    const continued = h.simulator.received.at(-1)?.body.PersistentChat;
    expect(continued).toEqual({ RehydrationType: 'FROM_SEGMENT', SourceContactId: started.contactId });
    expect((await gql(SESSION, phone)).body.data.chatSession.contactId).toBe(again.contactId);

    for (const token of [started.participantToken, again.participantToken]) expect(h.log()).not.toContain(token);
  });
});
