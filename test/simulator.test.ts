import { ConnectClient, StartChatContactCommand } from '@aws-sdk/client-connect';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, parseFaults, SIMULATOR_CREDENTIALS, type Simulator } from '../src/simulator/index.js';
import { START_CHAT_SHAPES } from '../src/simulator/model.js';
import { modelAvailable, modelShapes } from './helpers/model.js';

const request = { InstanceId: 'i-1', ContactFlowId: 'f-1', ParticipantDetails: { DisplayName: 'Ada' } };

describe('Connect simulator', () => {
  let simulator: Simulator;
  const client = (credentials = SIMULATOR_CREDENTIALS) =>
    new ConnectClient({
      region: 'us-east-1',
      endpoint: simulator.url,
      credentials,
      retryStrategy: new ConfiguredRetryStrategy(1, 0),
    });

  beforeAll(async () => {
    simulator = createSimulator({
      credentials: [SIMULATOR_CREDENTIALS],
      instances: [{ instanceId: 'i-1', contactFlowIds: ['f-1'] }],
    });
    await simulator.listen();
  });
  afterAll(() => simulator.close());

  it('rejects an unsigned request with 403 as AWS does', async () => {
    const response = await fetch(`${simulator.url}/contact/chat`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(simulator.count()).toBe(0);
  });

  it('rejects a signature made with the wrong secret', async () => {
    const wrong = client({ accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' });
    await expect(wrong.send(new StartChatContactCommand(request))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('rejects an unknown access key', async () => {
    const unknown = client({ accessKeyId: 'AUNKNOWNKEY', secretAccessKey: 'x' });
    await expect(unknown.send(new StartChatContactCommand(request))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('rejects a body changed after signing', async () => {
    const tampering = client();
    tampering.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { body: string | Uint8Array };
        const text = typeof req.body === 'string' ? req.body : new TextDecoder().decode(req.body);
        req.body = text.replace('Ada', 'Eve');
        return next(args);
      },
      { step: 'deserialize', name: 'tamperAfterSigning' },
    );
    await expect(tampering.send(new StartChatContactCommand(request))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
  });

  it('accepts a signed, valid request and answers like Connect', async () => {
    const output = await client().send(new StartChatContactCommand(request));
    expect(output).toMatchObject({
      ContactId: expect.any(String),
      ParticipantId: expect.any(String),
      ParticipantToken: expect.any(String),
      $metadata: { httpStatusCode: 200, requestId: expect.any(String) },
    });
  });

  it('validates bodies from the model, independently of the gateway', async () => {
    await expect(
      client().send(new StartChatContactCommand({ ...request, ParticipantDetails: { DisplayName: 'x'.repeat(257) } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
    await expect(
      client().send(new StartChatContactCommand({ ...request, SupportedMessagingContentTypes: ['text/markdown'] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers ResourceNotFoundException for an unknown instance or flow', async () => {
    await expect(
      client().send(new StartChatContactCommand({ ...request, ContactFlowId: 'nope' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(client().send(new StartChatContactCommand({ ...request, InstanceId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('answers injected faults with Connect error types', async () => {
    simulator.faults
      .inject('chatLimit', { times: 1 })
      .inject('throttle', { times: 1 })
      .inject('serverError', { times: 1 });
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await client()
          .send(new StartChatContactCommand(request))
          .then(() => 'ok')
          .catch(
            (e: { name: string; $metadata: { httpStatusCode: number } }) => `${e.name} ${e.$metadata.httpStatusCode}`,
          ),
      );
    }
    expect(outcomes).toEqual([
      'LimitExceededException 429',
      'TooManyRequestsException 429',
      'InternalServiceException 500',
      'ok',
    ]);
  });

  it('parses SIMULATOR_FAULTS', () => {
    const queue = parseFaults('throttle:2, latency@300, drop:1');
    expect([queue.take(['throttle']), queue.take(['throttle']), queue.take(['throttle'])].map((f) => f?.kind)).toEqual([
      'throttle',
      'throttle',
      undefined,
    ]);
    expect(queue.take(['latency'])).toMatchObject({ kind: 'latency', ms: 300 });
    expect(() => parseFaults('explode:1')).toThrow(/Invalid fault "explode:1"/);
  });
});

describe.skipIf(!modelAvailable)("simulator's shape table", () => {
  it('equals the official model for every StartChatContact request shape', () => {
    const strip = ({ documentation: _d, sensitive: _s, idempotencyToken: _i, ...rest }: Record<string, unknown>) =>
      rest;
    for (const [name, shape] of Object.entries(START_CHAT_SHAPES)) {
      const official = modelShapes[name] as Record<string, unknown> | undefined;
      expect(official, name).toBeDefined();
      const normalized = strip(official!);
      if (normalized.members) {
        normalized.members = Object.fromEntries(
          Object.entries(normalized.members as Record<string, { shape: string }>).map(([k, v]) => [
            k,
            { shape: v.shape },
          ]),
        );
      }
      expect(shape, name).toEqual(normalized);
    }
  });
});
