/**
 * The availability and queue-status operations of Connect as its service model states them
 * (botocore connect/2017-08-08): each operation's HTTP method, URI and modelled errors, and every
 * shape its request reaches, in the model's own notation. `test/simulator-availability.test.ts`
 * compares these tables with the official model file. Transcribed from the model, never from the
 * gateway: the simulator is a second opinion.
 */
import type { Shape } from './model.js';

/** The availability and queue-status operations the simulator serves. */
export type AvailabilityOperation =
  | 'GetEffectiveHoursOfOperations'
  | 'DescribeHoursOfOperation'
  | 'GetCurrentMetricData'
  | 'GetContactMetrics'
  | 'DescribeQueue';

/** Where an operation is served, the request shape it reads and the errors it may answer. */
export interface AvailabilityOperationSpec {
  readonly method: 'GET' | 'POST';
  readonly requestUri: string;
  readonly input: string;
  readonly errors: readonly string[];
}

const COMMON_ERRORS = [
  'InvalidRequestException',
  'InvalidParameterException',
  'ResourceNotFoundException',
  'ThrottlingException',
  'InternalServiceException',
];

export const AVAILABILITY_OPERATIONS: Record<AvailabilityOperation, AvailabilityOperationSpec> = {
  GetEffectiveHoursOfOperations: {
    method: 'GET',
    requestUri: '/effective-hours-of-operations/{InstanceId}/{HoursOfOperationId}',
    input: 'GetEffectiveHoursOfOperationsRequest',
    errors: COMMON_ERRORS,
  },
  DescribeHoursOfOperation: {
    method: 'GET',
    requestUri: '/hours-of-operations/{InstanceId}/{HoursOfOperationId}',
    input: 'DescribeHoursOfOperationRequest',
    errors: COMMON_ERRORS,
  },
  GetCurrentMetricData: {
    method: 'POST',
    requestUri: '/metrics/current/{InstanceId}',
    input: 'GetCurrentMetricDataRequest',
    errors: COMMON_ERRORS,
  },
  GetContactMetrics: {
    method: 'POST',
    requestUri: '/metrics/contact',
    input: 'GetContactMetricsRequest',
    errors: [...COMMON_ERRORS, 'AccessDeniedException'],
  },
  DescribeQueue: {
    method: 'GET',
    requestUri: '/queues/{InstanceId}/{QueueId}',
    input: 'DescribeQueueRequest',
    errors: COMMON_ERRORS,
  },
};

