/**
 * The hours of operation and queues of each simulated instance: given at start, changed by tests
 * while running. An instance that describes none gets the demo's: hours open around the clock and
 * one queue with two agents online, one available. No HTTP, no contacts, no faults.
 */
import {
  dayOf,
  type HoursOverride,
  type OpenPeriod,
  parseTimeOfDay,
  type StoredHours,
  WEEKDAYS,
  type Weekday,
} from './effective-hours.js';

/** `"HH:MM"` from 00:00 to 23:59; an end may be `"24:00"` (midnight). */
export type TimeOfDay = string;

/** An opening: from `start` to `end`; an `end` at or before `start` ends on the next day. */
export interface SimulatedOpenPeriod {
  readonly start: TimeOfDay;
  readonly end: TimeOfDay;
}

/** A date's hours in place of the weekly ones: the periods it is open, or `'closed'` (all day, as `hours: []`). */
export type SimulatedHoursOverride =
  | 'closed'
  | {
      /** The override's name, as Connect reports it. @default "Special hours" ("Closed" when `hours` is empty) */
      readonly name?: string;
      readonly hours: readonly SimulatedOpenPeriod[];
    };

/** An hours of operation of an instance. */
export interface SimulatedHoursOfOperation {
  readonly hoursOfOperationId: string;
  /** @default the ID */
  readonly name?: string;
  readonly description?: string;
  /** An IANA time zone, e.g. `Europe/London`, `America/New_York`. */
  readonly timeZone: string;
  /** The weekly hours: a day may have several periods, a day without one is closed. */
  readonly config: readonly (SimulatedOpenPeriod & { readonly day: Weekday })[];
  /** By date (`YYYY-MM-DD`): what replaces that date's weekly hours. @default none */
  readonly overrides?: Readonly<Record<string, SimulatedHoursOverride>>;
}

/** A queue of an instance; what a queue does not say is the demo queue's. */
export interface SimulatedQueue {
  readonly queueId: string;
  /** @default the ID ("BasicQueue" for the demo queue) */
  readonly name?: string;
  readonly description?: string;
  /** One of the instance's hours of operation. @default the instance's first */
  readonly hoursOfOperationId?: string;
  /** AGENTS_ONLINE. @default 2 */
  readonly agentsOnline?: number;
  /** AGENTS_AVAILABLE, at most `agentsOnline`. @default 1 */
  readonly agentsAvailable?: number;
  /** The average handle time the estimated waits are made of, in seconds. @default 300 */
  readonly averageHandleTimeSeconds?: number;
  /** @default ENABLED */
  readonly status?: 'ENABLED' | 'DISABLED';
  readonly maxContacts?: number;
}

/** What {@link AvailabilityStore.learn} reads of an instance (the rest of `SimulatedInstance` is the contact store's). */
export interface InstanceResources {
  readonly instanceId: string;
  /** The queue new chats are placed in. @default the first of `queues` */
  readonly defaultQueueId?: string;
  /** @default the demo hours, when the instance is first learned without any */
  readonly hoursOfOperations?: readonly SimulatedHoursOfOperation[];
  /** @default the demo queue, when the instance is first learned without any */
  readonly queues?: readonly SimulatedQueue[];
}

/** A queue as the simulator holds it: every setting resolved. */
export interface StoredQueue {
  readonly QueueId: string;
  readonly Name: string;
  readonly Description?: string;
  readonly HoursOfOperationId: string;
  readonly Status: 'ENABLED' | 'DISABLED';
  readonly MaxContacts?: number;
  readonly agentsOnline: number;
  readonly agentsAvailable: number;
  readonly averageHandleTimeSeconds: number;
  /** Epoch ms, from the simulator's clock. */
  readonly lastModifiedAt: number;
}

/** The ID of the hours of operation an instance gets when it describes none. */
export const DEMO_HOURS_OF_OPERATION_ID = 'bb816c36-3783-4315-82ea-056d2b9021ac';
/** The ID of the queue an instance gets when it describes none. */
export const DEMO_QUEUE_ID = '34aa54c9-8e77-4ea7-9e68-7c5462305953';

