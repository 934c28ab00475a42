import { randomUUID } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  ConnectClient,
  DescribeContactCommand,
  DescribeHoursOfOperationCommand,
  DescribeQueueCommand,
  GetContactMetricsCommand,
  type GetContactMetricsCommandInput,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandInput,
  GetEffectiveHoursOfOperationsCommand,
  StartChatContactCommand,
} from '@aws-sdk/client-connect';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AVAILABILITY_OPERATIONS, AVAILABILITY_SHAPES } from '../src/simulator/availability-model.js';
import {
  createSimulator,
  DEMO_HOURS_OF_OPERATION_ID,
  DEMO_QUEUE_ID,
  SIMULATOR_CREDENTIALS,
  type SimulatedInstance,
  type Simulator,
} from '../src/simulator/index.js';
import { MODEL_PATH, type ModelShape, modelAvailable, modelShapes } from './helpers/model.js';

/** GetContactMetrics takes instance and contact IDs that are UUIDs (the model's InstanceIdOrArn). */
const INSTANCE = '0f6d5c4b-3a29-4817-9e6d-5c4b3a291807';
const ARN_PREFIX = `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE}`;
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const;

const instance: SimulatedInstance = {
  instanceId: INSTANCE,
  contactFlowIds: ['f-1'],
  hoursOfOperations: [
    {
      hoursOfOperationId: 'hours-uk',
      name: 'UK support',
      timeZone: 'Europe/London',
      config: [
        ...WEEKDAYS.map((day) => ({ day, start: '09:00', end: '17:00' })),
        { day: 'SATURDAY', start: '10:00', end: '14:00' },
      ],
      overrides: {
        '2026-12-24': { name: 'Christmas Eve', hours: [{ start: '09:00', end: '13:00' }] },
        '2026-12-25': 'closed',
      },
    },
    {
      hoursOfOperationId: 'hours-ny',
      name: 'New York',
      timeZone: 'America/New_York',
      config: [{ day: 'SUNDAY', start: '20:00', end: '24:00' }],
    },
  ],
  queues: [
    { queueId: 'q-chat', name: 'Chat', agentsOnline: 3, agentsAvailable: 2, averageHandleTimeSeconds: 120 },
    { queueId: 'q-ny', hoursOfOperationId: 'hours-ny', agentsOnline: 0, agentsAvailable: 0 },
  ],
};

const metricsOf = (...names: [string, string][]) => names.map(([Name, Unit]) => ({ Name, Unit }));
const chatQueueRequest = (more: Partial<GetCurrentMetricDataCommandInput> = {}): GetCurrentMetricDataCommandInput => ({
  InstanceId: INSTANCE,
  Filters: { Queues: ['q-chat'], Channels: ['CHAT'] },
  Groupings: ['QUEUE'],
  CurrentMetrics: metricsOf(
    ['AGENTS_ONLINE', 'COUNT'],
    ['AGENTS_AVAILABLE', 'COUNT'],
    ['CONTACTS_IN_QUEUE', 'COUNT'],
    ['OLDEST_CONTACT_AGE', 'SECONDS'],
  ) as GetCurrentMetricDataCommandInput['CurrentMetrics'],
  ...more,
});

