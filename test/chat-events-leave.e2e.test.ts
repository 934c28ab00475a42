import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningGateway, postWithDemoKey, startListeningGateway } from './helpers/listening-gateway.js';

/*
 * A client leaving a quiet chatEvents stream over real HTTP: the gateway closes the chat's Connect
 * websocket (and gives the stream's slots back) at once, without waiting for an item that a
 * quiet chat may never send. Before, each reload of a waiting customer's page held one more
 * socket, until STREAMS_PER_CHAT refused the next stream.
 */

const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  ... on StartChatContactPayload { contactId participantToken } } }`;

describe('a client leaving a quiet stream', () => {
  let gateway: ListeningGateway;
  beforeAll(async () => {
    gateway = await startListeningGateway({
      tenants: JSON.parse(readFileSync('tenants.example.json', 'utf8')),
      env: { STREAMS_PER_CHAT: '1' },
    });
  });
  afterAll(() => gateway.close());

  const post = (headers: Record<string, string>, query: string, signal?: AbortSignal) =>
    postWithDemoKey(gateway, headers, query, signal);
  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 60_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  // `*/*` (fetch's and curl's default): the POST looks like a hot mutation's until its body is read,
  // so it reaches Yoga through the direct path's fallback, which must hand on the client's leaving.
  it.each(['text/event-stream', '*/*'])(
    'closes its Connect socket at once; the same chat may stream again (one stream per chat here; Accept %s)',
    async (accept) => {
      const started = (
        (await (await post({}, START)).json()) as {
          data: { startChatContact: { contactId: string; participantToken: string } };
        }
      ).data.startChatContact;
      const chat = { 'x-participant-token': started.participantToken, accept };
      for (let reload = 0; reload < 3; reload += 1) {
        const leave = new AbortController();
        const response = await post(chat, 'subscription { chatEvents { __typename } }', leave.signal);
        expect(response.status).toBe(200);
        const reader = response.body?.getReader();
        await reader?.read(); // headers and the first ping: the stream is open
        await until(() => gateway.simulator.chatSockets(started.contactId).subscribed === 1);
        leave.abort();
        await until(() => gateway.simulator.chatSockets(started.contactId).open === 0);
      }
    },
  );

  it('gives the stream back when the client left while a fill was under way (the fill answered with items)', async () => {
    const started = (
      (await (await post({}, START)).json()) as {
        data: { startChatContact: { contactId: string; participantToken: string } };
      }
    ).data.startChatContact;
    const token = { 'x-participant-token': started.participantToken };
    for (const text of ['one', 'two']) {
      await post(token, `mutation { sendChatMessage(input: { content: "${text}" }) { __typename } }`);
    }
    const page = (await (
      await post(token, 'query { chatTranscript(first: 1) { ... on ChatTranscript { edges { node { id } } } } }')
    ).json()) as { data: { chatTranscript: { edges: { node: { id: string } }[] } } };
    const first = page.data.chatTranscript.edges[0]?.node.id;
    expect(first).toBeDefined();
    const subscription = `subscription { chatEvents(after: "${first}") { __typename } }`;
    const chat = { ...token, accept: 'text/event-stream' };

    // The stream's fill (its first GetTranscript) answers late, with items: the client has left by then.
    gateway.simulator.faults.inject('latency', { times: 1, ms: 1500, operation: 'GetTranscript' });
    const leave = new AbortController();
    const response = await post(chat, subscription, leave.signal);
    await response.body?.getReader().read();
    await until(() => gateway.simulator.chatSockets(started.contactId).subscribed === 1);
    leave.abort();
    await until(() => gateway.simulator.chatSockets(started.contactId).open === 0);

    // One stream per chat here: the next one is admitted once the first has given its slot back.
    const firstEvent = async () => {
      const again = await post(chat, subscription);
      const reader = again.body?.getReader();
      let text = '';
      while (reader && !text.includes('data:')) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      await reader?.cancel();
      return text;
    };
    const deadline = Date.now() + 60_000;
    let answer = await firstEvent();
    while (answer.includes('RATE_LIMITED') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await firstEvent();
    }
    expect(answer).not.toContain('errors');
    expect(answer).toContain('"chatEvents":{"__typename"');
  });
});