/** The demo's hours: open every day around the clock (00:00 to midnight), London time. */
export const DEMO_HOURS_OF_OPERATION: SimulatedHoursOfOperation = {
  hoursOfOperationId: DEMO_HOURS_OF_OPERATION_ID,
  name: 'Always open (simulator)',
  timeZone: 'Europe/London',
  config: WEEKDAYS.map((day) => ({ day, start: '00:00', end: '24:00' })),
};

const QUEUE_DEFAULTS = {
  agentsOnline: 2,
  agentsAvailable: 1,
  averageHandleTimeSeconds: 300,
  status: 'ENABLED',
} as const;

/** The demo's queue: Connect's default queue name, the demo hours, 2 agents online and 1 available. */
export const DEMO_QUEUE: SimulatedQueue = { queueId: DEMO_QUEUE_ID, name: 'BasicQueue', ...QUEUE_DEFAULTS };

/** The model's CommonNameLength127 and CommonHumanReadableName (override names). */
const NAME_MAX = 127;
const HUMAN_READABLE = /^[\P{C}\r\n\t]{1,127}$/u;
/** The model's HoursOfOperationConfigList max. */
const CONFIG_MAX = 100;

/** The hours and queues of the simulated instances; see {@link createAvailabilityStore}. */
export type AvailabilityStore = ReturnType<typeof createAvailabilityStore>;

interface Resources {
  readonly hours: Map<string, StoredHours>;
  readonly queues: Map<string, StoredQueue>;
  defaultQueueId: string;
}

const firstHoursOf = (resources: Resources) => resources.hours.keys().next().value as string;

