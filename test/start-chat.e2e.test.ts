import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StartChatDocument, type StartChatMutationVariables } from './generated/graphql.js';
import { ACME, chatResult, GLOBEX, type Harness, startHarness } from './helpers/harness.js';

const minimal: StartChatMutationVariables = { input: { participantDetails: { displayName: 'Ada' } } };

describe('startChatContact against the Connect simulator (real SDK, SigV4, loopback)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      CONNECT_MAX_ATTEMPTS: '3',
      CONNECT_DEADLINE_MS: '3000',
      CONNECT_REQUEST_TIMEOUT_MS: '1000',
    });
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.simulator.faults.clear();
    h.simulator.received.length = 0;
  });

  it('maps every input field to the PascalCase body Connect receives, with instance and flow from the tenant', async () => {
    const source = await h.execute(StartChatDocument, minimal);
    expect(source.body.data?.startChatContact.__typename).toBe('StartChatContactPayload');
    const sourceId = String(chatResult(source).contactId);
    h.simulator.received.length = 0;

    const result = await h.execute(StartChatDocument, {
      input: {
        participantDetails: { displayName: 'Ada Lovelace' },
        initialMessage: { contentType: 'TEXT_MARKDOWN', content: '**Hello**' },
        attributes: [
          { key: 'orderId', value: 'A-1001' },
          { key: 'lang', value: 'fr' },
        ],
        segmentAttributes: [
          { key: 'connect:CustomerAuthentication', value: { valueString: 'verified' } },
          {
            key: 'loyalty',
            value: { valueMap: [{ key: 'points', value: { valueInteger: 42 } }] },
          },
        ],
        clientToken: 'token-123',
        chatDurationInMinutes: 120,
        supportedMessagingContentTypes: [
          'TEXT_PLAIN',
          'TEXT_MARKDOWN',
          'APPLICATION_JSON',
          'INTERACTIVE',
          'INTERACTIVE_RESPONSE',
        ],
        persistentChat: { rehydrationType: 'ENTIRE_PAST_SESSION', sourceContactId: sourceId },
        customerId: 'customer-42',
        participantConfiguration: { responseMode: 'INCREMENTAL' },
        disconnectOnCustomerExit: ['AGENT'],
      },
    });
    const payload = result.body.data?.startChatContact;
    expect(payload).toMatchObject({
      __typename: 'StartChatContactPayload',
      region: 'eu-west-2',
      continuedFromContactId: sourceId,
    });
    expect(h.simulator.received).toHaveLength(1);
    const call = h.simulator.received[0]!;
    expect(call.region).toBe('eu-west-2');
    expect(call.body).toEqual({
      InstanceId: 'acme-instance',
      ContactFlowId: 'acme-flow',
      ParticipantDetails: { DisplayName: 'Ada Lovelace' },
      InitialMessage: { ContentType: 'text/markdown', Content: '**Hello**' },
      Attributes: { orderId: 'A-1001', lang: 'fr' },
      SegmentAttributes: {
        'connect:CustomerAuthentication': { ValueString: 'verified' },
        loyalty: { ValueMap: { points: { ValueInteger: 42 } } },
      },
      // Scoped server-side to the tenant (and end user), so two callers never share a contact.
      ClientToken: createHash('sha256').update('acme\u0000\u0000token-123').digest('hex'),
      ChatDurationInMinutes: 120,
      SupportedMessagingContentTypes: [
        'text/plain',
        'text/markdown',
        'application/json',
        'application/vnd.amazonaws.connect.message.interactive',
        'application/vnd.amazonaws.connect.message.interactive.response',
      ],
      PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: sourceId },
      CustomerId: 'customer-42',
      ParticipantConfiguration: { ResponseMode: 'INCREMENTAL' },
      DisconnectOnCustomerExit: ['AGENT'],
    });
  });

  it('passes relatedContactId through', async () => {
    const first = await h.execute(StartChatDocument, minimal);
    const contactId = String(chatResult(first).contactId);
    const related = await h.execute(StartChatDocument, {
      input: { participantDetails: { displayName: 'Ada' }, relatedContactId: contactId },
    });
    expect(related.body.data?.startChatContact.__typename).toBe('StartChatContactPayload');
    expect(h.simulator.received.at(-1)?.body.RelatedContactId).toBe(contactId);
  });

  it("sends each tenant's calls to its own instance, flow, region and credentials", async () => {
    const result = await h.execute(StartChatDocument, minimal, GLOBEX);
    expect(result.body.data?.startChatContact).toMatchObject({
      __typename: 'StartChatContactPayload',
      region: 'us-east-1',
    });
    expect(h.simulator.received).toEqual([
      expect.objectContaining({
        accessKeyId: 'AGLOBEXACCESSKEY',
        region: 'us-east-1',
        body: expect.objectContaining({ InstanceId: 'globex-instance', ContactFlowId: 'globex-flow' }),
      }),
    ]);
    await h.execute(StartChatDocument, minimal, ACME);
    expect(h.simulator.received[1]).toMatchObject({ accessKeyId: 'ASIMULATORACCESSKEY', region: 'eu-west-2' });
  });

  it('returns the same contact for the same clientToken', async () => {
    const input = { participantDetails: { displayName: 'Ada' }, clientToken: 'same-token' };
    const a = await h.execute(StartChatDocument, { input });
    const b = await h.execute(StartChatDocument, { input });
    expect(chatResult(a).contactId).toBe(chatResult(b).contactId);
  });

  it('retries throttling and gets one contact with one ClientToken', async () => {
    h.simulator.faults.inject('throttle', { times: 2 });
    const result = await h.execute(StartChatDocument, minimal);
    expect(result.body.data?.startChatContact.__typename).toBe('StartChatContactPayload');
    expect(h.simulator.received.map((c) => c.error ?? 'ok')).toEqual([
      'TooManyRequestsException',
      'TooManyRequestsException',
      'ok',
    ]);
    const tokens = new Set(h.simulator.received.map((c) => c.body.ClientToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns RateLimitedError when still throttled after every attempt', async () => {
    h.simulator.faults.inject('throttle', { times: 10 });
    const result = await h.execute(StartChatDocument, minimal);
    expect(result.body.data?.startChatContact).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect(chatResult(result).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(h.simulator.count()).toBe(3);
  });

  it('calls Connect exactly once for LimitExceededException and returns ChatCapacityExceededError', async () => {
    h.simulator.faults.inject('chatLimit', { times: 5 });
    const result = await h.execute(StartChatDocument, minimal);
    expect(result.body.data?.startChatContact).toMatchObject({
      __typename: 'ChatCapacityExceededError',
      code: 'CHAT_CAPACITY_EXCEEDED',
    });
    expect(h.simulator.count()).toBe(1);
  });

  it('retries a 5xx and a dropped connection, then succeeds', async () => {
    h.simulator.faults.inject('serverError', { times: 1 }).inject('drop', { times: 1 });
    const result = await h.execute(StartChatDocument, minimal);
    expect(result.body.data?.startChatContact.__typename).toBe('StartChatContactPayload');
    expect(h.simulator.received.map((c) => c.error ?? 'ok')).toEqual(['InternalServiceException', 'ok']);
  });

  it('survives added latency below the request timeout', async () => {
    h.simulator.faults.inject('latency', { times: 1, ms: 200 });
    const result = await h.execute(StartChatDocument, minimal);
    expect(result.body.data?.startChatContact.__typename).toBe('StartChatContactPayload');
  });

  it('maps persistent 5xx to ChatUnavailableError with the request ID, and logs the detail only', async () => {
    h.simulator.faults.inject('serverError', { times: 10 });
    const result = await h.execute(StartChatDocument, minimal, { ...ACME, 'x-request-id': 'req-5xx-1' });
    expect(result.body.data?.startChatContact).toEqual({
      __typename: 'ChatUnavailableError',
      code: 'CHAT_UNAVAILABLE',
      message: 'Chat is unavailable right now. Quote request ID req-5xx-1 when contacting support.',
      requestId: 'req-5xx-1',
    });
    expect(result.headers.get('x-request-id')).toBe('req-5xx-1');
    expect(JSON.stringify(result.body)).not.toMatch(/InternalService|acme-instance|arn:/);
    const line = h.logLines.find((l) => l.includes('req-5xx-1') && l.includes('StartChatContact failed'));
    expect(line).toContain('InternalServiceException');
  });

  it('maps a misconfigured tenant (unknown flow) to ChatUnavailableError without leaking the instance', async () => {
    const result = await h.execute(StartChatDocument, minimal, { 'x-api-key': 'broken-public-key' });
    expect(result.body.data?.startChatContact.__typename).toBe('ChatUnavailableError');
    expect(JSON.stringify(result.body)).not.toMatch(/no-such-flow|acme-instance|ResourceNotFound/);
    expect(h.simulator.received.map((c) => c.error)).toEqual(['ResourceNotFoundException']);
  });

  it('never logs the participant token, the customer ID or the API key', async () => {
    const result = await h.execute(StartChatDocument, {
      input: { participantDetails: { displayName: 'Ada' }, customerId: 'very-private-customer' },
    });
    const token = String(chatResult(result).participantToken);
    expect(token.length).toBeGreaterThan(20);
    expect(h.log()).not.toContain(token);
    expect(h.log()).not.toContain('very-private-customer');
    expect(h.log()).not.toContain('acme-public-key');
  });
});

describe('deadlines', () => {
  it('gives ChatUnavailableError within the deadline when Connect hangs', async () => {
    // The per-attempt timeout is longer than the deadline, so only the deadline can end the call.
    const h = await startHarness({ CONNECT_DEADLINE_MS: '600', CONNECT_REQUEST_TIMEOUT_MS: '30000' });
    try {
      h.simulator.faults.inject('hang');
      const started = performance.now();
      const result = await h.execute(StartChatDocument, minimal);
      const elapsed = performance.now() - started;
      expect(result.body.data?.startChatContact.__typename).toBe('ChatUnavailableError');
      expect(elapsed).toBeGreaterThanOrEqual(590);
      expect(elapsed).toBeLessThan(5000);
      expect(h.log()).toContain('DeadlineExceededError');
    } finally {
      await h.close();
    }
  });

  it('times out each hung attempt and retries within the deadline', async () => {
    const h = await startHarness({ CONNECT_DEADLINE_MS: '5000', CONNECT_REQUEST_TIMEOUT_MS: '200' });
    try {
      h.simulator.faults.inject('hang', { times: 1 });
      const result = await h.execute(StartChatDocument, minimal);
      expect(result.body.data?.startChatContact.__typename).toBe('StartChatContactPayload');
      expect(h.simulator.count()).toBe(1); // the hung attempt never reached the handler's record
    } finally {
      await h.close();
    }
  });
});
