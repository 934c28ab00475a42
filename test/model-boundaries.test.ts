import { assertEnumType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_CONTENT_TYPES, CONTENT_TYPE_MIME } from '../src/chat/content-types.js';
import { limits } from '../src/chat/limits.js';
import { createSchema } from '../src/schema/index.js';
import { START_CHAT_SHAPES, validateShape } from '../src/simulator/model.js';
import { checkChatRules } from '../src/simulator/rules.js';
import { parseTenants } from '../src/tenants/tenants-file.js';
import { StartChatDocument, type StartChatMutationVariables } from './generated/graphql.js';
import { type Harness, startHarness } from './helpers/harness.js';
import { astral, modelAvailable, modelShapes, requestWith, shapeAt } from './helpers/model.js';

type Input = StartChatMutationVariables['input'];
const base = { participantDetails: { displayName: 'Ada' } };

/** An exposed field: where the model constrains it, and how to put a value of it into our input. */
interface Exposed {
  readonly member: string;
  readonly path: readonly string[];
  readonly build: (value: never) => Input;
  /** Why emoji at the length limit cannot be tested on this field (another rule refuses them first). */
  readonly noAstral?: string;
}

const strings: Exposed[] = [
  {
    member: 'ParticipantDetails.DisplayName',
    path: ['input', 'participantDetails', 'displayName'],
    build: (v: string) => ({ participantDetails: { displayName: v } }),
  },
  {
    member: 'Attributes.<key>',
    path: ['input', 'attributes', '0', 'key'],
    build: (v: string) => ({ ...base, attributes: [{ key: v, value: '' }] }),
    noAstral: 'keys are [A-Za-z0-9_-] only',
  },
  {
    member: 'Attributes.<value>',
    path: ['input', 'attributes', '0', 'value'],
    build: (v: string) => ({ ...base, attributes: [{ key: 'k', value: v }] }),
    noAstral: 'the 32,768-byte attribute budget binds first (see the byte budget cases)',
  },
  {
    member: 'InitialMessage.Content',
    path: ['input', 'initialMessage', 'content'],
    build: (v: string) => ({ ...base, initialMessage: { contentType: 'TEXT_PLAIN', content: v } }),
    noAstral: 'the 16,384-byte content limit binds first (see the byte budget cases)',
  },
  { member: 'ClientToken', path: ['input', 'clientToken'], build: (v: string) => ({ ...base, clientToken: v }) },
  {
    member: 'RelatedContactId',
    path: ['input', 'relatedContactId'],
    build: (v: string) => ({ ...base, relatedContactId: v }),
  },
  {
    member: 'PersistentChat.SourceContactId',
    path: ['input', 'persistentChat', 'sourceContactId'],
    build: (v: string) => ({ ...base, persistentChat: { rehydrationType: 'ENTIRE_PAST_SESSION', sourceContactId: v } }),
  },
  {
    member: 'SegmentAttributes.<key>',
    path: ['input', 'segmentAttributes', '0', 'key'],
    build: (v: string) => ({ ...base, segmentAttributes: [{ key: v, value: { valueString: 'x' } }] }),
  },
  {
    member: 'SegmentAttributes.<value>.ValueString',
    path: ['input', 'segmentAttributes', '0', 'value', 'valueString'],
    build: (v: string) => ({ ...base, segmentAttributes: [{ key: 's', value: { valueString: v } }] }),
  },
  { member: 'CustomerId', path: ['input', 'customerId'], build: (v: string) => ({ ...base, customerId: v }) },
];

const integers: Exposed[] = [
  {
    member: 'ChatDurationInMinutes',
    path: ['input', 'chatDurationInMinutes'],
    build: (v: number) => ({ ...base, chatDurationInMinutes: v }),
  },
];

const lists: Exposed[] = [
  {
    member: 'DisconnectOnCustomerExit',
    path: ['input', 'disconnectOnCustomerExit'],
    build: (n: number) => ({ ...base, disconnectOnCustomerExit: Array.from({ length: n }, () => 'AGENT' as const) }),
  },
];