/** Creates the store; `learn` the instances before use. Every change is checked and throws a RangeError naming what is wrong. */
export function createAvailabilityStore(clock: () => number) {
  const instances = new Map<string, Resources>();

  const resourcesOf = (instanceId: string) => {
    const found = instances.get(instanceId);
    if (!found) throw new RangeError(`The simulator knows no instance ${instanceId}`);
    return found;
  };

  function setHours(resources: Resources, hours: SimulatedHoursOfOperation) {
    const stored = storedHours(hours, clock());
    resources.hours.set(stored.HoursOfOperationId, stored);
  }

  /** Sets a queue; `merge`: what `queue` does not say is kept from the queue of its ID, if there is one. */
  function setQueue(instanceId: string, resources: Resources, queue: SimulatedQueue, merge = false) {
    const before = merge ? resources.queues.get(queue.queueId) : undefined;
    const stored = storedQueue(
      before ? queue : { hoursOfOperationId: firstHoursOf(resources), ...queue },
      before,
      clock(),
    );
    if (!resources.hours.has(stored.HoursOfOperationId)) {
      throw new RangeError(`Queue ${queue.queueId}: instance ${instanceId} has no hours ${stored.HoursOfOperationId}`);
    }
    resources.queues.set(stored.QueueId, stored);
  }

  return {
    /**
     * Learns instances: given hours and queues are added (or replace those of the same ID); an
     * instance seen for the first time without hours or queues gets the demo's; a given
     * `defaultQueueId` becomes the queue of new chats (a queue with the demo's settings if the
     * instance does not describe it).
     */
    learn(more: readonly InstanceResources[]) {
      for (const instance of more) {
        let resources = instances.get(instance.instanceId);
        const isNew = !resources;
        resources ??= { hours: new Map(), queues: new Map(), defaultQueueId: '' };
        const hours = instance.hoursOfOperations ?? [];
        for (const h of isNew && hours.length === 0 ? [DEMO_HOURS_OF_OPERATION] : hours) setHours(resources, h);
        const queues = instance.queues ?? [];
        if (isNew && queues.length === 0 && instance.defaultQueueId === undefined) {
          setQueue(instance.instanceId, resources, DEMO_QUEUE);
        }
        for (const q of queues) setQueue(instance.instanceId, resources, q);
        const defaultQueueId = instance.defaultQueueId;
        if (defaultQueueId !== undefined && !resources.queues.has(defaultQueueId)) {
          setQueue(instance.instanceId, resources, { queueId: defaultQueueId });
        }
        resources.defaultQueueId =
          defaultQueueId ?? (resources.defaultQueueId || resources.queues.keys().next().value!);
        instances.set(instance.instanceId, resources);
      }
    },
    has: (instanceId: string) => instances.has(instanceId),
    hours: (instanceId: string, hoursOfOperationId: string) => instances.get(instanceId)?.hours.get(hoursOfOperationId),
    queue: (instanceId: string, queueId: string) => instances.get(instanceId)?.queues.get(queueId),
    /**
     * The settings contacts in `queueId` wait with: the queue's, or the demo queue's for a queue the
     * instance does not describe (a test moved a contact there with advanceContact).
     */
    settingsOf(instanceId: string, queueId: string): StoredQueue {
      const resources = resourcesOf(instanceId);
      return (
        resources.queues.get(queueId) ??
        storedQueue(
          { ...DEMO_QUEUE, queueId, name: queueId, hoursOfOperationId: firstHoursOf(resources) },
          undefined,
          0,
        )
      );
    },
    /** The queue new chats of the instance are placed in. */
    defaultQueueId: (instanceId: string) => instances.get(instanceId)?.defaultQueueId,
    /** Adds the hours of operation, or replaces the one with its ID (overrides included). */
    setHoursOfOperation(instanceId: string, hours: SimulatedHoursOfOperation) {
      setHours(resourcesOf(instanceId), hours);
    },
    /** Sets what replaces the hours on `date` (`YYYY-MM-DD`); `undefined` removes the override. */
    setHoursOverride(
      instanceId: string,
      hoursOfOperationId: string,
      date: string,
      override: SimulatedHoursOverride | undefined,
    ) {
      const hours = resourcesOf(instanceId).hours.get(hoursOfOperationId);
      if (!hours) throw new RangeError(`Instance ${instanceId} has no hours ${hoursOfOperationId}`);
      if (override === undefined) {
        if (dayOf(date) === undefined) throw new RangeError(`Override date ${date} is not a YYYY-MM-DD date`);
        hours.overrides.delete(date);
      } else {
        hours.overrides.set(date, storedOverride(hoursOfOperationId, date, override));
      }
      hours.lastModifiedAt = clock();
    },
    /**
     * Adds the queue, or changes the settings given of the one with its ID (the others are kept).
     * A new queue's hours default to the instance's first.
     */
    setQueue(instanceId: string, queue: SimulatedQueue) {
      setQueue(instanceId, resourcesOf(instanceId), queue, true);
    },
  };
}

function storedHours(hours: SimulatedHoursOfOperation, now: number): StoredHours {
  const id = hours.hoursOfOperationId;
  const what = `Hours ${id}`;
  if (typeof id !== 'string' || id.length === 0)
    throw new RangeError('An hours of operation needs an hoursOfOperationId');
  const name = hours.name ?? id;
  checkName(what, name);
  if (hours.description !== undefined && (hours.description.length < 1 || hours.description.length > 250)) {
    throw new RangeError(`${what}: description must be 1 to 250 characters`);
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: hours.timeZone });
  } catch {
    throw new RangeError(`${what}: ${JSON.stringify(hours.timeZone)} is not an IANA time zone`);
  }
  if (!Array.isArray(hours.config) || hours.config.length > CONFIG_MAX) {
    throw new RangeError(`${what}: config must be a list of at most ${CONFIG_MAX} periods`);
  }
  const Config = hours.config.map((c) => {
    if (!WEEKDAYS.includes(c.day))
      throw new RangeError(`${what}: ${JSON.stringify(c.day)} is not one of ${WEEKDAYS.join(', ')}`);
    const { Start, End } = period(what, c);
    return { Day: c.day, StartTime: Start, EndTime: End };
  });
  const overrides = new Map<string, HoursOverride>();
  for (const [date, override] of Object.entries(hours.overrides ?? {})) {
    overrides.set(date, storedOverride(id, date, override));
  }
  return {
    HoursOfOperationId: id,
    Name: name,
    ...(hours.description !== undefined ? { Description: hours.description } : {}),
    TimeZone: hours.timeZone,
    Config,
    overrides,
    lastModifiedAt: now,
  };
}

