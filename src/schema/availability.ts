import type { ChatAvailabilityView, QueueStatusView } from '../chat/availability-view.js';
import { localDateTime } from '../chat/opening-hours.js';
import { builder } from './builder.js';

/* Whether a tenant's chat is open and how busy it is; where a waiting chat is in its queue. */

export const AvailabilityUnknownReason = builder.enumType('AvailabilityUnknownReason', {
  values: {
    NOT_CONFIGURED: { description: 'The tenant names no hours of operation (or no queue) for this.' },
    CONNECT_UNAVAILABLE: { description: 'Connect did not answer in time; asked again within seconds.' },
  } satisfies Record<ChatAvailabilityView['unknown'][number]['reason'], unknown>,
});

export const AvailabilityUnknown = builder
  .objectRef<ChatAvailabilityView['unknown'][number]>('AvailabilityUnknown')
  .implement({
    description: 'A field of ChatAvailability that is null, and why.',
    fields: (t) => ({
      field: t.exposeString('field'),
      reason: t.expose('reason', { type: AvailabilityUnknownReason }),
    }),
  });

/** A moment as the hours' own wall clock shows it ("2026-12-01T18:00"), or null. */
const local = (at: Date | null, timeZone: string | null) => (at && timeZone ? localDateTime(at, timeZone) : null);

export const ChatAvailability = builder.objectRef<ChatAvailabilityView>('ChatAvailability').implement({
  description:
    "Whether chat is open now and how busy it is, from the tenant's hours of operation (overrides applied) and its queue. One answer is shared by every caller for the tenant's cacheSeconds.",
  fields: (t) => ({
    open: t.exposeBoolean('open', { nullable: true, description: 'Null: unknown (see unknown).' }),
    timeZone: t.exposeString('timeZone', { nullable: true, description: 'The hours of operation’s time zone (IANA).' }),
    closesAt: t.expose('closesAt', {
      type: 'DateTime',
      nullable: true,
      description: 'While open: when the current period ends.',
    }),
    closesAtLocal: t.string({
      nullable: true,
      description: 'closesAt on the hours’ wall clock, e.g. 2026-12-01T18:00.',
      resolve: (a) => local(a.closesAt, a.timeZone),
    }),
    opensAt: t.expose('opensAt', {
      type: 'DateTime',
      nullable: true,
      description: 'While closed: when chat opens next (within a week).',
    }),
    opensAtLocal: t.string({
      nullable: true,
      description: 'opensAt on the hours’ wall clock.',
      resolve: (a) => local(a.opensAt, a.timeZone),
    }),
    agentsOnline: t.exposeInt('agentsOnline', { nullable: true }),
    agentsAvailable: t.exposeInt('agentsAvailable', { nullable: true }),
    contactsInQueue: t.exposeInt('contactsInQueue', { nullable: true }),
    longestWaitSeconds: t.exposeInt('longestWaitSeconds', {
      nullable: true,
      description: 'How long the queue’s longest-waiting contact has waited.',
    }),
    unknown: t.field({ type: [AvailabilityUnknown], resolve: (a) => [...a.unknown] }),
    checkedAt: t.expose('checkedAt', { type: 'DateTime', description: 'When Connect was read.' }),
  }),
});

export const ChatQueueStatus = builder.objectRef<QueueStatusView>('ChatQueueStatus').implement({
  description: 'Where a waiting chat is in its queue (GetContactMetrics).',
  fields: (t) => ({
    position: t.exposeInt('position', { nullable: true, description: '1: next to be answered.' }),
    estimatedWaitSeconds: t.exposeInt('estimatedWaitSeconds', { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  chatAvailability: t.field({
    description:
      'Whether the calling tenant’s chat is open now, until when or from when, and how busy it is. Needs only x-api-key; never fails: what Connect could not tell is null, with a reason.',
    type: ChatAvailability,
    resolve: (_root, _args, ctx) => ctx.chat.availability(),
  }),
}));
