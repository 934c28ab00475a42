import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TenantStore } from '../src/tenants/store.js';
import { waitUntil as until } from './helpers/chat-waits.js';
import { type ListeningGateway, postWithDemoKey, startListeningGateway } from './helpers/listening-gateway.js';

/*
 * A client that leaves a chatEvents stream on the direct path while the gateway is still making
 * the request's context (before the relay listens for the socket closing): its 'close' has passed
 * by then, so the stream must see the response already destroyed and the resolver the request's
 * signal already aborted. Otherwise the stream, its Connect socket, its slot and a ping timer
 * stay behind, and with one stream per chat the chat can never stream again.
 * The request is held in its context by a tenant store that waits on the test. Such a stream
 * never reads an event (its first write waits for a drain that never comes), so what it would
 * leave behind is its ping timer: the test watches the timers the gateway starts.
 */

const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  ... on StartChatContactPayload { contactId participantToken } } }`;
const EVENTS = 'subscription LeaveEarly { chatEvents { __typename } }';
const WAIT_MS = 60_000;

/** Holds the next tenant lookup until released; tells when a lookup is being held. */
function createGate() {
  let armed: { entered: () => void; released: Promise<void> } | undefined;
  const wrap = (store: TenantStore): TenantStore => ({
    async find(lookups) {
      const held = armed;
      armed = undefined;
      if (held) {
        held.entered();
        await held.released;
      }
      return store.find(lookups);
    },
    anyAllowsOrigin: (origin) => store.anyAllowsOrigin(origin),
    health: () => store.health(),
  });
  /** The next lookup waits for `release()`; `entered` resolves once it is waiting. */
  const arm = () => {
    let entered!: () => void;
    let release!: () => void;
    const enteredPromise = new Promise<void>((resolve) => {
      entered = resolve;
    });
    armed = {
      entered,
      released: new Promise<void>((resolve) => {
        release = resolve;
      }),
    };
    return { entered: enteredPromise, release };
  };
  return { wrap, arm };
}

describe('a client leaving a direct stream while its context is made', () => {
  const gate = createGate();
  let gateway: ListeningGateway;
  beforeAll(async () => {
    gateway = await startListeningGateway({
      tenants: JSON.parse(readFileSync('tenants.example.json', 'utf8')),
      env: { DIRECT_PATH: 'on', STREAMS_PER_CHAT: '1' },
      wrapTenants: gate.wrap,
    });
  });
  afterAll(() => gateway.close());
  afterEach(() => vi.restoreAllMocks());

  /** The intervals started from now on, and whether each was cleared since. */
  const watchIntervals = () => {
    const started = new Map<unknown, { ms: number | undefined; cleared: boolean }>();
    const { setInterval: start, clearInterval: clear } = globalThis;
    vi.spyOn(globalThis, 'setInterval').mockImplementation(((run: () => void, ms?: number) => {
      const handle = start(run, ms);
      started.set(handle, { ms, cleared: false });
      return handle;
    }) as typeof setInterval);
    vi.spyOn(globalThis, 'clearInterval').mockImplementation(((handle: Parameters<typeof clearInterval>[0]) => {
      const known = started.get(handle);
      if (known) known.cleared = true;
      clear(handle);
    }) as typeof clearInterval);
    return started;
  };

  const post = (headers: Record<string, string>, query: string, signal?: AbortSignal) =>
    postWithDemoKey(gateway, headers, query, signal);
  const completions = () =>
    gateway
      .log()
      .split('\n')
      .filter((l) => l.includes('"request completed"') && l.includes('LeaveEarly'))
      .map((l) => JSON.parse(l) as { direct?: boolean });

  /** Opens a stream, waits for its Connect socket, leaves, waits for the socket to close. */
  const streamAndLeave = async (chat: Record<string, string>, contactId: string) => {
    const leave = new AbortController();
    const response = await post(chat, EVENTS, leave.signal);
    expect(response.status).toBe(200);
    await response.body?.getReader().read();
    await until(() => gateway.simulator.chatSockets(contactId).subscribed === 1, WAIT_MS, 'the stream subscribed');
    leave.abort();
    await until(() => gateway.simulator.chatSockets(contactId).open === 0, WAIT_MS, 'its socket closed');
  };

  it('leaves nothing behind (its ping stops, no socket, no slot): the chat streams again', async () => {
    const started = (
      (await (await post({}, START)).json()) as {
        data: { startChatContact: { contactId: string; participantToken: string } };
      }
    ).data.startChatContact;
    const chat = { 'x-participant-token': started.participantToken, accept: 'text/event-stream' };
    // The first stream of the document is Yoga's (it validates the document); the next is direct.
    await streamAndLeave(chat, started.contactId);
    expect(completions().map((c) => c.direct)).toEqual([undefined]);

    const intervals = watchIntervals();
    const held = gate.arm();
    const before = await gateway.connections();
    // Its own connection, so that leaving closes it and the server's count says it noticed.
    const body = JSON.stringify({ query: EVENTS });
    const early = request(gateway.url, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'x-api-key': 'demo-public-key',
        ...chat,
      },
    });
    early.on('error', () => undefined);
    early.end(body);
    await held.entered;
    early.destroy();
    const connections = { now: before + 1 };
    await until(
      () => {
        void gateway.connections().then((n) => {
          connections.now = n;
        });
        return connections.now === before;
      },
      WAIT_MS,
      'the server saw the client leave',
    );
    held.release();
    await until(() => completions().length === 2, WAIT_MS, 'the early stream completed');
    expect(completions()[1]?.direct).toBe(true);
    // Its SSE ping (every 300 ms under NODE_ENV=test) started and stopped: nothing keeps running.
    const pings = () => [...intervals.values()].filter((i) => i.ms === 300);
    await until(
      () => pings().length > 0 && pings().every((i) => i.cleared),
      WAIT_MS,
      'its ping stopped',
      () => JSON.stringify(pings()),
    );
    vi.restoreAllMocks();

    // One stream per chat: a stream left behind would hold the slot and keep its socket.
    await streamAndLeave(chat, started.contactId);
    expect(gateway.simulator.chatSockets(started.contactId)).toEqual({ open: 0, subscribed: 0 });
  });
});