function storedOverride(hoursId: string, date: string, override: SimulatedHoursOverride): HoursOverride {
  const what = `Hours ${hoursId}, override ${date}`;
  if (dayOf(date) === undefined) throw new RangeError(`${what}: the date is not a YYYY-MM-DD date`);
  const periods = override === 'closed' ? [] : override.hours.map((p) => period(what, p));
  const name =
    (override === 'closed' ? undefined : override.name) ?? (periods.length === 0 ? 'Closed' : 'Special hours');
  if (!HUMAN_READABLE.test(name)) throw new RangeError(`${what}: the name must be 1 to 127 printable characters`);
  return { name, periods };
}

function period(what: string, p: SimulatedOpenPeriod): OpenPeriod {
  const Start = parseTimeOfDay(p.start);
  const End = parseTimeOfDay(p.end, true);
  if (!Start || !End) {
    throw new RangeError(`${what}: ${JSON.stringify(p)} needs start and end as "HH:MM" (an end may be "24:00")`);
  }
  return { Start, End };
}

function storedQueue(queue: SimulatedQueue, before: StoredQueue | undefined, now: number): StoredQueue {
  const what = `Queue ${queue.queueId}`;
  if (typeof queue.queueId !== 'string' || queue.queueId.length === 0) throw new RangeError('A queue needs a queueId');
  const was = before ?? { ...QUEUE_DEFAULTS, Status: QUEUE_DEFAULTS.status };
  const agentsOnline = queue.agentsOnline ?? was.agentsOnline;
  const agentsAvailable = queue.agentsAvailable ?? was.agentsAvailable;
  const averageHandleTimeSeconds = queue.averageHandleTimeSeconds ?? was.averageHandleTimeSeconds;
  for (const [key, value] of Object.entries({ agentsOnline, agentsAvailable })) {
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`${what}: ${key} must be a whole number, got ${value}`);
  }
  if (agentsAvailable > agentsOnline) {
    throw new RangeError(`${what}: agentsAvailable (${agentsAvailable}) exceeds agentsOnline (${agentsOnline})`);
  }
  if (!Number.isFinite(averageHandleTimeSeconds) || averageHandleTimeSeconds < 0) {
    throw new RangeError(`${what}: averageHandleTimeSeconds must be 0 or more, got ${averageHandleTimeSeconds}`);
  }
  const status = queue.status ?? was.Status;
  if (status !== 'ENABLED' && status !== 'DISABLED')
    throw new RangeError(`${what}: status must be ENABLED or DISABLED`);
  const name = queue.name ?? before?.Name ?? queue.queueId;
  checkName(what, name);
  const maxContacts = queue.maxContacts ?? before?.MaxContacts;
  if (maxContacts !== undefined && (!Number.isInteger(maxContacts) || maxContacts < 0)) {
    throw new RangeError(`${what}: maxContacts must be a whole number`);
  }
  const description = queue.description ?? before?.Description;
  if (description !== undefined && (description.length < 1 || description.length > 250)) {
    throw new RangeError(`${what}: description must be 1 to 250 characters`);
  }
  return {
    QueueId: queue.queueId,
    Name: name,
    ...(description !== undefined ? { Description: description } : {}),
    HoursOfOperationId: queue.hoursOfOperationId ?? before!.HoursOfOperationId,
    Status: status,
    ...(maxContacts !== undefined ? { MaxContacts: maxContacts } : {}),
    agentsOnline,
    agentsAvailable,
    averageHandleTimeSeconds,
    lastModifiedAt: now,
  };
}

function checkName(what: string, name: string) {
  if (typeof name !== 'string' || name.length < 1 || name.length > NAME_MAX) {
    throw new RangeError(`${what}: the name must be 1 to ${NAME_MAX} characters`);
  }
}
