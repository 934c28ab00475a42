import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATOR_CREDENTIALS } from '../src/simulator/index.js';
import { type Harness, startHarness } from './helpers/harness.js';

/*
 * Availability and queue position end to end: the real SDK over loopback to the simulator's
 * hours of operation (overrides, time zones), queue metrics and contact positions.
 */

const INSTANCE = '0a1b2c3d-0000-4000-8000-000000000001';
const FLOW = 'flow-1';
const LONDON_HOURS = '0a1b2c3d-0000-4000-8000-0000000000a1';
const NEW_YORK_HOURS = '0a1b2c3d-0000-4000-8000-0000000000a2';
const QUEUE = '0a1b2c3d-0000-4000-8000-0000000000b1';
const weekdays = (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => ({
  day,
  start: '09:00',
  end: '18:00',
}));
const connect = (hoursOfOperationId: string) => ({
  region: 'eu-west-2',
  instanceId: INSTANCE,
  contactFlowId: FLOW,
  queueId: QUEUE,
  hoursOfOperationId,
});

const AVAILABILITY =
  '{ chatAvailability { open opensAt closesAt agentsOnline agentsAvailable contactsInQueue unknown { field reason } } }';
const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  __typename ... on StartChatContactPayload { contactId participantToken } ... on ChatClosedError { opensAt } } }`;
const SESSION = '{ chatSession { ... on ChatSession { state queue { position estimatedWaitSeconds } } } }';

describe('availability through the simulator (real SDK)', () => {
  let h: Harness;
  const now = { value: Date.parse('2026-12-24T17:30:00Z') }; // Thursday: 17:30 in London, 12:30 in New York
  beforeAll(async () => {
    h = await startHarness(
      {},
      {
        availabilityNow: () => now.value,
        tenants: {
          tenants: [
            {
              id: 'london',
              apiKeys: ['london-key'],
              connect: connect(LONDON_HOURS),
              availability: { cacheSeconds: 30, refuseStartsWhenClosed: true },
            },
            { id: 'newyork', apiKeys: ['newyork-key'], connect: connect(NEW_YORK_HOURS) },
          ],
        },
        simulator: {
          agent: { enabled: false },
          instances: [
            {
              instanceId: INSTANCE,
              contactFlowIds: [FLOW],
              hoursOfOperations: [
                {
                  hoursOfOperationId: LONDON_HOURS,
                  timeZone: 'Europe/London',
                  config: weekdays,
                  overrides: { '2026-12-25': 'closed' },
                },
                { hoursOfOperationId: NEW_YORK_HOURS, timeZone: 'America/New_York', config: weekdays },
              ],
              queues: [
                {
                  queueId: QUEUE,
                  hoursOfOperationId: LONDON_HOURS,
                  agentsOnline: 2,
                  agentsAvailable: 1,
                  averageHandleTimeSeconds: 300,
                },
              ],
            },
          ],
          credentials: [SIMULATOR_CREDENTIALS],
        },
      },
    );
  });
  afterAll(() => h.close());

  async function gql(query: string, headers: Record<string, string>) {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: bodies are read as each step needs.
    return (await response.json()) as any;
  }
  const calls = (operation: string) => h.simulator.availabilityCalls.filter((c) => c.operation === operation).length;
  const starts = () => h.simulator.received.filter((c) => c.operation === 'StartChatContact').length;

  it('open and closed across a Christmas override and two time zones', async () => {
    const london = (await gql(AVAILABILITY, { 'x-api-key': 'london-key' })).data.chatAvailability;
    expect([london.open, london.closesAt]).toEqual([true, '2026-12-24T18:00:00.000Z']);
    const newYork = (await gql(AVAILABILITY, { 'x-api-key': 'newyork-key' })).data.chatAvailability;
    expect([newYork.open, newYork.closesAt]).toEqual([true, '2026-12-24T23:00:00.000Z']);

    now.value = Date.parse('2026-12-24T18:30:00Z');
    const closed = (await gql(AVAILABILITY, { 'x-api-key': 'london-key' })).data.chatAvailability;
    // The 25th is closed by its override, then a weekend: Monday the 28th, 09:00 in London.
    expect([closed.open, closed.opensAt]).toEqual([false, '2026-12-28T09:00:00.000Z']);
    expect((await gql(AVAILABILITY, { 'x-api-key': 'newyork-key' })).data.chatAvailability.open).toBe(true);
  });

  it('a closed tenant that refuses: ChatClosedError, and no StartChatContact', async () => {
    now.value = Date.parse('2026-12-25T12:00:00Z');
    const before = starts();
    expect((await gql(START, { 'x-api-key': 'london-key' })).data.startChatContact).toEqual({
      __typename: 'ChatClosedError',
      opensAt: '2026-12-28T09:00:00.000Z',
    });
    expect(starts()).toBe(before);
  });

  it('100 concurrent callers: one read of the hours and one of the queue per cache period', async () => {
    now.value = Date.parse('2026-12-28T10:00:00Z');
    const [hours, metrics] = [calls('GetEffectiveHoursOfOperations'), calls('GetCurrentMetricData')];
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => gql(AVAILABILITY, { 'x-api-key': 'london-key' })),
    );
    expect(answers.every((a) => a.data.chatAvailability.open === true)).toBe(true);
    expect([calls('GetEffectiveHoursOfOperations') - hours, calls('GetCurrentMetricData') - metrics]).toEqual([1, 1]);
  });

  it('the queue position moves as the queue drains', async () => {
    now.value = Date.parse('2026-12-28T11:00:00Z');
    const chats = [];
    for (let i = 0; i < 3; i += 1) chats.push((await gql(START, { 'x-api-key': 'london-key' })).data.startChatContact);
    const positionOf = async (chat: { participantToken: string }) =>
      (await gql(SESSION, { 'x-api-key': 'london-key', 'x-participant-token': chat.participantToken })).data.chatSession
        .queue?.position;
    expect(await positionOf(chats[2])).toBe(3);
    h.simulator.agentJoins(chats[0].contactId);
    h.simulator.agentJoins(chats[1].contactId);
    // A position is shared for 5 s per contact: the same answer until then, the new one after.
    expect(await positionOf(chats[2])).toBe(3);
    now.value += 6_000;
    expect(await positionOf(chats[2])).toBe(1);
    const connected = (
      await gql(SESSION, { 'x-api-key': 'london-key', 'x-participant-token': chats[0].participantToken })
    ).data.chatSession;
    expect(connected).toEqual({ state: 'CONNECTED', queue: null });
  });

  it('Connect down: a degraded answer with reasons, never an error; asked again within seconds', async () => {
    now.value = Date.parse('2026-12-29T10:00:00Z');
    h.simulator.faults.inject('serverError', { operation: 'GetEffectiveHoursOfOperations', times: 5 });
    const noHours = (await gql(AVAILABILITY, { 'x-api-key': 'london-key' })).data.chatAvailability;
    h.simulator.faults.clear();
    expect([noHours.open, noHours.agentsOnline]).toEqual([null, 2]);
    expect(noHours.unknown).toEqual([
      { field: 'open', reason: 'CONNECT_UNAVAILABLE' },
      { field: 'closesAt', reason: 'CONNECT_UNAVAILABLE' },
      { field: 'opensAt', reason: 'CONNECT_UNAVAILABLE' },
    ]);
    // A degraded answer is kept 5 s, not the tenant's 30.
    now.value += 6_000;
    h.simulator.faults.inject('serverError', { operation: 'GetCurrentMetricData', times: 5 });
    const noQueue = (await gql(AVAILABILITY, { 'x-api-key': 'london-key' })).data.chatAvailability;
    h.simulator.faults.clear();
    expect([noQueue.open, noQueue.agentsOnline, noQueue.contactsInQueue]).toEqual([true, null, null]);
    expect(noQueue.unknown).toContainEqual({ field: 'agentsOnline', reason: 'CONNECT_UNAVAILABLE' });
  });
});
