import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatSettingsDocument, type StartChatContactInput, StartChatDocument } from './generated/graphql.js';
import { chatResult, type Harness, startHarness } from './helpers/harness.js';

/** Tenants with policies, all on the simulator's acme instance. */
const TENANTS = {
  tenants: [
    {
      id: 'strict',
      apiKeys: ['strict-public-key'],
      connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
      attributes: { allow: ['orderId', 'utm_*'], set: { brand: 'strict', channel: 'web' } },
      segmentAttributes: { allow: ['connect:*'] },
      chat: {
        supportedContentTypes: ['TEXT_PLAIN', 'TEXT_MARKDOWN'],
        chatDurationInMinutes: { default: 90, max: 240 },
        initialMessage: false,
        persistentChat: false,
        relatedContacts: false,
      },
    },
    {
      id: 'capped',
      apiKeys: ['capped-public-key'],
      connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
      attributes: { allow: ['*'], set: { big: 'x'.repeat(32_000) } },
      chat: { chatDurationInMinutes: { max: 120 } },
    },
    {
      id: 'open',
      apiKeys: ['open-public-key'],
      connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
    },
  ],
};

const STRICT = { 'x-api-key': 'strict-public-key' };
const base = { participantDetails: { displayName: 'Ada' } } satisfies StartChatContactInput;

