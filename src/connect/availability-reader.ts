import {
  DescribeHoursOfOperationCommand,
  GetContactMetricsCommand,
  GetCurrentMetricDataCommand,
  GetEffectiveHoursOfOperationsCommand,
  type HoursOfOperationConfig,
} from '@aws-sdk/client-connect';
import type { QueueMetrics } from '../chat/availability-view.js';
import { type EffectiveHours, expandWeekly, WEEKDAYS, type Weekday } from '../chat/opening-hours.js';
import type { AvailabilityReader } from '../chat/ports.js';
import { type ConnectCallRunnerOptions, createConnectCallRunner } from './call-runner.js';
import type { ConnectClientPool } from './client-pool.js';
import { isSdkError } from './sdk-error.js';

/** Options of {@link createAvailabilityReader}. */
export interface AvailabilityReaderOptions extends ConnectCallRunnerOptions {
  /** The same pool as the chat starter: same clients, credentials and retry strategy. */
  readonly pool: ConnectClientPool;
}

/**
 * Refusals of GetEffectiveHoursOfOperations that DescribeHoursOfOperation may not share: an older
 * IAM policy without the newer action, or a region or endpoint without the newer operation.
 */
const FALL_BACK = new Set(['AccessDeniedException', 'InvalidRequestException', 'UnknownOperationException']);

const slice = (t: { Hours?: number | undefined; Minutes?: number | undefined } | undefined) => ({
  hours: t?.Hours ?? 0,
  minutes: t?.Minutes ?? 0,
});

/** The Connect adapter for the hours of operation, a queue's current metrics and a contact's place in its queue. */
export function createAvailabilityReader(options: AvailabilityReaderOptions): AvailabilityReader {
  const runner = createConnectCallRunner(options);

  const weekly = (
    target: Parameters<AvailabilityReader['hours']>[0],
    hoursId: string,
    call: Parameters<AvailabilityReader['hours']>[3],
  ) =>
    runner.run({
      operation: 'DescribeHoursOfOperation',
      target,
      call,
      command: () =>
        new DescribeHoursOfOperationCommand({ InstanceId: target.instanceId, HoursOfOperationId: hoursId }),
      send: (command) => options.pool.clientFor(target).send(command),
      read: (output) => {
        const hours = output.HoursOfOperation;
        if (!hours?.TimeZone) throw new Error('DescribeHoursOfOperation answered without a time zone');
        return {
          timeZone: hours.TimeZone,
          config: (hours.Config ?? [])
            .filter((c): c is HoursOfOperationConfig & { Day: Weekday } => WEEKDAYS.includes(c.Day as Weekday))
            .map((c) => ({ day: c.Day, start: slice(c.StartTime), end: slice(c.EndTime) })),
        };
      },
    });

  return {
    async hours(target, hoursId, range, call) {
      const effective: EffectiveHours | undefined = await runner.run({
        operation: 'GetEffectiveHoursOfOperations',
        target,
        call,
        command: () =>
          new GetEffectiveHoursOfOperationsCommand({
            InstanceId: target.instanceId,
            HoursOfOperationId: hoursId,
            FromDate: range.from,
            ToDate: range.to,
          }),
        send: (command) => options.pool.clientFor(target).send(command),
        read: (output) => {
          if (!output.TimeZone) throw new Error('GetEffectiveHoursOfOperations answered without a time zone');
          return {
            timeZone: output.TimeZone,
            days: (output.EffectiveHoursOfOperationList ?? []).flatMap((day) =>
              day.Date
                ? [
                    {
                      date: day.Date,
                      periods: (day.OperationalHours ?? []).map((h) => ({ start: slice(h.Start), end: slice(h.End) })),
                    },
                  ]
                : [],
            ),
          };
        },
        answer: (error) =>
          isSdkError(error) && FALL_BACK.has(error.name) ? { outcome: 'fallback', value: undefined } : undefined,
      });
      if (effective) return effective;
      // Without overrides: the weekly schedule, expanded to the same dates.
      return expandWeekly(await weekly(target, hoursId, call), range.from, range.to);
    },

    queueMetrics: (target, queueId, call) =>
      runner.run({
        operation: 'GetCurrentMetricData',
        target,
        call,
        command: () =>
          new GetCurrentMetricDataCommand({
            InstanceId: target.instanceId,
            Filters: { Queues: [queueId], Channels: ['CHAT'] },
            CurrentMetrics: [
              { Name: 'AGENTS_ONLINE', Unit: 'COUNT' },
              { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
              { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
              { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
            ],
          }),
        send: (command) => options.pool.clientFor(target).send(command),
        read: (output) => {
          const metrics: Record<string, number> = {};
          for (const result of output.MetricResults ?? []) {
            for (const { Metric, Value } of result.Collections ?? []) {
              // One queue and one channel: a value per metric (summed if Connect ever splits them).
              if (Metric?.Name && typeof Value === 'number') metrics[Metric.Name] = (metrics[Metric.Name] ?? 0) + Value;
            }
          }
          const of = (name: string) => (metrics[name] === undefined ? {} : { [name]: Math.round(metrics[name]) });
          const named = {
            ...of('AGENTS_ONLINE'),
            ...of('AGENTS_AVAILABLE'),
            ...of('CONTACTS_IN_QUEUE'),
            ...of('OLDEST_CONTACT_AGE'),
          };
          return {
            ...(named.AGENTS_ONLINE !== undefined ? { agentsOnline: named.AGENTS_ONLINE } : {}),
            ...(named.AGENTS_AVAILABLE !== undefined ? { agentsAvailable: named.AGENTS_AVAILABLE } : {}),
            ...(named.CONTACTS_IN_QUEUE !== undefined ? { contactsInQueue: named.CONTACTS_IN_QUEUE } : {}),
            ...(named.OLDEST_CONTACT_AGE !== undefined ? { oldestContactAgeSeconds: named.OLDEST_CONTACT_AGE } : {}),
          } satisfies QueueMetrics;
        },
      }),

    contactPosition: (target, contactId, call) =>
      runner.run({
        operation: 'GetContactMetrics',
        target,
        call,
        command: () =>
          new GetContactMetricsCommand({
            InstanceId: target.instanceId,
            ContactId: contactId,
            Metrics: [{ Name: 'POSITION_IN_QUEUE' }, { Name: 'ESTIMATED_WAIT_TIME' }],
          }),
        send: (command) => options.pool.clientFor(target).send(command),
        read: (output) => {
          const value = (name: string) => output.MetricResults?.find((r) => r.Name === name)?.Value?.Number;
          const position = value('POSITION_IN_QUEUE');
          const wait = value('ESTIMATED_WAIT_TIME');
          return {
            ...(position !== undefined ? { position: Math.round(position) } : {}),
            ...(wait !== undefined ? { estimatedWaitSeconds: Math.round(wait) } : {}),
          };
        },
      }),
  };
}
