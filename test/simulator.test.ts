import { request as httpRequest } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { ConnectClient, StartChatContactCommand } from '@aws-sdk/client-connect';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

describe('STS AssumeRole in the simulator (awsQuery, SigV4 for sts)', () => {
  const ROLE = 'arn:aws:iam::111122223333:role/ConnectChat';
  const OPEN_ROLE = 'arn:aws:iam::111122223333:role/NoExternalIdCondition';
  let simulator: Simulator;
  let offsetMs = 0;
  const assumeRoleBody = (params: Record<string, string> = {}) =>
    new URLSearchParams({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: 'tests',
      ExternalId: 'the-external-id',
      DurationSeconds: '3600',
      ...params,
    }).toString();

  /** POSTs `body` to the simulator's `/`, signed by hand (or not), so every part can be spoiled. */
  async function post(
    body: string,
    options: { credentials?: AwsCredentialIdentity; service?: string; sendBody?: string; signed?: boolean } = {},
  ): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
    const url = new URL(simulator.url);
    let headers: Record<string, string> = { host: url.host, 'content-type': 'application/x-www-form-urlencoded' };
    if (options.signed !== false) {
      const signer = new SignatureV4({
        credentials: options.credentials ?? SIMULATOR_CREDENTIALS,
        region: 'eu-west-2',
        service: options.service ?? 'sts',
        sha256: Sha256,
      });
      const signed = await signer.sign({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers,
        body,
      });
      headers = signed.headers;
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${simulator.url}/`, { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.on('error', reject);
      req.end(options.sendBody ?? body);
    });
  }
  const xml = (text: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(text)?.[1];
  const assumeWithSdk = (params: { RoleArn: string; ExternalId?: string }) =>
    fromTemporaryCredentials({
      params: { ...params, RoleSessionName: 'sdk-tests' },
      masterCredentials: SIMULATOR_CREDENTIALS,
      clientConfig: { region: 'eu-west-2', endpoint: simulator.url, maxAttempts: 1 },
    })();
  const connect = (credentials: AwsCredentialIdentity) =>
    new ConnectClient({
      region: 'eu-west-2',
      endpoint: simulator.url,
      credentials,
      retryStrategy: new ConfiguredRetryStrategy(1, 0),
    });

  beforeAll(async () => {
    simulator = createSimulator({
      credentials: [SIMULATOR_CREDENTIALS],
      instances: [{ instanceId: 'i-1', contactFlowIds: ['f-1'] }],
      roles: [{ roleArn: ROLE, externalId: 'the-external-id' }, { roleArn: OPEN_ROLE }],
      clock: () => Date.now() + offsetMs,
    });
    await simulator.listen();
  });
  afterAll(() => simulator.close());
  beforeEach(() => {
    offsetMs = 0;
    simulator.stsCalls.length = 0;
    simulator.received.length = 0;
  });

  it('answers a signed AssumeRole with the real XML shape and records the call', async () => {
    const response = await post(assumeRoleBody());
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/xml');
    expect(response.text).toMatch(
      /^<AssumeRoleResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<AssumeRoleResult>\s*<AssumedRoleUser>[\s\S]*<\/AssumedRoleUser>\s*<Credentials>[\s\S]*<\/Credentials>\s*<\/AssumeRoleResult>\s*<ResponseMetadata>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ResponseMetadata>\s*<\/AssumeRoleResponse>\s*$/,
    );
    expect(xml(response.text, 'AccessKeyId')).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(xml(response.text, 'SecretAccessKey')).toMatch(/^.{40}$/);
    expect(xml(response.text, 'SessionToken')?.length).toBeGreaterThan(100);
    const expiration = Date.parse(xml(response.text, 'Expiration') ?? '');
    expect(xml(response.text, 'Expiration')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(expiration - Date.now()).toBeGreaterThan(3590_000);
    expect(expiration - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(xml(response.text, 'Arn')).toBe('arn:aws:sts::111122223333:assumed-role/ConnectChat/tests');
    expect(xml(response.text, 'AssumedRoleId')).toMatch(/^AROA[A-Z0-9]{17}:tests$/);
    expect(simulator.stsCalls).toEqual([
      {
        operation: 'AssumeRole',
        accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId,
        region: 'eu-west-2',
        roleArn: ROLE,
        roleSessionName: 'tests',
        externalId: 'the-external-id',
        durationSeconds: 3600,
        issuedAccessKeyId: xml(response.text, 'AccessKeyId'),
      },
    ]);
  });

  it('verifies the SigV4 signature of STS calls, scoped to the sts service', async () => {
    const cases = [
      [{ signed: false }, 'MissingAuthenticationToken'],
      [
        { credentials: { accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' } },
        'SignatureDoesNotMatch',
      ],
      [{ credentials: { accessKeyId: 'AUNKNOWNKEY', secretAccessKey: 'x' } }, 'InvalidClientTokenId'],
      [{ service: 'connect' }, 'SignatureDoesNotMatch'],
      [{ sendBody: assumeRoleBody({ RoleArn: OPEN_ROLE }) }, 'SignatureDoesNotMatch'],
    ] as const;
    for (const [options, code] of cases) {
      const response = await post(assumeRoleBody(), options);
      expect([response.status, xml(response.text, 'Code'), xml(response.text, 'Type')], code).toEqual([
        403,
        code,
        'Sender',
      ]);
    }
    expect(simulator.stsCalls).toHaveLength(0);
  });

  it('refuses an unknown role or a wrong or missing external ID with AccessDenied in the ErrorResponse format', async () => {
    const withoutExternalId = new URLSearchParams(assumeRoleBody());
    withoutExternalId.delete('ExternalId');
    const bodies = [
      assumeRoleBody({ RoleArn: 'arn:aws:iam::111122223333:role/Unknown' }),
      assumeRoleBody({ ExternalId: 'wrong' }),
      withoutExternalId.toString(),
    ];
    for (const body of bodies) {
      const response = await post(body);
      expect(response.status).toBe(403);
      expect(response.text).toMatch(
        /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>AccessDenied<\/Code>\s*<Message>User: arn:aws:iam::\d{12}:user\/[\w-]+ is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role\/\w+<\/Message>\s*<\/Error>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>\s*$/,
      );
    }
    // The SDK's AwsQueryProtocol parses it: code as the error name, the message, the status.
    for (const externalId of ['wrong', undefined]) {
      await expect(
        assumeWithSdk({ RoleArn: ROLE, ...(externalId ? { ExternalId: externalId } : {}) }),
      ).rejects.toMatchObject({
        name: 'AccessDenied',
        message: expect.stringContaining(`is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`),
        $fault: 'client',
        $metadata: { httpStatusCode: 403, requestId: expect.any(String) },
      });
    }
    // A role without an ExternalId condition accepts any.
    await expect(assumeWithSdk({ RoleArn: OPEN_ROLE, ExternalId: 'anything' })).resolves.toMatchObject({
      accessKeyId: expect.stringMatching(/^ASIA/),
    });
    expect(simulator.stsCalls.map((c) => c.error)).toEqual([...Array(5).fill('AccessDenied'), undefined]);
  });

  it('validates AssumeRole parameters as STS does', async () => {
    const tooShort = await post(assumeRoleBody({ DurationSeconds: '60' }));
    expect([tooShort.status, xml(tooShort.text, 'Code')]).toEqual([400, 'ValidationError']);
    expect(xml(tooShort.text, 'Message')).toContain("at 'durationSeconds' failed to satisfy constraint");
    const tooLong = await post(assumeRoleBody({ DurationSeconds: '7200' }));
    expect(xml(tooLong.text, 'Message')).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    const otherAction = await post(assumeRoleBody({ Action: 'GetCallerIdentity' }));
    expect([otherAction.status, xml(otherAction.text, 'Code')]).toEqual([400, 'InvalidAction']);
  });

  it('accepts issued credentials for Connect with their session token, until they expire', async () => {
    const issued = await assumeWithSdk({ RoleArn: ROLE, ExternalId: 'the-external-id' });
    await expect(connect(issued).send(new StartChatContactCommand(request))).resolves.toMatchObject({
      ContactId: expect.any(String),
    });
    expect(simulator.received).toMatchObject([{ accessKeyId: issued.accessKeyId, roleArn: ROLE }]);
    // Static keys sign with no role.
    await connect(SIMULATOR_CREDENTIALS).send(new StartChatContactCommand(request));
    expect(simulator.received[1]!.roleArn).toBeUndefined();

    const { sessionToken: _omitted, ...withoutToken } = issued;
    await expect(connect(withoutToken).send(new StartChatContactCommand(request))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      connect({ ...issued, sessionToken: 'not-the-token' }).send(new StartChatContactCommand(request)),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    await expect(
      connect({ ...SIMULATOR_CREDENTIALS, sessionToken: issued.sessionToken }).send(
        new StartChatContactCommand(request),
      ),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });

    offsetMs = 3600_000; // the simulator's clock passes the expiration
    await expect(connect(issued).send(new StartChatContactCommand(request))).rejects.toMatchObject({
      name: 'ExpiredTokenException',
      $metadata: { httpStatusCode: 403 },
    });
    expect(simulator.received).toHaveLength(2);
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
