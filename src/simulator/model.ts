/**
 * The StartChatContact request shapes, transcribed from the Connect service model
 * (botocore connect/2017-08-08, every shape StartChatContactRequest reaches), in the model's own
 * notation. `test/simulator-model.test.ts` compares this table with the official model file.
 * Written independently of the gateway's validation on purpose: the simulator is a second opinion.
 */
export type Shape =
  | { type: 'structure'; required?: string[]; members: Record<string, ShapeMember> }
  | { type: 'string'; min?: number; max?: number; enum?: string[]; pattern?: string }
  | { type: 'integer' | 'long'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'list'; member: { shape: string }; min?: number; max?: number }
  | { type: 'map'; key: { shape: string }; value: { shape: string } };

/** A structure member: its shape and, for a member not in the body, where the request carries it. */
export interface ShapeMember {
  readonly shape: string;
  /** `header`, `uri` (a path label) or `querystring`; absent: a body member. */
  readonly location?: 'header' | 'uri' | 'querystring';
  /** The header's, the label's or the query parameter's name. */
  readonly locationName?: string;
}

export const START_CHAT_SHAPES: Record<string, Shape> = {
  StartChatContactRequest: {
    type: 'structure',
    required: ['InstanceId', 'ContactFlowId', 'ParticipantDetails'],
    members: {
      InstanceId: { shape: 'InstanceId' },
      ContactFlowId: { shape: 'ContactFlowId' },
      Attributes: { shape: 'Attributes' },
      ParticipantDetails: { shape: 'ParticipantDetails' },
      ParticipantConfiguration: { shape: 'ParticipantConfiguration' },
      InitialMessage: { shape: 'ChatMessage' },
      ClientToken: { shape: 'ClientToken' },
      ChatDurationInMinutes: { shape: 'ChatDurationInMinutes' },
      SupportedMessagingContentTypes: { shape: 'SupportedMessagingContentTypes' },
      PersistentChat: { shape: 'PersistentChat' },
      RelatedContactId: { shape: 'ContactId' },
      SegmentAttributes: { shape: 'SegmentAttributes' },
      CustomerId: { shape: 'CustomerIdNonEmpty' },
      DisconnectOnCustomerExit: { shape: 'DisconnectOnCustomerExit' },
      ConnectionTypes: { shape: 'ConnectionTypeList' },
      ChatStreamingConfiguration: { shape: 'ChatStreamingConfiguration' },
    },
  },
  InstanceId: { type: 'string', min: 1, max: 100 },
  ContactFlowId: { type: 'string', max: 500 },
  Attributes: { type: 'map', key: { shape: 'AttributeName' }, value: { shape: 'AttributeValue' } },
  AttributeName: { type: 'string', min: 1, max: 32767 },
  AttributeValue: { type: 'string', min: 0, max: 32767 },
  ParticipantDetails: {
    type: 'structure',
    required: ['DisplayName'],
    members: { DisplayName: { shape: 'DisplayName' } },
  },
  DisplayName: { type: 'string', min: 1, max: 256 },
  ParticipantConfiguration: { type: 'structure', members: { ResponseMode: { shape: 'ResponseMode' } } },
  ResponseMode: { type: 'string', enum: ['INCREMENTAL', 'COMPLETE'] },
  ChatMessage: {
    type: 'structure',
    required: ['ContentType', 'Content'],
    members: { ContentType: { shape: 'ChatContentType' }, Content: { shape: 'ChatContent' } },
  },
  ChatContentType: { type: 'string', min: 1, max: 100 },
  ChatContent: { type: 'string', min: 1, max: 16384 },
  ClientToken: { type: 'string', max: 500 },
  ChatDurationInMinutes: { type: 'integer', min: 60, max: 10080 },
  SupportedMessagingContentTypes: { type: 'list', member: { shape: 'SupportedMessagingContentType' } },
  SupportedMessagingContentType: { type: 'string', min: 1, max: 100 },
  PersistentChat: {
    type: 'structure',
    members: { RehydrationType: { shape: 'RehydrationType' }, SourceContactId: { shape: 'ContactId' } },
  },
  RehydrationType: { type: 'string', enum: ['ENTIRE_PAST_SESSION', 'FROM_SEGMENT'] },
  ContactId: { type: 'string', min: 1, max: 256 },
  SegmentAttributes: { type: 'map', key: { shape: 'SegmentAttributeName' }, value: { shape: 'SegmentAttributeValue' } },
  SegmentAttributeName: { type: 'string', min: 1, max: 128 },
  SegmentAttributeValue: {
    type: 'structure',
    members: {
      ValueString: { shape: 'SegmentAttributeValueString' },
      ValueMap: { shape: 'SegmentAttributeValueMap' },
      ValueInteger: { shape: 'SegmentAttributeValueInteger' },
      ValueList: { shape: 'SegmentAttributeValueList' },
      ValueArn: { shape: 'SegmentAttributeValueString' },
    },
  },
  SegmentAttributeValueString: { type: 'string', min: 0, max: 1024 },
  SegmentAttributeValueMap: {
    type: 'map',
    key: { shape: 'SegmentAttributeName' },
    value: { shape: 'SegmentAttributeValue' },
  },
  SegmentAttributeValueInteger: { type: 'integer' },
  SegmentAttributeValueList: { type: 'list', member: { shape: 'SegmentAttributeValue' } },
  CustomerIdNonEmpty: { type: 'string', min: 1, max: 128 },
  DisconnectOnCustomerExit: {
    type: 'list',
    member: { shape: 'DisconnectOnCustomerExitParticipantType' },
    min: 1,
    max: 1,
  },
  DisconnectOnCustomerExitParticipantType: { type: 'string', enum: ['AGENT'] },
  ConnectionTypeList: { type: 'list', member: { shape: 'ConnectionType' }, min: 1, max: 2 },
  ConnectionType: {
    type: 'string',
    enum: ['WEBSOCKET', 'CONNECTION_CREDENTIALS', 'AUTHENTICATION_SESSION', 'WEBRTC_CONNECTION'],
  },
  ChatStreamingConfiguration: {
    type: 'structure',
    required: ['StreamingEndpointArn'],
    members: { StreamingEndpointArn: { shape: 'ChatStreamingEndpointARN' } },
  },
  ChatStreamingEndpointARN: { type: 'string', min: 1, max: 350 },
};