describe('availability and queue status in the simulator', () => {
  let simulator: Simulator;
  /** The simulator's clock: still, moved by the tests (within SigV4's five minutes of skew). */
  let now: number;
  const client = (credentials: AwsCredentialIdentity = SIMULATOR_CREDENTIALS) =>
    new ConnectClient({
      region: 'us-east-1',
      endpoint: simulator.url,
      credentials,
      retryStrategy: new ConfiguredRetryStrategy(1, 0),
    });
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (e: { name: string; $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode}`,
    );
  const startChat = async () =>
    (
      await client().send(
        new StartChatContactCommand({
          InstanceId: INSTANCE,
          ContactFlowId: 'f-1',
          ParticipantDetails: { DisplayName: 'Ada' },
        }),
      )
    ).ContactId!;
  const currentMetrics = async (more: Partial<GetCurrentMetricDataCommandInput> = {}) =>
    (await client().send(new GetCurrentMetricDataCommand(chatQueueRequest(more)))).MetricResults ?? [];
  const valuesOf = (result: { Collections?: { Metric?: { Name?: string }; Value?: number }[] } | undefined) =>
    Object.fromEntries((result?.Collections ?? []).map((c) => [c.Metric?.Name, c.Value]));
  const contactMetrics = async (ContactId: string) => {
    const input: GetContactMetricsCommandInput = {
      InstanceId: INSTANCE,
      ContactId,
      Metrics: [{ Name: 'POSITION_IN_QUEUE' }, { Name: 'ESTIMATED_WAIT_TIME' }],
    };
    const output = await client().send(new GetContactMetricsCommand(input));
    return Object.fromEntries((output.MetricResults ?? []).map((r) => [r.Name, r.Value?.Number]));
  };

  /** Sends a request signed by hand (or not), to see the raw JSON Connect's wire carries. */
  async function raw(method: 'GET' | 'POST', path: string, body?: unknown, options: { signed?: boolean } = {}) {
    const url = new URL(`${simulator.url}${path}`);
    const text = body === undefined ? '' : JSON.stringify(body);
    let headers: Record<string, string> = { host: url.host, 'content-type': 'application/json' };
    if (options.signed !== false) {
      const signer = new SignatureV4({
        credentials: SIMULATOR_CREDENTIALS,
        region: 'us-east-1',
        service: 'connect',
        sha256: Sha256,
      });
      const signed = await signer.sign({
        method,
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: text,
      });
      headers = signed.headers;
    }
    const response = await fetch(url, { method, headers, ...(method === 'POST' ? { body: text } : {}) });
    return {
      status: response.status,
      errorType: response.headers.get('x-amzn-errortype'),
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  beforeEach(async () => {
    now = Date.now();
    simulator = createSimulator({
      credentials: [SIMULATOR_CREDENTIALS],
      instances: [instance, { instanceId: 'demo-instance', contactFlowIds: ['f-demo'] }],
      clock: () => now,
      agent: { enabled: false },
    });
    await simulator.listen();
  });
  afterEach(() => simulator.close());

  describe.skipIf(!modelAvailable)(`answers in the model's output shapes (${MODEL_PATH})`, () => {
    /** Every member of `value` is one the model's `shapeName` has, of its type; required members are there. */
    function problems(value: unknown, shapeName: string, path = ''): string[] {
      const shape = modelShapes[shapeName] as ModelShape;
      const at = path || shapeName;
      switch (shape.type) {
        case 'structure': {
          if (typeof value !== 'object' || value === null) return [`${at}: not an object`];
          const object = value as Record<string, unknown>;
          return [
            ...(shape.required ?? []).filter((m) => object[m] === undefined).map((m) => `${at}.${m}: missing`),
            ...Object.entries(object).flatMap(([name, member]) => {
              const ref = shape.members?.[name];
              return ref ? problems(member, ref.shape, `${at}.${name}`) : [`${at}.${name}: not in the model`];
            }),
          ];
        }
        case 'list':
          return Array.isArray(value)
            ? value.flatMap((item, i) => problems(item, shape.member!.shape, `${at}[${i}]`))
            : [`${at}: not a list`];
        case 'string':
          if (typeof value !== 'string') return [`${at}: not a string`];
          if (shape.enum && !shape.enum.includes(value)) return [`${at}: ${value} not in the enum`];
          if (typeof shape.pattern === 'string' && !new RegExp(shape.pattern, 'u').test(value)) {
            return [`${at}: ${value} does not match ${shape.pattern}`];
          }
          return [];
        case 'integer':
          return Number.isInteger(value) &&
            (shape.min === undefined || (value as number) >= shape.min) &&
            (shape.max === undefined || (value as number) <= shape.max)
            ? []
            : [`${at}: ${value} not an integer in range`];
        case 'double':
        case 'long':
        case 'timestamp':
          return typeof value === 'number' ? [] : [`${at}: not a number`];
        default:
          return [`${at}: unexpected type ${shape.type}`];
      }
    }

    it('for each of the five operations', async () => {
      const contactId = await startChat();
      const answers = {
        GetEffectiveHoursOfOperationsResponse: await raw(
          'GET',
          `/effective-hours-of-operations/${INSTANCE}/hours-uk?fromDate=2026-12-21&toDate=2026-12-27`,
        ),
        DescribeHoursOfOperationResponse: await raw('GET', `/hours-of-operations/${INSTANCE}/hours-uk`),
        DescribeQueueResponse: await raw('GET', `/queues/${INSTANCE}/q-chat`),
        GetCurrentMetricDataResponse: await raw('POST', `/metrics/current/${INSTANCE}`, {
          ...chatQueueRequest({ Groupings: ['QUEUE', 'CHANNEL'] }),
          InstanceId: undefined,
        }),
        GetContactMetricsResponse: await raw('POST', '/metrics/contact', {
          InstanceId: INSTANCE,
          ContactId: contactId,
          Metrics: [{ Name: 'POSITION_IN_QUEUE' }, { Name: 'ESTIMATED_WAIT_TIME' }],
        }),
      };
      for (const [shape, answer] of Object.entries(answers)) {
        expect(answer.status, shape).toBe(200);
        expect(problems(answer.body, shape), shape).toEqual([]);
      }
    });

    it('transcribes routes, errors and request shapes equal to the official model', async () => {
      const { readFileSync } = await import('node:fs');
      const model = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as {
        operations: Record<
          string,
          { http: { method: string; requestUri: string }; input: { shape: string }; errors: { shape: string }[] }
        >;
      };
      const reachable = new Set<string>();
      const walk = (name: string) => {
        if (reachable.has(name)) return;
        reachable.add(name);
        const s = modelShapes[name]!;
        for (const ref of [...Object.values(s.members ?? {}), s.member, s.key, s.value]) if (ref) walk(ref.shape);
      };
      for (const [name, spec] of Object.entries(AVAILABILITY_OPERATIONS)) {
        const op = model.operations[name]!;
        expect({ method: spec.method, requestUri: spec.requestUri, input: spec.input }, name).toEqual({
          ...op.http,
          input: op.input.shape,
        });
        expect([...spec.errors].sort(), name).toEqual(op.errors.map((e) => e.shape).sort());
        walk(op.input.shape);
      }
      expect(Object.keys(AVAILABILITY_SHAPES).sort()).toEqual([...reachable].sort());
      for (const name of reachable) {
        const { documentation: _d, box: _b, ...shape } = modelShapes[name] as Record<string, unknown>;
        if (shape.members) {
          shape.members = Object.fromEntries(
            Object.entries(shape.members as Record<string, Record<string, unknown>>).map(([k, v]) => {
              const { documentation: _doc, box: _box, ...member } = v;
              return [k, member];
            }),
          );
        }
        expect(AVAILABILITY_SHAPES[name], name).toEqual(shape);
      }
    });
  });

  it('DescribeHoursOfOperation: the weekly config, the time zone and the ARN', async () => {
    const { HoursOfOperation } = await client().send(
      new DescribeHoursOfOperationCommand({ InstanceId: INSTANCE, HoursOfOperationId: 'hours-uk' }),
    );
    expect(HoursOfOperation).toEqual({
      HoursOfOperationId: 'hours-uk',
      HoursOfOperationArn: `${ARN_PREFIX}/operating-hours/hours-uk`,
      Name: 'UK support',
      TimeZone: 'Europe/London',
      Config: [
        ...WEEKDAYS.map((Day) => ({ Day, StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } })),
        { Day: 'SATURDAY', StartTime: { Hours: 10, Minutes: 0 }, EndTime: { Hours: 14, Minutes: 0 } },
      ],
      LastModifiedTime: new Date(now),
      LastModifiedRegion: 'us-east-1',
    });
    const ny = await client().send(
      new DescribeHoursOfOperationCommand({ InstanceId: INSTANCE, HoursOfOperationId: 'hours-ny' }),
    );
    // A period to "24:00" ends at midnight, which Connect writes 00:00.
    expect(ny.HoursOfOperation).toMatchObject({
      TimeZone: 'America/New_York',
      Config: [{ Day: 'SUNDAY', StartTime: { Hours: 20, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } }],
    });
  });

  it('GetEffectiveHoursOfOperations: each date its weekday’s hours, an override on its own date only', async () => {
    const effective = (FromDate: string, ToDate: string, HoursOfOperationId = 'hours-uk') =>
      client().send(
        new GetEffectiveHoursOfOperationsCommand({ InstanceId: INSTANCE, HoursOfOperationId, FromDate, ToDate }),
      );
    const hours = (start: number, end: number) => [
      { Start: { Hours: start, Minutes: 0 }, End: { Hours: end, Minutes: 0 } },
    ];
    const christmasWeek = await effective('2026-12-21', '2026-12-27');
    expect(christmasWeek.TimeZone).toBe('Europe/London');
    expect(christmasWeek.EffectiveHoursOfOperationList).toEqual([
      { Date: '2026-12-21', OperationalHours: hours(9, 17) },
      { Date: '2026-12-22', OperationalHours: hours(9, 17) },
      { Date: '2026-12-23', OperationalHours: hours(9, 17) },
      { Date: '2026-12-24', OperationalHours: hours(9, 13) }, // special hours
      { Date: '2026-12-25', OperationalHours: [] }, // closed
      { Date: '2026-12-26', OperationalHours: hours(10, 14) },
      { Date: '2026-12-27', OperationalHours: [] }, // no Sunday hours
    ]);
    expect(christmasWeek.EffectiveOverrideHoursList).toEqual([
      {
        Date: '2026-12-24',
        OverrideHours: [{ ...hours(9, 13)[0], OverrideName: 'Christmas Eve', OperationalStatus: 'OPEN' }],
      },
      {
        Date: '2026-12-25',
        OverrideHours: [
          {
            Start: { Hours: 0, Minutes: 0 },
            End: { Hours: 0, Minutes: 0 },
            OverrideName: 'Closed',
            OperationalStatus: 'CLOSED',
          },
        ],
      },
    ]);
    // The same weekdays a week later have their weekly hours again.
    const nextWeek = await effective('2026-12-31', '2027-01-01');
    expect(nextWeek.EffectiveHoursOfOperationList).toEqual([
      { Date: '2026-12-31', OperationalHours: hours(9, 17) },
      { Date: '2027-01-01', OperationalHours: hours(9, 17) },
    ]);
    expect(nextWeek.EffectiveOverrideHoursList).toEqual([]);

    // Overrides change while running; removing one restores the weekly hours.
    simulator.setHoursOverride(INSTANCE, 'hours-uk', '2026-12-31', 'closed');
    simulator.setHoursOverride(INSTANCE, 'hours-uk', '2026-12-24', undefined);
    expect((await effective('2026-12-24', '2026-12-24')).EffectiveHoursOfOperationList).toEqual([
      { Date: '2026-12-24', OperationalHours: hours(9, 17) },
    ]);
    expect((await effective('2026-12-31', '2026-12-31')).EffectiveHoursOfOperationList).toEqual([
      { Date: '2026-12-31', OperationalHours: [] },
    ]);
    const ny = await effective('2026-12-27', '2026-12-27', 'hours-ny');
    expect([ny.TimeZone, ny.EffectiveHoursOfOperationList]).toEqual([
      'America/New_York',
      [{ Date: '2026-12-27', OperationalHours: [{ Start: { Hours: 20, Minutes: 0 }, End: { Hours: 0, Minutes: 0 } }] }],
    ]);
  });

  it('DescribeQueue: the queue, its hours and its status', async () => {
    const { Queue } = await client().send(new DescribeQueueCommand({ InstanceId: INSTANCE, QueueId: 'q-chat' }));
    expect(Queue).toEqual({
      Name: 'Chat',
      QueueArn: `${ARN_PREFIX}/queue/q-chat`,
      QueueId: 'q-chat',
      HoursOfOperationId: 'hours-uk', // the instance's first hours, as none was named
      Status: 'ENABLED',
      LastModifiedTime: new Date(now),
      LastModifiedRegion: 'us-east-1',
    });
    const ny = await client().send(new DescribeQueueCommand({ InstanceId: INSTANCE, QueueId: 'q-ny' }));
    expect(ny.Queue?.HoursOfOperationId).toBe('hours-ny');
  });

  it('GetCurrentMetricData: agents from the queue, contacts in queue and the oldest’s age from the chats', async () => {
    const started = now;
    const contacts = [];
    for (let i = 0; i < 3; i++) {
      contacts.push(await startChat());
      now += 10_000;
    }
    now = started + 45_000;
    const [result, ...more] = await currentMetrics();
    expect(more).toEqual([]);
    expect(result?.Dimensions).toEqual({ Queue: { Id: 'q-chat', Arn: `${ARN_PREFIX}/queue/q-chat` } });
    expect(valuesOf(result)).toEqual({
      AGENTS_ONLINE: 3,
      AGENTS_AVAILABLE: 2,
      CONTACTS_IN_QUEUE: 3,
      OLDEST_CONTACT_AGE: 45,
    });
    expect(result?.Collections?.[3]?.Metric).toEqual({ Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' });

    simulator.agentJoins(contacts[0]!);
    expect(valuesOf((await currentMetrics())[0])).toMatchObject({ CONTACTS_IN_QUEUE: 2, OLDEST_CONTACT_AGE: 35 });
    // Without groupings Connect says SECONDS but answers milliseconds, as its documentation warns.
    const ungrouped = await client().send(new GetCurrentMetricDataCommand(chatQueueRequest({ Groupings: [] })));
    expect(ungrouped.MetricResults?.[0]?.Dimensions).toEqual({});
    expect(valuesOf(ungrouped.MetricResults?.[0])).toMatchObject({ CONTACTS_IN_QUEUE: 2, OLDEST_CONTACT_AGE: 35_000 });
    expect(ungrouped.DataSnapshotTime).toEqual(new Date(now));

    simulator.endChat(contacts[1]!);
    simulator.setQueue(INSTANCE, { queueId: 'q-chat', agentsOnline: 5, agentsAvailable: 0 });
    expect(valuesOf((await currentMetrics())[0])).toEqual({
      AGENTS_ONLINE: 5,
      AGENTS_AVAILABLE: 0,
      CONTACTS_IN_QUEUE: 1,
      OLDEST_CONTACT_AGE: 25,
    });
  });

  it('GetCurrentMetricData: by queue ARN, by channel, other channels empty, unknown queues without data', async () => {
    await startChat();
    const byArn = await currentMetrics({ Filters: { Queues: [`${ARN_PREFIX}/queue/q-chat`, 'q-ny'] } });
    expect(byArn.map((r) => [r.Dimensions?.Queue?.Id, valuesOf(r).CONTACTS_IN_QUEUE])).toEqual([
      ['q-chat', 1], // sorted by AGENTS_ONLINE, descending, by default
      ['q-ny', 0],
    ]);
    const byChannel = await currentMetrics({
      Filters: { Queues: ['q-chat'], Channels: ['VOICE', 'CHAT'] },
      Groupings: ['QUEUE', 'CHANNEL'],
    });
    expect(
      byChannel.map((r) => [r.Dimensions?.Channel, valuesOf(r).AGENTS_ONLINE, valuesOf(r).CONTACTS_IN_QUEUE]),
    ).toEqual([
      ['CHAT', 3, 1],
      ['VOICE', 0, 0],
    ]);
    const waits = await currentMetrics({
      Filters: { Queues: ['q-chat'], Channels: ['CHAT'] },
      Groupings: ['QUEUE', 'CHANNEL'],
      CurrentMetrics: [{ Name: 'ESTIMATED_WAIT_TIME', Unit: 'SECONDS' }],
    });
    // A new contact would be second: 2 × 120 s ÷ 2 agents available.
    expect(valuesOf(waits[0])).toEqual({ ESTIMATED_WAIT_TIME: 120 });
    expect(await currentMetrics({ Filters: { Queues: ['no-such-queue'] } })).toEqual([]);
  });

  it('GetContactMetrics: positions 1, 2, 3 by enqueue time, moving up as the queue drains; none once out of the queue', async () => {
    const contacts = [await startChat(), await startChat(), await startChat()];
    expect(simulator.queuedContacts(INSTANCE)).toEqual(contacts);
    // Estimated wait: position × 120 s average handle time ÷ 2 agents available.
    expect(await Promise.all(contacts.map(contactMetrics))).toEqual([
      { POSITION_IN_QUEUE: 1, ESTIMATED_WAIT_TIME: 60 },
      { POSITION_IN_QUEUE: 2, ESTIMATED_WAIT_TIME: 120 },
      { POSITION_IN_QUEUE: 3, ESTIMATED_WAIT_TIME: 180 },
    ]);
    simulator.agentJoins(contacts[0]!);
    expect(await Promise.all(contacts.map(contactMetrics))).toEqual([
      {},
      { POSITION_IN_QUEUE: 1, ESTIMATED_WAIT_TIME: 60 },
      { POSITION_IN_QUEUE: 2, ESTIMATED_WAIT_TIME: 120 },
    ]);
    simulator.agentJoins(contacts[1]!);
    expect(await contactMetrics(contacts[2]!)).toEqual({ POSITION_IN_QUEUE: 1, ESTIMATED_WAIT_TIME: 60 });
    // One agent left available: the wait doubles; the queue keeps its 120 s handle time.
    simulator.setQueue(INSTANCE, { queueId: 'q-chat', agentsAvailable: 1 });
    expect(await contactMetrics(contacts[2]!)).toEqual({ POSITION_IN_QUEUE: 1, ESTIMATED_WAIT_TIME: 120 });
    const answered = await client().send(
      new GetContactMetricsCommand({
        InstanceId: `${ARN_PREFIX}`,
        ContactId: contacts[0]!,
        Metrics: [{ Name: 'POSITION_IN_QUEUE' }],
      }),
    );
    expect(answered).toMatchObject({ Id: contacts[0], Arn: `${ARN_PREFIX}/contact/${contacts[0]}`, MetricResults: [] });
  });

  it('GetContactMetrics: a contact queued again goes to the back of its queue', async () => {
    const [first, second] = [await startChat(), await startChat()];
    simulator.advanceContact(first, 'QUEUED');
    expect(simulator.queuedContacts(INSTANCE)).toEqual([second, first]);
    expect((await contactMetrics(first)).POSITION_IN_QUEUE).toBe(2);
  });

  it.each([
    [
      'GetEffectiveHoursOfOperations without toDate',
      'GET',
      `/effective-hours-of-operations/${INSTANCE}/hours-uk?fromDate=2026-12-21`,
      undefined,
    ],
    [
      'a date not as YYYY-MM-DD',
      'GET',
      `/effective-hours-of-operations/${INSTANCE}/hours-uk?fromDate=2026-12-1&toDate=2026-12-27`,
      undefined,
    ],
    [
      'a date not in the calendar',
      'GET',
      `/effective-hours-of-operations/${INSTANCE}/hours-uk?fromDate=2026-02-30&toDate=2026-03-02`,
      undefined,
    ],
    [
      'fromDate after toDate',
      'GET',
      `/effective-hours-of-operations/${INSTANCE}/hours-uk?fromDate=2026-12-27&toDate=2026-12-21`,
      undefined,
    ],
    [
      'more than 366 dates',
      'GET',
      `/effective-hours-of-operations/${INSTANCE}/hours-uk?fromDate=2026-01-01&toDate=2027-01-02`,
      undefined,
    ],
    ['GetCurrentMetricData without Filters', 'POST', `/metrics/current/${INSTANCE}`, { CurrentMetrics: [] }],
    [
      'GetCurrentMetricData without CurrentMetrics',
      'POST',
      `/metrics/current/${INSTANCE}`,
      { Filters: { Queues: ['q-chat'] } },
    ],
    [
      'an empty queue filter (min 1)',
      'POST',
      `/metrics/current/${INSTANCE}`,
      { Filters: { Queues: [] }, CurrentMetrics: [] },
    ],
    [
      'a filter without queues',
      'POST',
      `/metrics/current/${INSTANCE}`,
      { Filters: { Channels: ['CHAT'] }, CurrentMetrics: [] },
    ],
    [
      'a channel not in the enum',
      'POST',
      `/metrics/current/${INSTANCE}`,
      { Filters: { Queues: ['q-chat'], Channels: ['SMS'] }, CurrentMetrics: [] },
    ],
    [
      'three groupings (max 2)',
      'POST',
      `/metrics/current/${INSTANCE}`,
      { Filters: { Queues: ['q-chat'] }, Groupings: ['QUEUE', 'CHANNEL', 'QUEUE'], CurrentMetrics: [] },
    ],
    [
      'a unit that is not the metric’s',
      'POST',
      `/metrics/current/${INSTANCE}`,
      { Filters: { Queues: ['q-chat'] }, CurrentMetrics: [{ Name: 'CONTACTS_IN_QUEUE', Unit: 'SECONDS' }] },
    ],
    [
      'a metric without its unit',
      'POST',
      `/metrics/current/${INSTANCE}`,
      { Filters: { Queues: ['q-chat'] }, CurrentMetrics: [{ Name: 'AGENTS_ONLINE' }] },
    ],
    [
      'a metric with neither Name nor MetricId',
      'POST',
      `/metrics/current/${INSTANCE}`,
      { Filters: { Queues: ['q-chat'] }, CurrentMetrics: [{ Unit: 'COUNT' }] },
    ],
    [
      'ESTIMATED_WAIT_TIME without QUEUE, CHANNEL groupings',
      'POST',
      `/metrics/current/${INSTANCE}`,
      {
        Filters: { Queues: ['q-chat'], Channels: ['CHAT'] },
        Groupings: ['QUEUE'],
        CurrentMetrics: [{ Name: 'ESTIMATED_WAIT_TIME', Unit: 'SECONDS' }],
      },
    ],
    [
      'MaxResults 0 (min 1)',
      'POST',
      `/metrics/current/${INSTANCE}`,
      { Filters: { Queues: ['q-chat'] }, CurrentMetrics: [], MaxResults: 0 },
    ],
    ['GetContactMetrics without Metrics', 'POST', '/metrics/contact', { InstanceId: INSTANCE, ContactId: INSTANCE }],
    ['no metric (min 1)', 'POST', '/metrics/contact', { InstanceId: INSTANCE, ContactId: INSTANCE, Metrics: [] }],
    [
      'an instance ID that is no UUID',
      'POST',
      '/metrics/contact',
      { InstanceId: 'i-1', ContactId: INSTANCE, Metrics: [{ Name: 'POSITION_IN_QUEUE' }] },
    ],
    [
      'a metric not in the enum',
      'POST',
      '/metrics/contact',
      { InstanceId: INSTANCE, ContactId: INSTANCE, Metrics: [{ Name: 'AGENTS_ONLINE' }] },
    ],
  ] as const)('refuses %s with 400 InvalidParameterException', async (_, method, path, body) => {
    const answer = await raw(method, path, body);
    expect([answer.status, answer.errorType, answer.body.__type]).toEqual([
      400,
      'InvalidParameterException',
      'InvalidParameterException',
    ]);
    expect(simulator.availabilityCalls.at(-1)?.error).toBe('InvalidParameterException');
  });

  it('answers 404 ResourceNotFoundException for unknown instances, hours, queues and contacts', async () => {
    const unknownInstance = randomUUID();
    const calls = [
      new DescribeHoursOfOperationCommand({ InstanceId: INSTANCE, HoursOfOperationId: 'nope' }),
      new DescribeHoursOfOperationCommand({ InstanceId: unknownInstance, HoursOfOperationId: 'hours-uk' }),
      new GetEffectiveHoursOfOperationsCommand({
        InstanceId: INSTANCE,
        HoursOfOperationId: 'nope',
        FromDate: '2026-12-21',
        ToDate: '2026-12-21',
      }),
      new DescribeQueueCommand({ InstanceId: INSTANCE, QueueId: 'nope' }),
      new DescribeQueueCommand({ InstanceId: 'demo-instance', QueueId: 'q-chat' }), // another instance's queue
      new GetCurrentMetricDataCommand({ ...chatQueueRequest(), InstanceId: unknownInstance }),
      new GetContactMetricsCommand({
        InstanceId: INSTANCE,
        ContactId: randomUUID(),
        Metrics: [{ Name: 'POSITION_IN_QUEUE' }],
      }),
      new GetContactMetricsCommand({
        InstanceId: unknownInstance,
        ContactId: INSTANCE,
        Metrics: [{ Name: 'POSITION_IN_QUEUE' }],
      }),
    ];
    // biome-ignore lint/suspicious/noExplicitAny: the commands' inputs and outputs differ
    const outcomes = await Promise.all(calls.map((command) => outcome(client().send(command as any))));
    expect(outcomes).toEqual(calls.map(() => 'ResourceNotFoundException 404'));
  });

  it('checks SigV4 and records only authenticated calls', async () => {
    const unsigned = await raw('GET', `/queues/${INSTANCE}/q-chat`, undefined, { signed: false });
    expect([unsigned.status, unsigned.errorType]).toEqual([403, 'MissingAuthenticationTokenException']);
    const wrongSecret = client({ accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' });
    expect(await outcome(wrongSecret.send(new DescribeQueueCommand({ InstanceId: INSTANCE, QueueId: 'q-chat' })))).toBe(
      'InvalidSignatureException 403',
    );
    expect(simulator.availabilityCalls).toEqual([]);
    await client().send(new DescribeQueueCommand({ InstanceId: INSTANCE, QueueId: 'q-chat' }));
    expect(simulator.availabilityCalls).toEqual([
      {
        operation: 'DescribeQueue',
        input: { InstanceId: INSTANCE, QueueId: 'q-chat' },
        accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId,
        region: 'us-east-1',
      },
    ]);
  });

  it('takes faults aimed at an operation by name: throttle, serverError, drop', async () => {
    const describeQueue = () => client().send(new DescribeQueueCommand({ InstanceId: INSTANCE, QueueId: 'q-chat' }));
    const metrics = () => client().send(new GetCurrentMetricDataCommand(chatQueueRequest()));
    simulator.faults
      .inject('throttle', { times: 1, operation: 'GetCurrentMetricData' })
      .inject('serverError', { times: 1, operation: 'DescribeQueue' })
      .inject('drop', { times: 1, operation: 'GetEffectiveHoursOfOperations' });
    // The throttle waits at the front for a GetCurrentMetricData call: DescribeQueue passes meanwhile.
    expect(await outcome(describeQueue())).toBe('ok');
    expect(await outcome(metrics())).toBe('ThrottlingException 429');
    expect(await outcome(describeQueue())).toBe('InternalServiceException 500');
    const dropped = await client()
      .send(
        new GetEffectiveHoursOfOperationsCommand({
          InstanceId: INSTANCE,
          HoursOfOperationId: 'hours-uk',
          FromDate: '2026-12-21',
          ToDate: '2026-12-21',
        }),
      )
      .catch((e: Error) => e);
    expect(dropped).toBeInstanceOf(Error);
    expect(await outcome(metrics())).toBe('ok');
    expect(simulator.faults.applied).toEqual({ throttle: 1, serverError: 1, drop: 1 });
    expect(simulator.availabilityCalls.map((c) => [c.operation, c.error])).toEqual([
      ['DescribeQueue', undefined],
      ['GetCurrentMetricData', 'ThrottlingException'],
      ['DescribeQueue', 'InternalServiceException'],
      ['GetCurrentMetricData', undefined],
    ]);
  });

  it('gives an instance that describes nothing the demo hours (always open, London) and queue (2 online, 1 available)', async () => {
    const demo = 'demo-instance';
    const { Queue } = await client().send(new DescribeQueueCommand({ InstanceId: demo, QueueId: DEMO_QUEUE_ID }));
    expect(Queue).toMatchObject({
      Name: 'BasicQueue',
      HoursOfOperationId: DEMO_HOURS_OF_OPERATION_ID,
      Status: 'ENABLED',
    });
    const week = await client().send(
      new GetEffectiveHoursOfOperationsCommand({
        InstanceId: demo,
        HoursOfOperationId: DEMO_HOURS_OF_OPERATION_ID,
        FromDate: '2026-12-21',
        ToDate: '2026-12-27',
      }),
    );
    expect(week.TimeZone).toBe('Europe/London');
    expect(new Set(week.EffectiveHoursOfOperationList?.map((d) => JSON.stringify(d.OperationalHours)))).toEqual(
      new Set([JSON.stringify([{ Start: { Hours: 0, Minutes: 0 }, End: { Hours: 0, Minutes: 0 } }])]),
    );
    const { ContactId } = await client().send(
      new StartChatContactCommand({
        InstanceId: demo,
        ContactFlowId: 'f-demo',
        ParticipantDetails: { DisplayName: 'Ada' },
      }),
    );
    const { Contact } = await client().send(new DescribeContactCommand({ InstanceId: demo, ContactId }));
    expect(Contact?.QueueInfo?.Id).toBe(DEMO_QUEUE_ID);
    const metrics = await client().send(
      new GetCurrentMetricDataCommand({
        ...chatQueueRequest(),
        InstanceId: demo,
        Filters: { Queues: [DEMO_QUEUE_ID], Channels: ['CHAT'] },
      }),
    );
    expect(valuesOf(metrics.MetricResults?.[0])).toMatchObject({
      AGENTS_ONLINE: 2,
      AGENTS_AVAILABLE: 1,
      CONTACTS_IN_QUEUE: 1,
    });
  });

  it('places new chats in the instance’s first queue, or the one named defaultQueueId', async () => {
    const contactId = await startChat();
    const { Contact } = await client().send(new DescribeContactCommand({ InstanceId: INSTANCE, ContactId: contactId }));
    expect(Contact?.QueueInfo?.Id).toBe('q-chat');
    simulator.add({ instances: [{ instanceId: INSTANCE, contactFlowIds: [], defaultQueueId: 'q-ny' }] });
    const later = await startChat();
    expect(simulator.queuedContacts(INSTANCE, 'q-ny')).toEqual([later]);
  });

  it('refuses control calls that do not make sense, naming what is wrong', () => {
    expect(() => simulator.setQueue(INSTANCE, { queueId: 'q-chat', agentsAvailable: 4 })).toThrow(
      /exceeds agentsOnline/,
    );
    expect(() =>
      simulator.setHoursOfOperation(INSTANCE, { hoursOfOperationId: 'h', timeZone: 'Mars/Olympus', config: [] }),
    ).toThrow(/not an IANA time zone/);
    expect(() =>
      simulator.setHoursOfOperation(INSTANCE, {
        hoursOfOperationId: 'h',
        timeZone: 'UTC',
        config: [{ day: 'MONDAY', start: '9:00', end: '17:00' }],
      }),
    ).toThrow(/"HH:MM"/);
    expect(() => simulator.setHoursOverride(INSTANCE, 'hours-uk', '2026-02-30', 'closed')).toThrow(/not a YYYY-MM-DD/);
    expect(() => simulator.setHoursOverride(INSTANCE, 'nope', '2026-12-24', 'closed')).toThrow(/no hours nope/);
    expect(() => simulator.setQueue('nope', { queueId: 'q' })).toThrow(/knows no instance/);
    expect(() => simulator.setQueue(INSTANCE, { queueId: 'q', hoursOfOperationId: 'nope' })).toThrow(/no hours nope/);
  });
});
