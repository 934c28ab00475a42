import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChatEventOf,
  type ChatEventStream,
  openChatEventStream,
  type StreamEnd,
} from './helpers/chat-event-stream.js';
import { positioningReads, streamPositioned, waitUntil } from './helpers/chat-waits.js';
import { ACME } from './helpers/harness.js';
import { startReplicas } from './helpers/replicas.js';

/*
 * The no-loss target of chatEvents: one chat, two gateway replicas in front of one simulator, the
 * agent talking while randomised faults hit either side of the relay — the client's SSE cut and
 * resumed with `after` (on the same replica or the other one), Connect's socket dropped, its URL
 * expired, its socket gone silent (heartbeats unanswered: the feed must find it dead) — and at the end every agent message has reached the client exactly once, in order,
 * across all the client's streams. Bounded in faults, not time: each wait has a generous deadline.
 *
 * CHAOS_SEED=<n> repeats a run; CHAOS_FAULTS=<n> changes how many faults (100 is the target).
 *
 * The replicas' feeds send heartbeats every 200 ms and give a silent socket 2 s (chatjs's 10 s
 * each would make every silent-socket fault cost ~20 s).
 */

const FAULTS = Number(process.env.CHAOS_FAULTS ?? 100);
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 32));
/** How long one wait may take on a busy machine (a reconnect's backoff is up to 30 s after quick failures). */
const WAIT_MS = 120_000;

const FAULT_KINDS = ['client-sse', 'replica-change', 'connect-drop', 'url-expiry', 'connect-silent'] as const;
type FaultKind = (typeof FAULT_KINDS)[number];

const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  ... on StartChatContactPayload { contactId participantToken } } }`;
const EVENTS = `subscription($after: ID) { chatEvents(after: $after) { __typename
  ... on ChatItem { id participantRole }
  ... on ChatMessageItem { content } } }`;

/** Stream errors a client does not resume from. */
const FINAL_CODES = new Set(['CHAT_ENDED', 'UNAUTHENTICATED', 'BAD_USER_INPUT']);

/** mulberry32: a small seeded PRNG, so that a failing run can be repeated. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    /** A whole number in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

/**
 * A chat page's client: one stream at a time, every event kept across streams; on a stream that
 * ends without completing (cut by a fault, refused by a bound, interrupted), it resumes with
 * `after` = the last event's ID, as docs/api.md tells clients to.
 */
function createClient(urls: readonly string[], participantToken: string, onEvent: (event: ChatEventOf) => void) {
  const received: ChatEventOf[] = [];
  const serverEnds = new Map<string, number>();
  const waiters = new Set<() => void>();
  let stream: ChatEventStream | undefined;
  let replica = 0;
  let streams = 0;
  let completed = false;
  let closing = false;
  let failure: string | undefined;
  let opening: Promise<void> | undefined;
  /** Which open() the current stream came from: a stream replaced since then is not resumed again. */
  let generation = 0;

  const notify = () => {
    for (const waiter of waiters) waiter();
  };

  function open(on: number): Promise<void> {
    replica = on;
    const after = received.at(-1)?.id;
    streams += 1;
    generation += 1;
    const mine = generation;
    const opened = openChatEventStream({
      fetch,
      url: urls[on]!,
      headers: { ...ACME, 'x-participant-token': participantToken },
      query: EVENTS,
      variables: after ? { after } : {},
      onEvent(event) {
        received.push(event);
        onEvent(event);
        notify();
      },
      onEnd: (end) => void onServerEnd(end, mine),
    }).then((s) => {
      stream = s;
    });
    opening = opened;
    return opened;
  }

  /**
   * The server ended the stream: done if the chat completed; a final error (the chat ended, the
   * token is refused) fails the client; anything else is resumed after a short pause, as a page would.
   */
  async function onServerEnd(end: StreamEnd, of: number) {
    if (of !== generation || closing) return;
    if (end.kind === 'complete') {
      completed = true;
      notify();
      return;
    }
    const code = end.kind === 'error' ? String(end.errors[0]?.extensions?.code ?? 'error') : 'closed';
    serverEnds.set(code, (serverEnds.get(code) ?? 0) + 1);
    if (FINAL_CODES.has(code)) {
      failure ??= `the stream ended with ${code}`;
      notify();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (of === generation && !closing) await open(replica);
  }

  return {
    received,
    serverEnds,
    get streams() {
      return streams;
    },
    /** The replica the current stream is on. */
    get replica() {
      return replica;
    },
    get completed() {
      return completed;
    },
    open,
    /** The client's connection is cut; it resumes on `on` with `after`. */
    async resume(on: number) {
      await opening;
      stream?.close();
      await open(on);
    },
    /** What the client saw is wrong: every wait fails now, with `reason`. */
    fail(reason: string) {
      failure ??= reason;
      notify();
    },
    /** Resolves once `check` holds on what was received; rejects after the deadline, or once the client failed. */
    waitFor(check: () => boolean, what: string): Promise<void> {
      return new Promise((resolve, reject) => {
        const waiter = () => {
          if (!failure && !check()) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          if (failure) reject(new Error(`${what}: ${failure}`));
          else resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${what}: not within ${WAIT_MS} ms (${received.length} events received)`));
        }, WAIT_MS);
        waiters.add(waiter);
        waiter();
      });
    },
    async close() {
      closing = true;
      await opening;
      stream?.close();
    },
  };
}