/** Every shape the five requests reach. */
export const AVAILABILITY_SHAPES: Record<string, Shape> = {
  GetEffectiveHoursOfOperationsRequest: {
    type: 'structure',
    required: ['InstanceId', 'HoursOfOperationId', 'FromDate', 'ToDate'],
    members: {
      InstanceId: { shape: 'InstanceId', location: 'uri', locationName: 'InstanceId' },
      HoursOfOperationId: { shape: 'HoursOfOperationId', location: 'uri', locationName: 'HoursOfOperationId' },
      FromDate: {
        shape: 'HoursOfOperationOverrideYearMonthDayDateFormat',
        location: 'querystring',
        locationName: 'fromDate',
      },
      ToDate: {
        shape: 'HoursOfOperationOverrideYearMonthDayDateFormat',
        location: 'querystring',
        locationName: 'toDate',
      },
    },
  },
  InstanceId: { type: 'string', min: 1, max: 100 },
  HoursOfOperationId: { type: 'string' },
  HoursOfOperationOverrideYearMonthDayDateFormat: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  DescribeHoursOfOperationRequest: {
    type: 'structure',
    required: ['InstanceId', 'HoursOfOperationId'],
    members: {
      InstanceId: { shape: 'InstanceId', location: 'uri', locationName: 'InstanceId' },
      HoursOfOperationId: { shape: 'HoursOfOperationId', location: 'uri', locationName: 'HoursOfOperationId' },
    },
  },
  GetCurrentMetricDataRequest: {
    type: 'structure',
    required: ['InstanceId', 'Filters', 'CurrentMetrics'],
    members: {
      InstanceId: { shape: 'InstanceId', location: 'uri', locationName: 'InstanceId' },
      Filters: { shape: 'Filters' },
      Groupings: { shape: 'Groupings' },
      CurrentMetrics: { shape: 'CurrentMetrics' },
      NextToken: { shape: 'NextToken' },
      MaxResults: { shape: 'MaxResult100' },
      SortCriteria: { shape: 'CurrentMetricSortCriteriaMaxOne' },
    },
  },
  Filters: {
    type: 'structure',
    members: {
      Queues: { shape: 'Queues' },
      Channels: { shape: 'Channels' },
      RoutingProfiles: { shape: 'RoutingProfiles' },
      RoutingStepExpressions: { shape: 'RoutingExpressions' },
      AgentStatuses: { shape: 'AgentStatuses' },
      Subtypes: { shape: 'Subtypes' },
      ValidationTestTypes: { shape: 'ValidationTestTypes' },
    },
  },
  Queues: { type: 'list', member: { shape: 'QueueId' }, min: 1, max: 100 },
  QueueId: { type: 'string' },
  Channels: { type: 'list', member: { shape: 'Channel' }, max: 4 },
  Channel: { type: 'string', enum: ['VOICE', 'CHAT', 'TASK', 'EMAIL'] },
  RoutingProfiles: { type: 'list', member: { shape: 'RoutingProfileId' }, min: 1, max: 100 },
  RoutingProfileId: { type: 'string' },
  RoutingExpressions: { type: 'list', member: { shape: 'RoutingExpression' }, max: 50 },
  RoutingExpression: { type: 'string', min: 1, max: 3000 },
  AgentStatuses: { type: 'list', member: { shape: 'AgentStatusId' } },
  AgentStatusId: { type: 'string' },
  Subtypes: { type: 'list', member: { shape: 'Subtype' }, max: 10 },
  Subtype: { type: 'string', min: 1, max: 100 },
  ValidationTestTypes: { type: 'list', member: { shape: 'ValidationTestType' }, max: 10 },
  ValidationTestType: { type: 'string' },
  Groupings: { type: 'list', member: { shape: 'Grouping' }, max: 2 },
  Grouping: {
    type: 'string',
    enum: [
      'QUEUE',
      'CHANNEL',
      'ROUTING_PROFILE',
      'ROUTING_STEP_EXPRESSION',
      'AGENT_STATUS',
      'SUBTYPE',
      'VALIDATION_TEST_TYPE',
    ],
  },
  CurrentMetrics: { type: 'list', member: { shape: 'CurrentMetric' } },
  CurrentMetric: {
    type: 'structure',
    members: { Name: { shape: 'CurrentMetricName' }, MetricId: { shape: 'CurrentMetricId' }, Unit: { shape: 'Unit' } },
  },
  CurrentMetricName: {
    type: 'string',
    enum: [
      'AGENTS_ONLINE',
      'AGENTS_AVAILABLE',
      'AGENTS_ON_CALL',
      'AGENTS_NON_PRODUCTIVE',
      'AGENTS_AFTER_CONTACT_WORK',
      'AGENTS_ERROR',
      'AGENTS_STAFFED',
      'CONTACTS_IN_QUEUE',
      'OLDEST_CONTACT_AGE',
      'CONTACTS_SCHEDULED',
      'AGENTS_ON_CONTACT',
      'SLOTS_ACTIVE',
      'SLOTS_AVAILABLE',
      'ESTIMATED_WAIT_TIME',
    ],
  },
  CurrentMetricId: {
    type: 'string',
    pattern:
      '^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|(arn:[a-z0-9-]+:connect:[a-z0-9-]+:(?:([0-9]{12}):instance/[a-z0-9-]+/metric/[a-z0-9-]+(?::[a-z0-9-]+)?|aws:metric/[A-Z_]+))$',
  },
  Unit: { type: 'string', enum: ['SECONDS', 'COUNT', 'PERCENT'] },
  NextToken: { type: 'string' },
  MaxResult100: { type: 'integer', min: 1, max: 100 },
  CurrentMetricSortCriteriaMaxOne: { type: 'list', member: { shape: 'CurrentMetricSortCriteria' }, min: 0, max: 1 },
  CurrentMetricSortCriteria: {
    type: 'structure',
    members: { SortByMetric: { shape: 'CurrentMetricName' }, SortOrder: { shape: 'SortOrder' } },
  },
  SortOrder: { type: 'string', enum: ['ASCENDING', 'DESCENDING'] },
  GetContactMetricsRequest: {
    type: 'structure',
    required: ['InstanceId', 'ContactId', 'Metrics'],
    members: {
      InstanceId: { shape: 'InstanceIdOrArn' },
      ContactId: { shape: 'InstanceIdOrArn' },
      Metrics: { shape: 'ContactMetrics' },
    },
  },
  InstanceIdOrArn: {
    type: 'string',
    min: 1,
    max: 250,
    pattern:
      '^(arn:(aws|aws-us-gov):connect:[a-z]{2}-[a-z]+-[0-9]{1}:[0-9]{1,20}:instance/)?[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$',
  },
  ContactMetrics: { type: 'list', member: { shape: 'ContactMetricInfo' }, min: 1 },
  ContactMetricInfo: { type: 'structure', required: ['Name'], members: { Name: { shape: 'ContactMetricName' } } },
  ContactMetricName: { type: 'string', enum: ['ESTIMATED_WAIT_TIME', 'POSITION_IN_QUEUE'] },
  DescribeQueueRequest: {
    type: 'structure',
    required: ['InstanceId', 'QueueId'],
    members: {
      InstanceId: { shape: 'InstanceId', location: 'uri', locationName: 'InstanceId' },
      QueueId: { shape: 'QueueId', location: 'uri', locationName: 'QueueId' },
    },
  },
};
