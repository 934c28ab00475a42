/**
 * The availability and queue-status operations, once the caller is authenticated: the model's
 * shapes, the documented rules, injected service faults and what exists, in Connect's order, then
 * the answer from the instance's hours and queues and the contacts queued in them.
 */
import type { Caller } from './auth.js';
import { AVAILABILITY_SHAPES, type AvailabilityOperation } from './availability-model.js';
import type { AvailabilityStore, StoredQueue } from './availability-store.js';
import { accountOf, type ContactStore } from './contact-store.js';
import {
  type CurrentMetricDataRequest,
  checkCurrentMetricRules,
  currentMetricData,
  estimatedWaitSeconds,
} from './current-metrics.js';
import { datesInRange, dayOf, effectiveHours } from './effective-hours.js';
import type { FaultQueue } from './faults.js';
import { validateShape } from './model.js';
import { epochSeconds } from './rest-json.js';

/** An operation's result: the error type and message Connect would answer, or the response body. */
export type AvailabilityOutcome = { error: string; message: string } | { output: Record<string, unknown> };

/**
 * Connect documents no longest range for GetEffectiveHoursOfOperations; the simulator answers at
 * most this many dates, so one request cannot make it build millions.
 */
export const MAX_EFFECTIVE_DATES = 366;

const INTERNAL_ERROR = 'Request processing failed because of an error or failure with the service.';
const NOT_FOUND = 'The specified resource was not found.';
/** The optional ARN prefix of the model's InstanceIdOrArn. */
const INSTANCE_ARN_PREFIX = /^arn:(aws|aws-us-gov):connect:[a-z]{2}-[a-z]+-[0-9]:[0-9]{1,20}:instance\//;
const QUEUE_ARN = /^arn:[^:]+:connect:[^:]*:[^:]*:instance\/([^/]+)\/queue\/(.+)$/;

const refuse = (error: string, message: string): AvailabilityOutcome => ({ error, message });

/** What the operations read: the contacts, the hours and queues, the faults and the clock. */
export interface AvailabilityDeps {
  readonly store: ContactStore;
  readonly resources: AvailabilityStore;
  readonly faults: FaultQueue;
  readonly clock: () => number;
  /** Runs before a contact is read (the chats end one whose chat duration is over). */
  readonly beforeRead?: (contactId: string) => void;
}