interface Case {
  readonly name: string;
  readonly input: Input;
  readonly valid: boolean;
  readonly path: readonly string[];
  /** Connect's own member and the value it would get there, for the simulator's opinion. */
  readonly member?: string;
  readonly value?: string;
}

/** min−1, min, max, max+1 of every exposed field, read from the official model. */
function boundaryCases(): Case[] {
  const cases: Case[] = [];
  const add = (field: Exposed, label: string, value: unknown, valid: boolean) =>
    cases.push({ name: `${field.member} ${label}`, input: field.build(value as never), valid, path: field.path });
  for (const field of strings) {
    const shape = shapeAt(field.member);
    const min = shape.min ?? 0;
    if (min > 0) add(field, `length ${min - 1} (min-1)`, 'a'.repeat(min - 1), false);
    add(field, `length ${min} (min)`, 'a'.repeat(min), true);
    expect(shape.max, `${field.member} has a max in the model`).toBeDefined();
    add(field, `length ${shape.max} (max)`, 'a'.repeat(shape.max!), true);
    add(field, `length ${shape.max! + 1} (max+1)`, 'a'.repeat(shape.max! + 1), false);
  }
  for (const field of integers) {
    const shape = shapeAt(field.member);
    add(field, `${shape.min! - 1} (min-1)`, shape.min! - 1, false);
    add(field, `${shape.min} (min)`, shape.min, true);
    add(field, `${shape.max} (max)`, shape.max, true);
    add(field, `${shape.max! + 1} (max+1)`, shape.max! + 1, false);
  }
  for (const field of lists) {
    const shape = shapeAt(field.member);
    add(field, `${shape.min! - 1} items (min-1)`, shape.min! - 1, false);
    add(field, `${shape.min} items (min)`, shape.min, true);
    add(field, `${shape.max} items (max)`, shape.max, true);
    add(field, `${shape.max! + 1} items (max+1)`, shape.max! + 1, false);
  }
  return cases;
}

/**
 * Emoji (astral-plane characters: two UTF-16 code units each) at every string limit: Connect counts
 * UTF-16 units, so ⌊max/2⌋ emoji fit and one more does not, whatever a code-point count says.
 */
function astralCases(): Case[] {
  return strings
    .filter((field) => field.noAstral === undefined)
    .flatMap((field) => {
      const max = shapeAt(field.member).max!;
      const fit = Math.floor(max / 2);
      return [
        { n: fit, valid: true, label: `${fit} emoji = ${2 * fit} UTF-16 units (fits ${max})` },
        { n: fit + 1, valid: false, label: `${fit + 1} emoji = ${2 * fit + 2} UTF-16 units (over ${max})` },
      ].map(({ n, valid, label }) => ({
        name: `${field.member} ${label}`,
        input: field.build(astral(n) as never),
        valid,
        path: field.path,
        member: field.member,
        value: astral(n),
      }));
    });
}

/** A number the model states in a member's documentation, e.g. "up to 32,768 UTF-8 bytes". */
function documentedNumber(shape: string, member: string, pattern: RegExp): number {
  const text = String((modelShapes[shape]?.members?.[member] as { documentation?: string } | undefined)?.documentation);
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`no match for ${pattern} in ${shape}.${member}: ${text}`);
  return Number(match[1].replace(/,/g, ''));
}

/** Byte budgets the model documents (UTF-8), at exactly the budget and one byte over, with emoji. */
function byteBudgetCases(): Case[] {
  const attributeBytes = documentedNumber('StartChatContactRequest', 'Attributes', /up to ([\d,]+) UTF-8 bytes/);
  const contentBytes = documentedNumber('ChatMessage', 'Content', /Maximum of ([\d,]+) bytes/);
  // Key "k" (1 byte) + value: emoji (4 bytes each) and ASCII padding up to the budget.
  const attributeValue = (bytes: number) => astral(Math.floor((bytes - 1) / 4)) + 'a'.repeat((bytes - 1) % 4);
  const content = (bytes: number) => astral(Math.floor(bytes / 4)) + 'a'.repeat(bytes % 4);
  const cases: Case[] = [];
  for (const [bytes, valid] of [
    [attributeBytes, true],
    [attributeBytes + 1, false],
  ] as const) {
    cases.push({
      name: `Attributes: ${bytes} UTF-8 bytes of key and emoji value (budget ${attributeBytes})`,
      input: { ...base, attributes: [{ key: 'k', value: attributeValue(bytes) }] },
      valid,
      path: ['input', 'attributes'],
    });
  }
  for (const [bytes, valid] of [
    [contentBytes, true],
    [contentBytes + 1, false],
  ] as const) {
    cases.push({
      name: `InitialMessage.Content: ${bytes} UTF-8 bytes of emoji (limit ${contentBytes})`,
      input: { ...base, initialMessage: { contentType: 'TEXT_PLAIN', content: content(bytes) } },
      valid,
      path: ['input', 'initialMessage', 'content'],
    });
  }
  return cases;
}