describe('tenant attribute and chat policy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { tenants: TENANTS });
  });
  afterAll(() => h.close());

  const start = (input: StartChatContactInput, headers: Record<string, string> = STRICT) =>
    h.execute(StartChatDocument, { input }, headers);
  const lastBody = () => h.simulator.received.at(-1)?.body as Record<string, unknown>;

  it('merges server attributes over allowed client attributes and fills the tenant defaults', async () => {
    const result = await start({
      ...base,
      attributes: [
        { key: 'orderId', value: 'A-1' },
        { key: 'utm_source', value: 'mail' },
      ],
    });
    expect(chatResult(result).__typename).toBe('StartChatContactPayload');
    expect(lastBody()).toMatchObject({
      Attributes: { orderId: 'A-1', utm_source: 'mail', brand: 'strict', channel: 'web' },
      ChatDurationInMinutes: 90,
      SupportedMessagingContentTypes: ['text/plain', 'text/markdown'],
    });
  });

  it('refuses every client key outside the allow-list, naming each, and sends nothing', async () => {
    const before = h.simulator.received.length;
    const result = await start({
      ...base,
      attributes: [
        { key: 'orderId', value: 'A-1' },
        { key: 'brand', value: 'fake' },
        { key: 'vip', value: 'yes' },
      ],
      segmentAttributes: [{ key: 'loyalty', value: { valueString: 'gold' } }],
    });
    const error = chatResult(result);
    expect(error.__typename).toBe('InvalidInputError');
    expect(error.fieldErrors).toEqual([
      { path: ['input', 'attributes', '1', 'key'], message: 'Attribute "brand" is set by the server for this tenant.' },
      {
        path: ['input', 'attributes', '2', 'key'],
        message: expect.stringMatching(/"vip" may not be set by the client.*orderId, utm_\*/),
      },
      { path: ['input', 'segmentAttributes', '0', 'key'], message: expect.stringContaining('"loyalty"') },
    ]);
    expect(h.simulator.received.length).toBe(before);
  });

  it('refuses what the chat policy forbids, each on its own field', async () => {
    const result = await start({
      ...base,
      initialMessage: { contentType: 'TEXT_PLAIN', content: 'hi' },
      persistentChat: { rehydrationType: 'ENTIRE_PAST_SESSION', sourceContactId: 'c-1' },
      chatDurationInMinutes: 300,
      supportedMessagingContentTypes: ['TEXT_PLAIN', 'APPLICATION_JSON'],
    });
    expect(chatResult(result).fieldErrors).toEqual([
      { path: ['input', 'initialMessage'], message: 'This tenant does not allow an initial message.' },
      { path: ['input', 'persistentChat'], message: 'This tenant does not allow persistent chats.' },
      {
        path: ['input', 'supportedMessagingContentTypes', '1'],
        message: expect.stringContaining('APPLICATION_JSON is not offered'),
      },
      {
        path: ['input', 'chatDurationInMinutes'],
        message: 'Chat duration must be at most 240 minutes for this tenant.',
      },
    ]);
    const related = await start({ ...base, relatedContactId: 'c-2' });
    expect(chatResult(related).fieldErrors).toEqual([
      {
        path: ['input', 'relatedContactId'],
        message: 'This tenant does not allow relating a chat to another contact.',
      },
    ]);
  });

  it('checks the 32,768-byte budget after the server attributes are merged', async () => {
    const before = h.simulator.received.length;
    const result = await start(
      { ...base, attributes: [{ key: 'note', value: 'y'.repeat(1000) }] },
      {
        'x-api-key': 'capped-public-key',
      },
    );
    const error = chatResult(result);
    expect(error.fieldErrors).toEqual([
      {
        path: ['input', 'attributes'],
        message: expect.stringMatching(/including the ones the tenant adds; these total 33007/),
      },
    ]);
    expect(h.simulator.received.length).toBe(before);
  });

  it('sends the tenant maximum when Connect’s default duration would exceed it', async () => {
    await start(base, { 'x-api-key': 'capped-public-key' });
    expect(lastBody().ChatDurationInMinutes).toBe(120);
  });

  it('keeps today’s behaviour for a tenant without a policy', async () => {
    const result = await start(
      {
        ...base,
        attributes: [{ key: 'anything', value: '1' }],
        initialMessage: { contentType: 'TEXT_PLAIN', content: 'hi' },
      },
      { 'x-api-key': 'open-public-key' },
    );
    expect(chatResult(result).__typename).toBe('StartChatContactPayload');
    expect(lastBody().Attributes).toEqual({ anything: '1' });
    expect(lastBody().ChatDurationInMinutes).toBeUndefined();
  });

  it('treats keys such as __proto__ and constructor as data', async () => {
    await start(
      {
        ...base,
        attributes: [
          { key: '__proto__', value: 'p' },
          { key: 'constructor', value: 'c' },
        ],
        segmentAttributes: [{ key: '__proto__', value: { valueString: 's' } }],
      },
      { 'x-api-key': 'open-public-key' },
    );
    expect(JSON.stringify(lastBody().Attributes)).toBe('{"__proto__":"p","constructor":"c"}');
    expect(JSON.stringify(lastBody().SegmentAttributes)).toBe('{"__proto__":{"ValueString":"s"}}');
    const strict = await start({ ...base, attributes: [{ key: 'constructor', value: 'c' }] });
    expect(chatResult(strict).fieldErrors).toEqual([
      {
        path: ['input', 'attributes', '0', 'key'],
        message: expect.stringContaining('"constructor" may not be set by the client'),
      },
    ]);
  });

  it('reflects the whole policy in chatSettings', async () => {
    const strict = await h.execute(ChatSettingsDocument, {}, STRICT);
    expect(strict.body.data?.chatSettings).toMatchObject({
      supportedContentTypes: ['TEXT_PLAIN', 'TEXT_MARKDOWN'],
      chatDurationInMinutes: { min: 60, max: 240, default: 90 },
      initialMessageAllowed: false,
      persistentChatAllowed: false,
      relatedContactsAllowed: false,
      allowedAttributeKeys: ['orderId', 'utm_*'],
      allowedSegmentAttributeKeys: ['connect:*'],
      authenticationRequired: false,
    });
    const open = await h.execute(ChatSettingsDocument, {}, { 'x-api-key': 'open-public-key' });
    expect(open.body.data?.chatSettings).toMatchObject({
      chatDurationInMinutes: { min: 60, max: 10080, default: 1500 },
      allowedAttributeKeys: null,
      allowedSegmentAttributeKeys: null,
      initialMessageAllowed: true,
    });
  });
});
