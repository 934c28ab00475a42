import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME, type Harness, startHarness } from './helpers/harness.js';
import { sseMessages } from './helpers/sse.js';

/*
 * chatEvents end to end in-process: Yoga's SSE, the core's stream, the Connect websocket adapter
 * with the real SDK over loopback to the simulator's websocket, and the simulator's agent. Faults
 * of the simulator's sockets in the middle: nothing lost, nothing twice, in order.
 */

const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  ... on StartChatContactPayload { contactId participantToken } } }`;
const SEND = `mutation Send($input: SendChatMessageInput!) { sendChatMessage(input: $input) { __typename } }`;
const EVENTS = `subscription($after: ID) { chatEvents(after: $after) { __typename
  ... on ChatItem { id participantRole }
  ... on ChatMessageItem { content } } }`;

interface Event {
  __typename: string;
  id: string;
  participantRole: string | null;
  content?: string;
}

describe('chatEvents end to end (real SDK, simulator websocket)', () => {
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
    return (await response.json()) as any;
  }

  /** Opens the stream; `next(predicate)` reads events until one matches, returning all it read. */
  async function subscribe(headers: Record<string, string>, after?: string) {
    const abort = new AbortController();
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query: EVENTS, variables: after ? { after } : {} }),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    // Read from the start: Yoga subscribes only once the body is pulled.
    const queue: { event: string; data: string }[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    void (async () => {
      try {
        for await (const message of sseMessages(response)) {
          queue.push(message);
          wake?.();
        }
      } catch {
        // Closed by the test.
      }
      ended = true;
      wake?.();
    })();
    const nextMessage = async () => {
      while (queue.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      return queue.shift();
    };
    let completed = false;
    return {
      get completed() {
        return completed;
      },
      async until(predicate: (event: Event) => boolean): Promise<Event[]> {
        const read: Event[] = [];
        for (;;) {
          const next = await nextMessage();
          if (!next || next.event === 'complete') {
            completed = true;
            return read;
          }
          const payload = JSON.parse(next.data);
          if (payload.errors) throw new Error(JSON.stringify(payload.errors));
          const event = payload.data.chatEvents as Event;
          read.push(event);
          if (predicate(event)) return read;
        }
      },
      close: () => abort.abort(),
    };
  }

  const subscribedSockets = async (contactId: string) => {
    const deadline = Date.now() + 60_000;
    while (h.simulator.chatSockets(contactId).subscribed === 0) {
      if (Date.now() > deadline) throw new Error('the gateway never subscribed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const openStreams = async () =>
    (await h.metrics.registry.getSingleMetric('chat_gateway_open_event_streams')?.get())?.values[0]?.value;
  const messages = (events: Event[]) =>
    events.filter((e) => e.__typename === 'ChatMessageItem').map((e) => `${e.participantRole}:${e.content}`);

  it('live messages both ways; a dropped and an expired Connect socket lose nothing; the end completes the stream', async () => {
    const started = (await gql(START, {}, ACME)).data.startChatContact;
    const chat = { ...ACME, 'x-participant-token': started.participantToken as string };
    const stream = await subscribe(chat);
    await subscribedSockets(started.contactId);
    expect(await openStreams()).toBe(1);

    await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'hello' } }, chat);
    const first = await stream.until((e) => e.participantRole === 'AGENT' && e.__typename === 'ChatMessageItem');
    expect(messages(first)).toEqual(['CUSTOMER:hello', 'AGENT:You said: "hello"']);

    // The socket drops; the agent talks before the gateway is back.
    h.simulator.dropChatSockets(started.contactId);
    for (const text of ['one', 'two', 'three']) h.simulator.agentSays(started.contactId, text);
    const afterDrop = await stream.until((e) => e.content === 'three');
    expect(messages(afterDrop)).toEqual(['AGENT:one', 'AGENT:two', 'AGENT:three']);

    // The URL expires early: the gateway fetches a new one.
    h.simulator.expireChatWebsockets(started.contactId);
    h.simulator.agentSays(started.contactId, 'four');
    const afterExpiry = await stream.until((e) => e.content === 'four');
    expect(messages(afterExpiry)).toEqual(['AGENT:four']);

    h.simulator.endChat(started.contactId);
    const end = await stream.until(() => false);
    expect(end.map((e) => e.__typename)).toEqual(['ChatParticipantLeftItem', 'ChatEndedItem']);
    expect(stream.completed).toBe(true);
    expect(await openStreams()).toBe(0);
    const ids = [...first, ...afterDrop, ...afterExpiry, ...end].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(h.log()).not.toContain(started.participantToken);
  });

  it('a client resuming with `after` gets what it missed first, then live', async () => {
    const started = (await gql(START, {}, ACME)).data.startChatContact;
    const chat = { ...ACME, 'x-participant-token': started.participantToken as string };
    const stream = await subscribe(chat);
    await subscribedSockets(started.contactId);
    const said = h.simulator.agentSays(started.contactId, 'before the refresh');
    const seen = await stream.until((e) => e.content === 'before the refresh');
    stream.close();
    // The page reloads; meanwhile the agent goes on.
    h.simulator.agentSays(started.contactId, 'while away 1');
    h.simulator.agentSays(started.contactId, 'while away 2');
    const resumed = await subscribe(chat, seen.at(-1)?.id ?? said.Id);
    const missed = await resumed.until((e) => e.content === 'while away 2');
    expect(messages(missed)).toEqual(['AGENT:while away 1', 'AGENT:while away 2']);
    h.simulator.agentSays(started.contactId, 'live again');
    expect(messages(await resumed.until((e) => e.content === 'live again'))).toEqual(['AGENT:live again']);
    resumed.close();
  });
});