describe.skipIf(!modelAvailable)('limits checked against the official Connect service model', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it.each(modelAvailable ? boundaryCases() : [])('$name', async ({ input, valid, path }) => {
    h.simulator.received.length = 0;
    const result = await h.execute(StartChatDocument, { input });
    const payload = result.body.data?.startChatContact;
    if (valid) {
      expect(payload?.__typename, JSON.stringify(result.body).slice(0, 500)).not.toBe('InvalidInputError');
      // It reached Connect, and the model-driven simulator did not find it invalid either.
      expect(h.simulator.received).toHaveLength(1);
      expect(h.simulator.received[0]?.error).not.toBe('InvalidParameterException');
    } else {
      expect(payload?.__typename).toBe('InvalidInputError');
      const paths = (payload as { fieldErrors: { path: string[] }[] }).fieldErrors.map((e) => e.path);
      expect(paths).toContainEqual(path);
      expect(h.simulator.received).toHaveLength(0);
    }
  });

  const named = (cases: Case[]) => cases.map((c) => [c.name, c] as const);

  it.each(modelAvailable ? named(astralCases()) : [])('%s', async (_name, { input, valid, path, member, value }) => {
    // The simulator (Connect's second opinion, counting as Connect does) agrees on the value itself.
    const problems = validateShape(START_CHAT_SHAPES, 'StartChatContactRequest', requestWith(member!, value));
    expect(problems.length > 0, problems.join('; ')).toBe(!valid);
    h.simulator.received.length = 0;
    const result = await h.execute(StartChatDocument, { input });
    const payload = result.body.data?.startChatContact;
    if (valid) {
      expect(payload?.__typename, JSON.stringify(result.body).slice(0, 500)).not.toBe('InvalidInputError');
      expect(h.simulator.received).toHaveLength(1);
      expect(h.simulator.received[0]?.error).not.toBe('InvalidParameterException');
    } else {
      expect(payload?.__typename).toBe('InvalidInputError');
      const paths = (payload as { fieldErrors: { path: string[] }[] }).fieldErrors.map((e) => e.path);
      expect(paths).toContainEqual(path);
      expect(h.simulator.received).toHaveLength(0);
    }
  });

  it.each(modelAvailable ? named(byteBudgetCases()) : [])('%s', async (_name, { input, valid, path }) => {
    if (input.attributes) {
      // The simulator's rule counts the attribute budget in UTF-8 bytes too.
      const attributes = Object.fromEntries(input.attributes.map((a) => [a.key, a.value]));
      expect(checkChatRules({ Attributes: attributes }) !== undefined).toBe(!valid);
    }
    h.simulator.received.length = 0;
    const result = await h.execute(StartChatDocument, { input });
    const payload = result.body.data?.startChatContact;
    if (valid) {
      expect(payload?.__typename, JSON.stringify(result.body).slice(0, 500)).toBe('StartChatContactPayload');
      expect(h.simulator.received).toHaveLength(1);
    } else {
      expect(payload?.__typename).toBe('InvalidInputError');
      const paths = (payload as { fieldErrors: { path: string[] }[] }).fieldErrors.map((e) => e.path);
      expect(paths).toContainEqual(path);
      expect(h.simulator.received).toHaveLength(0);
    }
  });

  it.each([
    ['RehydrationType', 'PersistentChat.RehydrationType'],
    ['ResponseMode', 'ParticipantConfiguration.ResponseMode'],
    ['DisconnectOnCustomerExitParticipantType', 'DisconnectOnCustomerExit.<member>'],
  ])('GraphQL enum %s has exactly the model enum values', (typeName, member) => {
    const type = assertEnumType(createSchema().getType(typeName));
    expect(
      type
        .getValues()
        .map((v) => v.name)
        .sort(),
    ).toEqual([...(shapeAt(member).enum ?? [])].sort());
  });

  it.each([
    ['persistentChat', { ...base, persistentChat: { rehydrationType: 'EVERYTHING' } }],
    ['participantConfiguration', { ...base, participantConfiguration: { responseMode: 'STREAMING' } }],
    ['disconnectOnCustomerExit', { ...base, disconnectOnCustomerExit: ['CUSTOMER'] }],
    ['supportedMessagingContentTypes', { ...base, supportedMessagingContentTypes: ['text/plain'] }],
  ])('refuses a bad enum value in %s before anything reaches Connect', async (field, input) => {
    h.simulator.received.length = 0;
    const result = await h.execute(StartChatDocument, { input: input as unknown as Input });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toContain(field);
    expect(h.simulator.received).toHaveLength(0);
  });

  it('maps every ChatContentType to a MIME string within the model limits', () => {
    const listMember = shapeAt('SupportedMessagingContentTypes.<member>');
    const messageType = shapeAt('InitialMessage.ContentType');
    for (const type of CHAT_CONTENT_TYPES) {
      const mime = CONTENT_TYPE_MIME[type];
      expect(mime.length).toBeGreaterThanOrEqual(Math.max(listMember.min!, messageType.min!));
      expect(mime.length).toBeLessThanOrEqual(Math.min(listMember.max!, messageType.max!));
    }
  });

  it('keeps the limits table equal to the model', () => {
    const range = (member: string) => {
      const s = shapeAt(member);
      return { min: s.min ?? 0, max: s.max };
    };
    expect({ min: limits.displayName.min, max: limits.displayName.max }).toEqual(
      range('ParticipantDetails.DisplayName'),
    );
    expect(limits.attributeKey).toEqual(range('Attributes.<key>'));
    expect(limits.attributeValue).toEqual(range('Attributes.<value>'));
    expect(limits.initialMessageContent).toEqual(range('InitialMessage.Content'));
    expect(limits.clientToken.max).toBe(shapeAt('ClientToken').max);
    expect({ min: limits.chatDurationInMinutes.min, max: limits.chatDurationInMinutes.max }).toEqual(
      range('ChatDurationInMinutes'),
    );
    expect(limits.contactId).toEqual(range('RelatedContactId'));
    expect(limits.segmentAttributeKey).toEqual(range('SegmentAttributes.<key>'));
    expect(limits.segmentAttributeString).toEqual(range('SegmentAttributes.<value>.ValueString'));
    expect(limits.customerId).toEqual(range('CustomerId'));
    expect(limits.disconnectOnCustomerExit).toEqual(range('DisconnectOnCustomerExit'));
    expect(limits.instanceId).toEqual(range('InstanceId'));
    expect(limits.contactFlowId.max).toBe(shapeAt('ContactFlowId').max);
  });

  it.each(
    modelAvailable
      ? ([
          ['instanceId', shapeAt('InstanceId')],
          ['contactFlowId', shapeAt('ContactFlowId')],
        ] as const)
      : [],
  )('refuses a tenant %s outside the model limits', (field, shape) => {
    const tenant = (value: string) => ({
      tenants: [
        {
          id: 't',
          apiKeys: ['key-12345'],
          connect: { region: 'us-east-1', instanceId: 'i', contactFlowId: 'f', [field]: value },
        },
      ],
    });
    expect(() => parseTenants(tenant('a'.repeat(shape.max!)), () => undefined)).not.toThrow();
    expect(() => parseTenants(tenant('a'.repeat(shape.max! + 1)), () => undefined)).toThrow(
      `tenants[0].connect.${field}`,
    );
  });
});
