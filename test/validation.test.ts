import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StartChatDocument, type StartChatMutationVariables } from './generated/graphql.js';
import { type Harness, startHarness } from './helpers/harness.js';

type Input = StartChatMutationVariables['input'];
const base: Input = { participantDetails: { displayName: 'Ada' } };

describe('input validation: every violation reported, nothing invalid reaches Connect', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.simulator.received.length = 0;
  });

  async function fieldErrors(input: Input) {
    const result = await h.execute(StartChatDocument, { input });
    const payload = result.body.data?.startChatContact;
    expect(payload?.__typename, JSON.stringify(result.body)).toBe('InvalidInputError');
    expect(h.simulator.count()).toBe(0);
    return (payload as { fieldErrors: { path: string[]; message: string }[] }).fieldErrors;
  }

  it.each<[string, Input, string[], RegExp]>([
    [
      'blank display name',
      { participantDetails: { displayName: '   ' } },
      ['input', 'participantDetails', 'displayName'],
      /blank/,
    ],
    [
      'content types without TEXT_PLAIN',
      { ...base, supportedMessagingContentTypes: ['TEXT_MARKDOWN'] },
      ['input', 'supportedMessagingContentTypes'],
      /must include TEXT_PLAIN/,
    ],
    [
      'duplicate content type',
      { ...base, supportedMessagingContentTypes: ['TEXT_PLAIN', 'TEXT_PLAIN'] },
      ['input', 'supportedMessagingContentTypes', '1'],
      /more than once/,
    ],
    [
      'duplicate attribute key',
      {
        ...base,
        attributes: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
          { key: 'a', value: '3' },
        ],
      },
      ['input', 'attributes', '2', 'key'],
      /"a" appears more than once/,
    ],
    [
      'attribute key with a space',
      { ...base, attributes: [{ key: 'order id', value: '1' }] },
      ['input', 'attributes', '0', 'key'],
      /only letters/,
    ],
    [
      'attribute key with a non-ASCII letter',
      { ...base, attributes: [{ key: 'café', value: '1' }] },
      ['input', 'attributes', '0', 'key'],
      /only letters/,
    ],
    [
      'attributes over 32768 UTF-8 bytes (multi-byte values)',
      // 11 000 three-byte characters = 33 000 bytes, but only 11 000 characters
      { ...base, attributes: [{ key: 'k', value: '€'.repeat(11_000) }] },
      ['input', 'attributes'],
      /32768 bytes/,
    ],
    [
      'persistentChat with relatedContactId',
      {
        ...base,
        persistentChat: { rehydrationType: 'FROM_SEGMENT', sourceContactId: 'c-1' },
        relatedContactId: 'c-2',
      },
      ['input', 'relatedContactId'],
      /only one of persistentChat and relatedContactId/,
    ],
    [
      'persistentChat without source contact',
      { ...base, persistentChat: { rehydrationType: 'FROM_SEGMENT' } },
      ['input', 'persistentChat', 'sourceContactId'],
      /source contact/,
    ],
    [
      'Guide subtype without interactive types',
      {
        ...base,
        segmentAttributes: [{ key: 'connect:Subtype', value: { valueString: 'connect:Guide' } }],
        supportedMessagingContentTypes: ['TEXT_PLAIN', 'INTERACTIVE'],
      },
      ['input', 'supportedMessagingContentTypes'],
      /INTERACTIVE_RESPONSE/,
    ],
    [
      'disconnectOnCustomerExit with two items',
      { ...base, disconnectOnCustomerExit: ['AGENT', 'AGENT'] },
      ['input', 'disconnectOnCustomerExit'],
      /exactly one/,
    ],
    [
      'disconnectOnCustomerExit empty',
      { ...base, disconnectOnCustomerExit: [] },
      ['input', 'disconnectOnCustomerExit'],
      /exactly one/,
    ],
    [
      'segment value with two members',
      { ...base, segmentAttributes: [{ key: 's', value: { valueString: 'x', valueInteger: 1 } }] },
      ['input', 'segmentAttributes', '0', 'value'],
      /exactly one/,
    ],
    [
      'segment value with no member',
      { ...base, segmentAttributes: [{ key: 's', value: {} }] },
      ['input', 'segmentAttributes', '0', 'value'],
      /exactly one/,
    ],
    [
      'duplicate key inside a segment valueMap',
      {
        ...base,
        segmentAttributes: [
          {
            key: 's',
            value: {
              valueMap: [
                { key: 'x', value: { valueInteger: 1 } },
                { key: 'x', value: { valueInteger: 2 } },
              ],
            },
          },
        ],
      },
      ['input', 'segmentAttributes', '0', 'value', 'valueMap', '1', 'key'],
      /more than once/,
    ],
    [
      'an INTERACTIVE initial message',
      { ...base, initialMessage: { contentType: 'INTERACTIVE', content: '{}' } },
      ['input', 'initialMessage', 'contentType'],
      /cannot be of type INTERACTIVE/,
    ],
    [
      'an initial message over 16384 UTF-8 bytes',
      { ...base, initialMessage: { contentType: 'TEXT_PLAIN', content: '€'.repeat(6000) } },
      ['input', 'initialMessage', 'content'],
      /16384 bytes/,
    ],
  ])('%s', async (_name, input, path, message) => {
    const errors = await fieldErrors(input);
    expect(errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('accepts a Guide chat that supports both interactive types', async () => {
    const result = await h.execute(StartChatDocument, {
      input: {
        ...base,
        segmentAttributes: [{ key: 'connect:Subtype', value: { valueString: 'connect:Guide' } }],
        supportedMessagingContentTypes: ['TEXT_PLAIN', 'INTERACTIVE', 'INTERACTIVE_RESPONSE'],
      },
    });
    expect(result.body.data?.startChatContact.__typename).toBe('StartChatContactPayload');
  });

  it('reports every violation at once, each with its path', async () => {
    const errors = await fieldErrors({
      participantDetails: { displayName: '' },
      attributes: [
        { key: 'bad key', value: 'x' },
        { key: 'bad key', value: 'y' },
      ],
      chatDurationInMinutes: 59,
      supportedMessagingContentTypes: ['TEXT_MARKDOWN'],
      persistentChat: { rehydrationType: 'ENTIRE_PAST_SESSION', sourceContactId: 'c-1' },
      relatedContactId: 'c-2',
      disconnectOnCustomerExit: ['AGENT', 'AGENT'],
      clientToken: 'x'.repeat(501),
      customerId: '',
    });
    expect(errors.map((e) => e.path.join('.'))).toEqual([
      'input.participantDetails.displayName',
      'input.attributes.0.key',
      'input.attributes.1.key',
      'input.attributes.1.key',
      'input.clientToken',
      'input.chatDurationInMinutes',
      'input.supportedMessagingContentTypes',
      'input.customerId',
      'input.disconnectOnCustomerExit',
      'input.relatedContactId',
    ]);
    for (const error of errors) expect(error.message).toMatch(/^[A-Z].*\.$/);
  });

  it('counts a UTF-8 byte budget, not characters, and accepts exactly 32768 bytes', async () => {
    // 'k' (1 byte) + 10 922 × '€' (3 bytes) + 'a' = 1 + 32 766 + 1 = 32 768 bytes
    const result = await h.execute(StartChatDocument, {
      input: { ...base, attributes: [{ key: 'k', value: `${'€'.repeat(10_922)}a` }] },
    });
    expect(result.body.data?.startChatContact.__typename).toBe('StartChatContactPayload');
  });

  it('refuses instance, flow or region in the input: they are not part of the schema', async () => {
    const result = await h.execute(StartChatDocument, {
      input: { ...base, instanceId: 'other', contactFlowId: 'other' } as unknown as Input,
    });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toMatch(/instanceId/);
    expect(h.simulator.count()).toBe(0);
  });
});