/** The five operations over `deps`; `input` holds the request's members, labels and query included. */
export function createAvailabilityOperations(deps: AvailabilityDeps) {
  const { store, resources, faults, clock, beforeRead = () => {} } = deps;
  const arnOf = (caller: Caller, instanceId: string, path: string) =>
    `arn:aws:connect:${caller.region}:${accountOf(caller)}:instance/${instanceId}/${path}`;

  /** The contacts QUEUED in a queue, first in line first, once expired chats have ended. */
  const queuedIn = (instanceId: string, queueId: string) => {
    for (const contact of store.queued(instanceId, queueId)) beforeRead(contact.ContactId);
    return store.queued(instanceId, queueId);
  };

  const lastModified = (caller: Caller, at: number) => ({
    LastModifiedTime: epochSeconds(at),
    LastModifiedRegion: caller.region,
  });

  const answer: Record<AvailabilityOperation, (input: Record<string, unknown>, caller: Caller) => AvailabilityOutcome> =
    {
      GetEffectiveHoursOfOperations(input) {
        const fromDay = dayOf(input.FromDate as string);
        const toDay = dayOf(input.ToDate as string);
        if (fromDay === undefined || toDay === undefined) {
          return refuse('InvalidParameterException', 'FromDate and ToDate must be calendar dates (YYYY-MM-DD).');
        }
        if (fromDay > toDay) return refuse('InvalidParameterException', 'FromDate must not be after ToDate.');
        if (datesInRange(fromDay, toDay) > MAX_EFFECTIVE_DATES) {
          return refuse('InvalidParameterException', `The simulator answers at most ${MAX_EFFECTIVE_DATES} dates.`);
        }
        return found('GetEffectiveHoursOfOperations', input, () => {
          const hours = resources.hours(input.InstanceId as string, input.HoursOfOperationId as string);
          return hours && { output: effectiveHours(hours, fromDay, toDay) };
        });
      },
      DescribeHoursOfOperation(input, caller) {
        return found('DescribeHoursOfOperation', input, () => {
          const instanceId = input.InstanceId as string;
          const hours = resources.hours(instanceId, input.HoursOfOperationId as string);
          if (!hours) return undefined;
          const { HoursOfOperationId, Name, Description, TimeZone, Config } = hours;
          return {
            output: {
              HoursOfOperation: {
                HoursOfOperationId,
                HoursOfOperationArn: arnOf(caller, instanceId, `operating-hours/${HoursOfOperationId}`),
                Name,
                ...(Description !== undefined ? { Description } : {}),
                TimeZone,
                Config: Config.map((c) => ({ ...c })),
                ...lastModified(caller, hours.lastModifiedAt),
              },
            },
          };
        });
      },
      DescribeQueue(input, caller) {
        return found('DescribeQueue', input, () => {
          const instanceId = input.InstanceId as string;
          const queue = resources.queue(instanceId, input.QueueId as string);
          if (!queue) return undefined;
          const { QueueId, Name, Description, HoursOfOperationId, Status, MaxContacts } = queue;
          return {
            output: {
              Queue: {
                Name,
                QueueArn: arnOf(caller, instanceId, `queue/${QueueId}`),
                QueueId,
                ...(Description !== undefined ? { Description } : {}),
                HoursOfOperationId,
                ...(MaxContacts !== undefined ? { MaxContacts } : {}),
                Status,
                ...lastModified(caller, queue.lastModifiedAt),
              },
            },
          };
        });
      },
      GetCurrentMetricData(input, caller) {
        const request = input as unknown as CurrentMetricDataRequest;
        const rule = checkCurrentMetricRules(request);
        if (rule) return refuse('InvalidParameterException', rule);
        return found('GetCurrentMetricData', input, () => {
          const instanceId = input.InstanceId as string;
          const ids = (request.Filters.Queues ?? []).map((q) => {
            const arn = QUEUE_ARN.exec(q);
            return arn ? (arn[1] === instanceId ? arn[2]! : undefined) : q;
          });
          const queues = [...new Set(ids)]
            .map((id) => (id === undefined ? undefined : resources.queue(instanceId, id)))
            .filter((q): q is StoredQueue => q !== undefined)
            .map((queue) => ({
              queue,
              arn: arnOf(caller, instanceId, `queue/${queue.QueueId}`),
              enqueuedAt: queuedIn(instanceId, queue.QueueId).map((c) => c.enqueuedAt),
            }));
          return { output: currentMetricData(request, queues, clock()) };
        });
      },
      GetContactMetrics(input) {
        const instanceId = (input.InstanceId as string).replace(INSTANCE_ARN_PREFIX, '');
        const contactId = (input.ContactId as string).replace(INSTANCE_ARN_PREFIX, '');
        return found('GetContactMetrics', { ...input, InstanceId: instanceId }, () => {
          beforeRead(contactId);
          const contact = store.find(instanceId, contactId);
          if (!contact) return undefined;
          const metrics = input.Metrics as { Name: string }[];
          const identity = { Id: contact.ContactId, Arn: contact.arn };
          // "Metrics are only available while the contact is actively in queue."
          if (contact.state !== 'QUEUED') return { output: { MetricResults: [], ...identity } };
          const position = queuedIn(instanceId, contact.queueId).indexOf(contact) + 1;
          const queue = resources.settingsOf(instanceId, contact.queueId);
          const value = (name: string) =>
            name === 'POSITION_IN_QUEUE' ? position : estimatedWaitSeconds(position, queue);
          return {
            output: {
              MetricResults: metrics.map(({ Name }) => ({ Name, Value: { Number: value(Name) } })),
              ...identity,
            },
          };
        });
      },
    };

  /**
   * The service faults, then the instance, then what `read` finds in it (undefined: not found).
   * Faults come after validation and before what exists, as for DescribeContact.
   */
  function found(
    operation: AvailabilityOperation,
    input: Record<string, unknown>,
    read: () => AvailabilityOutcome | undefined,
  ): AvailabilityOutcome {
    const fault = faults.take(['throttle', 'serverError'], operation);
    if (fault?.kind === 'throttle') return refuse('ThrottlingException', 'Rate exceeded.');
    if (fault?.kind === 'serverError') return refuse('InternalServiceException', INTERNAL_ERROR);
    if (!resources.has(input.InstanceId as string)) return refuse('ResourceNotFoundException', NOT_FOUND);
    return read() ?? refuse('ResourceNotFoundException', NOT_FOUND);
  }

  return {
    /** Answers `operation` for `input`, as Connect would. */
    handle(operation: AvailabilityOperation, input: Record<string, unknown>, caller: Caller): AvailabilityOutcome {
      const problems = validateShape(AVAILABILITY_SHAPES, `${operation}Request`, input);
      if (problems.length > 0) {
        return refuse(
          'InvalidParameterException',
          `${problems.length} validation error(s) detected: ${problems.join('; ')}`,
        );
      }
      return answer[operation](input, caller);
    },
  };
}