describe('chatEvents under randomised faults on both sides of the relay', () => {
  let cluster: Awaited<ReturnType<typeof startReplicas>>;
  beforeAll(async () => {
    // The agent speaks only when the test says so. Two replicas, as behind a load balancer.
    cluster = await startReplicas(2, {
      simulator: { agent: { enabled: false } },
      feed: { heartbeatIntervalMs: 200, deadSocketMs: 2000 },
    });
  });
  afterAll(() => cluster?.close());

  it(`loses and duplicates no message over ${FAULTS} faults (seed ${SEED})`, { timeout: 30 * 60_000 }, async () => {
    const { simulator, replicas } = cluster;
    const urls = replicas.map((r) => r.url);
    // Two streams of the seed: the faults' sequence repeats exactly; the agent's pace, closely.
    const random = seededRandom(SEED);
    const pace = seededRandom(SEED ^ 0x9e3779b9);
    console.log(`chat events chaos: seed ${SEED} (CHAOS_SEED=${SEED} repeats this run), ${FAULTS} faults`);

    const started = await fetch(urls[0]!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ACME },
      body: JSON.stringify({ query: START }),
    });
    const { contactId, participantToken } = (
      (await started.json()) as { data: { startChatContact: Record<string, string> } }
    ).data.startChatContact as { contactId: string; participantToken: string };

    const said: string[] = [];
    const messages: string[] = [];
    const client = createClient(urls, participantToken, (event) => {
      if (event.__typename !== 'ChatMessageItem') return;
      const expected = said[messages.length];
      messages.push(event.content ?? '');
      // Fail at once rather than at a deadline: each message must be the next one said.
      if (event.content === expected) return;
      const twice = messages.indexOf(event.content ?? '') < messages.length - 1;
      client.fail(
        twice
          ? `${event.content} arrived twice (message ${messages.length} received)`
          : `${event.content} arrived where ${expected ?? 'nothing yet'} was due: a message is lost`,
      );
    });
    const reads = positioningReads(simulator, contactId);
    await client.open(0);
    await streamPositioned(simulator, contactId, reads, WAIT_MS);
    const joined = simulator.agentJoins(contactId);
    await client.waitFor(() => client.received.some((e) => e.id === joined.Id), 'the agent joined');

    // The agent keeps talking, every few ms, through every fault and every recovery.
    let typing = 0;
    let talking: NodeJS.Timeout | undefined;
    const talk = () => {
      if (pace.next() < 0.1) {
        simulator.agentTyping(contactId);
        typing += 1;
      } else {
        const text = `m${said.length + 1}`;
        said.push(text);
        simulator.agentSays(contactId, text);
      }
      talking = setTimeout(talk, pace.int(2, 40));
    };
    talk();

    const faults = new Map<FaultKind, number>(FAULT_KINDS.map((kind) => [kind, 0]));
    let delayedRounds = 0;
    let chainedRounds = 0;
    let stoppedEarly = false;
    const summary = () =>
      [
        `chat events chaos, seed ${SEED}:`,
        `  faults: ${[...faults].map(([kind, n]) => `${kind} ${n}`).join(', ')} (${[...faults.values()].reduce(
          (a, b) => a + b,
          0,
        )} of ${FAULTS})`,
        `  faults with Connect's pushes delayed: ${delayedRounds}; faults chained without catching up: ${chainedRounds}`,
        `  client streams opened: ${client.streams}; ended by the server: ${
          [...client.serverEnds].map(([code, n]) => `${code} ${n}`).join(', ') || 'none'
        }`,
        `  agent messages: ${said.length} said, ${messages.length} received, duplicates ${
          messages.length - new Set(messages).size
        }, ${stoppedEarly ? 'not received when it stopped' : 'lost'} ${
          said.filter((text) => !messages.includes(text)).length
        }; typing events sent ${typing}`,
      ].join('\n');

    try {
      for (let round = 1; round <= FAULTS; round += 1) {
        // The fault lands at a random moment of the conversation.
        await new Promise((resolve) => setTimeout(resolve, random.int(0, 150)));
        // Sometimes Connect is slow to push: items wait in its queue when the fault hits.
        const delay = random.next() < 0.25 ? random.int(1, 150) : 0;
        simulator.delayChatPushes(contactId, delay);
        if (delay > 0) delayedRounds += 1;

        const kind = random.pick(FAULT_KINDS);
        faults.set(kind, faults.get(kind)! + 1);
        if (kind === 'client-sse') await client.resume(client.replica);
        else if (kind === 'replica-change') await client.resume(1 - client.replica);
        else if (kind === 'connect-drop') simulator.dropChatSockets(contactId);
        else if (kind === 'connect-silent') simulator.stopChatHeartbeats(contactId);
        else simulator.expireChatWebsockets(contactId);

        // Mostly the client catches up before the next fault; sometimes faults follow at once.
        if (random.next() < 0.3 && round < FAULTS) {
          chainedRounds += 1;
          continue;
        }
        // A fault may land before the agent said anything: then there is nothing to catch up to
        // (waiting for "no message" never ended: seed 2807574317).
        const mark = said.at(-1);
        if (mark !== undefined) {
          await client.waitFor(() => messages.includes(mark), `round ${round} (${kind}): ${mark}`);
        }
      }
      // The chat ends on a whole relay: its sockets (a silent one among them, perhaps, not yet found
      // dead) are dropped and the feed is waited for on a fresh socket. (Were the chat to end while
      // the feed reconnects, Connect would refuse every token of the ended chat, the transcript
      // included: what was said in between, and the end itself, could not be read any more; the
      // stream ends with CHAT_ENDED. A message alone proves nothing: the fill the feed makes as
      // soon as it loses a socket may deliver it while the feed is still away.)
      clearTimeout(talking);
      simulator.delayChatPushes(contactId, 0);
      simulator.dropChatSockets(contactId);
      await waitUntil(
        () => simulator.chatSockets(contactId).subscribed > 0,
        WAIT_MS,
        'the feed back on a fresh socket before the chat ends',
      );
      const last = `m${said.length + 1}`;
      said.push(last);
      simulator.agentSays(contactId, last);
      await client.waitFor(() => messages.includes(last), `the last message, ${last}`);
      simulator.endChat(contactId);
      await client.waitFor(() => client.completed, 'the stream completed after the chat ended');
    } catch (error) {
      stoppedEarly = true;
      // What a failure needs to be understood: the client's last events and the replicas' feed log.
      const feedLog = replicas.flatMap((replica, i) =>
        replica
          .log()
          .split('\n')
          .filter((line) => /chat feed|chat events|"level":(40|50)/.test(line))
          .slice(-15)
          .map((line) => `  replica ${i}: ${line}`),
      );
      console.log(
        [
          `client: stream on replica ${client.replica}, last events:`,
          ...client.received.slice(-5).map((e) => `  ${JSON.stringify(e)}`),
          `Connect sockets of the chat: ${JSON.stringify(simulator.chatSockets(contactId))}`,
          ...feedLog,
        ].join('\n'),
      );
      throw error;
    } finally {
      clearTimeout(talking);
      await client.close();
      console.log(summary());
    }

    expect(messages).toEqual(said);
    // Every item the transcript keeps (joined, messages, left, ended), from the join on: once each, in order.
    const transcript = simulator.transcript(contactId).map((item) => item.Id);
    const kept = client.received.filter((e) => !e.id.includes('~')).map((e) => e.id);
    expect(kept).toEqual(transcript.slice(transcript.indexOf(joined.Id)));
    expect(client.received.at(-1)?.__typename).toBe('ChatEndedItem');
    for (const replica of replicas) expect(replica.log()).not.toContain(participantToken);
  });
});
