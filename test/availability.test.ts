import { describe, expect, it } from 'vitest';
import type { QueueMetrics } from '../src/chat/availability-view.js';
import type { EffectiveHours } from '../src/chat/opening-hours.js';
import type { AvailabilityReader, ChatStarter, ParticipantService } from '../src/chat/ports.js';
import { createConversationApp } from './helpers/conversation-app.js';

/*
 * chatAvailability and the closed-start refusal in-process, with Connect's answers from a
 * recording fake and a fake clock: one Connect read per cache period however many callers, a
 * degraded answer instead of a failure, ChatClosedError without a StartChatContact.
 */

const HOURS_ID = '11111111-2222-3333-4444-555555555555';
const QUEUE_ID = '66666666-7777-8888-9999-000000000000';
const KEY = { 'content-type': 'application/json', 'x-api-key': 'demo-public-key' };
const AVAILABILITY = `{ chatAvailability { open timeZone closesAt closesAtLocal opensAt opensAtLocal
  agentsOnline agentsAvailable contactsInQueue longestWaitSeconds unknown { field reason } checkedAt } }`;
const START = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  __typename ... on ChatClosedError { code message opensAt } } }`;

const notUsed = () => Promise.reject(new Error('not used'));
const participants = {
  sendMessage: notUsed,
  sendEvent: notUsed,
  transcript: notUsed,
  disconnect: notUsed,
  startAttachmentUpload: notUsed,
  completeAttachmentUpload: notUsed,
  attachmentUrl: notUsed,
} as ParticipantService;

/** Weekdays 09:00–18:00 in London, as effective hours of the dates asked for. */
function londonNineToSix(from: string, to: string): EffectiveHours {
  const days = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const date = new Date(t);
    const weekday = date.getUTCDay();
    days.push({
      date: date.toISOString().slice(0, 10),
      periods:
        weekday === 0 || weekday === 6 ? [] : [{ start: { hours: 9, minutes: 0 }, end: { hours: 18, minutes: 0 } }],
    });
  }
  return { timeZone: 'Europe/London', days };
}

function connect(options: { failing?: boolean; metrics?: QueueMetrics } = {}) {
  const calls: string[] = [];
  const reader: AvailabilityReader = {
    async hours(_target, hoursId, range) {
      calls.push(`hours:${hoursId}`);
      if (options.failing) throw new Error('Connect is down');
      return londonNineToSix(range.from, range.to);
    },
    async queueMetrics(_target, queueId) {
      calls.push(`queue:${queueId}`);
      if (options.failing) throw new Error('Connect is down');
      return (
        options.metrics ?? { agentsOnline: 3, agentsAvailable: 1, contactsInQueue: 4, oldestContactAgeSeconds: 95 }
      );
    },
    contactPosition: notUsed,
  };
  return { reader, calls };
}

const starts: string[] = [];
const starter = {
  async start() {
    starts.push('StartChatContact');
    return { contactId: 'c-1', participantId: 'p-1', participantToken: 'token', region: 'eu-west-2' };
  },
} as unknown as ChatStarter;

function appWith(now: { value: number }, reader: AvailabilityReader, availability?: Record<string, unknown>) {
  return createConversationApp(participants, KEY, {
    chatStarter: starter,
    availabilityReader: reader,
    now: () => now.value,
    connect: { queueId: QUEUE_ID, hoursOfOperationId: HOURS_ID },
    ...(availability ? { availability } : {}),
  }).gql;
}

describe('chatAvailability', () => {
  it('open on a Tuesday afternoon in London: until 18:00, with the queue', async () => {
    const now = { value: Date.parse('2026-12-01T15:00:00Z') };
    const gql = appWith(now, connect().reader);
    expect((await gql(AVAILABILITY)).body.data.chatAvailability).toEqual({
      open: true,
      timeZone: 'Europe/London',
      closesAt: '2026-12-01T18:00:00.000Z',
      closesAtLocal: '2026-12-01T18:00',
      opensAt: null,
      opensAtLocal: null,
      agentsOnline: 3,
      agentsAvailable: 1,
      contactsInQueue: 4,
      longestWaitSeconds: 95,
      unknown: [],
      checkedAt: '2026-12-01T15:00:00.000Z',
    });
  });

  it('closed on a Saturday: opens Monday 09:00 local (an instant in summer time is an hour earlier in UTC)', async () => {
    const now = { value: Date.parse('2026-06-13T12:00:00Z') }; // a Saturday in British Summer Time
    const availability = (await appWith(now, connect().reader)(AVAILABILITY)).body.data.chatAvailability;
    expect([availability.open, availability.opensAt, availability.opensAtLocal]).toEqual([
      false,
      '2026-06-15T08:00:00.000Z',
      '2026-06-15T09:00',
    ]);
  });

  it('100 concurrent callers: one read of each per cache period; then read again', async () => {
    const now = { value: Date.parse('2026-12-01T15:00:00Z') };
    const { reader, calls } = connect();
    const gql = appWith(now, reader, { cacheSeconds: 30 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => gql(AVAILABILITY)));
    expect(answers.every((a) => a.body.data.chatAvailability.open === true)).toBe(true);
    expect(calls).toEqual([`hours:${HOURS_ID}`, `queue:${QUEUE_ID}`]);
    now.value += 29_000;
    await gql(AVAILABILITY);
    expect(calls).toHaveLength(2);
    now.value += 2_000;
    await Promise.all(Array.from({ length: 10 }, () => gql(AVAILABILITY)));
    expect(calls).toHaveLength(4);
  });

  it('a cached answer never outlives the next closing: closed at 18:00 though the cache is 30 s', async () => {
    const now = { value: Date.parse('2026-12-01T17:59:50Z') };
    const gql = appWith(now, connect().reader, { cacheSeconds: 30 });
    expect((await gql(AVAILABILITY)).body.data.chatAvailability.open).toBe(true);
    now.value = Date.parse('2026-12-01T18:00:05Z');
    expect((await gql(AVAILABILITY)).body.data.chatAvailability.open).toBe(false);
  });

  it('Connect down: every field it would give is null with CONNECT_UNAVAILABLE, never an error', async () => {
    const now = { value: Date.parse('2026-12-01T15:00:00Z') };
    const response = await appWith(now, connect({ failing: true }).reader)(AVAILABILITY);
    expect(response.status).toBe(200);
    const availability = response.body.data.chatAvailability;
    expect([availability.open, availability.agentsOnline]).toEqual([null, null]);
    expect(availability.unknown).toContainEqual({ field: 'open', reason: 'CONNECT_UNAVAILABLE' });
    expect(availability.unknown).toContainEqual({ field: 'agentsOnline', reason: 'CONNECT_UNAVAILABLE' });
  });

  it('a tenant naming no hours or queue: NOT_CONFIGURED, and Connect is not asked', async () => {
    const { reader, calls } = connect();
    const gql = createConversationApp(participants, KEY, { availabilityReader: reader }).gql;
    const availability = (await gql(AVAILABILITY)).body.data.chatAvailability;
    expect(availability.open).toBeNull();
    expect(availability.unknown).toContainEqual({ field: 'open', reason: 'NOT_CONFIGURED' });
    expect(calls).toEqual([]);
  });
});

describe('closed means closed', () => {
  it('refuses a start while closed with ChatClosedError (opensAt), without calling Connect; lets it through while open', async () => {
    const now = { value: Date.parse('2026-12-05T12:00:00Z') }; // Saturday
    const gql = appWith(now, connect().reader, { refuseStartsWhenClosed: true });
    starts.length = 0;
    expect((await gql(START)).body.data.startChatContact).toEqual({
      __typename: 'ChatClosedError',
      code: 'CHAT_CLOSED',
      message: 'Chat is closed now.',
      opensAt: '2026-12-07T09:00:00.000Z',
    });
    expect(starts).toEqual([]);
    // Open on Monday: the start goes on to Connect.
    now.value = Date.parse('2026-12-07T10:00:00Z');
    expect((await gql(START)).body.data.startChatContact.__typename).toBe('StartChatContactPayload');
    expect(starts).toEqual(['StartChatContact']);
  });

  it('a tenant that does not refuse when closed starts anyway', async () => {
    const now = { value: Date.parse('2026-12-05T12:00:00Z') };
    const gql = appWith(now, connect().reader);
    expect((await gql(START)).body.data.startChatContact.__typename).toBe('StartChatContactPayload');
  });
});