/** The DescribeContact request shapes (its two members are URI labels), transcribed likewise. */
export const DESCRIBE_CONTACT_SHAPES: Record<string, Shape> = {
  DescribeContactRequest: {
    type: 'structure',
    required: ['InstanceId', 'ContactId'],
    members: { InstanceId: { shape: 'InstanceId' }, ContactId: { shape: 'ContactId' } },
  },
  InstanceId: { type: 'string', min: 1, max: 100 },
  ContactId: { type: 'string', min: 1, max: 256 },
};

/** Checks a value against a shape of the table; returns messages like "ParticipantDetails.DisplayName: ...". */
export function validateShape(shapes: Record<string, Shape>, shapeName: string, value: unknown, path = ''): string[] {
  const shape = shapes[shapeName];
  if (!shape) return [`${path}: unknown shape ${shapeName}`];
  const at = path || '(body)';
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') return [`${at}: expected a string`];
      const problems: string[] = [];
      if (shape.min !== undefined && value.length < shape.min) problems.push(`${at}: shorter than ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) problems.push(`${at}: longer than ${shape.max}`);
      if (shape.enum && !shape.enum.includes(value)) problems.push(`${at}: not one of ${shape.enum.join(', ')}`);
      if (shape.pattern !== undefined && !patternOf(shape.pattern).test(value)) {
        problems.push(`${at}: does not match ${shape.pattern}`);
      }
      return problems;
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean`];
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return [`${at}: expected an integer`];
      if (shape.min !== undefined && value < shape.min) return [`${at}: less than ${shape.min}`];
      if (shape.max !== undefined && value > shape.max) return [`${at}: greater than ${shape.max}`];
      return [];
    }
    case 'list': {
      if (!Array.isArray(value)) return [`${at}: expected a list`];
      const problems: string[] = [];
      if (shape.min !== undefined && value.length < shape.min) problems.push(`${at}: fewer than ${shape.min} items`);
      if (shape.max !== undefined && value.length > shape.max) problems.push(`${at}: more than ${shape.max} items`);
      value.forEach((item, i) => {
        problems.push(...validateShape(shapes, shape.member.shape, item, `${path}[${i}]`));
      });
      return problems;
    }
    case 'map': {
      if (!isObject(value)) return [`${at}: expected a map`];
      return Object.entries(value).flatMap(([key, item]) => [
        ...validateShape(shapes, shape.key.shape, key, `${path}{key ${JSON.stringify(key).slice(0, 40)}}`),
        ...validateShape(shapes, shape.value.shape, item, `${path}.${key}`),
      ]);
    }
    case 'structure': {
      if (!isObject(value)) return [`${at}: expected an object`];
      const problems = (shape.required ?? [])
        .filter((name) => value[name] === undefined || value[name] === null)
        .map((name) => `${path ? `${path}.` : ''}${name}: required`);
      for (const [name, member] of Object.entries(value)) {
        const memberShape = shape.members[name];
        const memberPath = path ? `${path}.${name}` : name;
        if (!memberShape) problems.push(`${memberPath}: unknown member`);
        else if (member !== null) problems.push(...validateShape(shapes, memberShape.shape, member, memberPath));
      }
      return problems;
    }
  }
}

const patterns = new Map<string, RegExp>();

/**
 * A model pattern as a RegExp. Smithy patterns are ECMA 262 and not implicitly anchored (a `^…$`
 * anchors itself); `u` for the Unicode classes (`\p{L}`, `\P{C}`) some of them use.
 */
function patternOf(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) {
    compiled = new RegExp(source, 'u');
    patterns.set(source, compiled);
  }
  return compiled;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
