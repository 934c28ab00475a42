import { request as httpRequest } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { ConnectClient, DescribeContactCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, parseFaults, SIMULATOR_CREDENTIALS, type Simulator } from '../src/simulator/index.js';
import { DESCRIBE_CONTACT_SHAPES, START_CHAT_SHAPES } from '../src/simulator/model.js';
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

  it('keeps a fault aimed at one operation at the front until a call of that operation takes it', () => {
    const queue = parseFaults('').inject('throttle', { times: 1, operation: 'DescribeContact' });
    expect(queue.take(['throttle'], 'StartChatContact')).toBeUndefined();
    expect(queue.take(['throttle'])).toBeUndefined();
    expect(queue.take(['throttle'], 'DescribeContact')).toMatchObject({
      kind: 'throttle',
      operation: 'DescribeContact',
    });
    expect(queue.take(['throttle'], 'DescribeContact')).toBeUndefined();
  });
});

describe('DescribeContact in the simulator (GET /contacts/{InstanceId}/{ContactId})', () => {
  let simulator: Simulator;
  const client = (credentials: AwsCredentialIdentity = SIMULATOR_CREDENTIALS) =>
    new ConnectClient({
      region: 'us-east-1',
      endpoint: simulator.url,
      credentials,
      retryStrategy: new ConfiguredRetryStrategy(1, 0),
    });
  const start = async (InstanceId = 'i-1', more: Record<string, unknown> = {}) =>
    (
      await client().send(
        new StartChatContactCommand({
          ...request,
          ...more,
          InstanceId,
          ContactFlowId: InstanceId === 'i-1' ? 'f-1' : 'f-2',
        }),
      )
    ).ContactId!;
  const describeContact = (InstanceId: string, ContactId: string, credentials?: AwsCredentialIdentity) =>
    client(credentials).send(new DescribeContactCommand({ InstanceId, ContactId }));
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (e: { name: string; $metadata: { httpStatusCode: number } }) => `${e.name} ${e.$metadata.httpStatusCode}`,
    );

  /** GETs `path` signed by hand (or not), to see the raw answer. */
  async function get(path: string, options: { signed?: boolean } = {}) {
    const url = new URL(simulator.url);
    let headers: Record<string, string> = { host: url.host };
    if (options.signed !== false) {
      const signer = new SignatureV4({
        credentials: SIMULATOR_CREDENTIALS,
        region: 'us-east-1',
        service: 'connect',
        sha256: Sha256,
      });
      const signed = await signer.sign({
        method: 'GET',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path,
        headers,
      });
      headers = signed.headers;
    }
    const response = await fetch(`${simulator.url}${path}`, { headers });
    return {
      status: response.status,
      errorType: response.headers.get('x-amzn-errortype'),
      body: await response.json(),
    };
  }

  beforeAll(async () => {
    simulator = createSimulator({
      credentials: [SIMULATOR_CREDENTIALS],
      instances: [
        { instanceId: 'i-1', contactFlowIds: ['f-1'], defaultQueueId: 'q-default' },
        { instanceId: 'i-2', contactFlowIds: ['f-2'] },
      ],
    });
    await simulator.listen();
  });
  afterAll(() => simulator.close());
  beforeEach(() => {
    simulator.faults.clear();
    simulator.received.length = 0;
    simulator.describeCalls.length = 0;
  });

  it('requires a valid SigV4 signature, and records only authenticated calls', async () => {
    const contactId = await start();
    const unsigned = await get(`/contacts/i-1/${contactId}`, { signed: false });
    expect([unsigned.status, unsigned.errorType]).toEqual([403, 'MissingAuthenticationTokenException']);
    expect(
      await outcome(
        describeContact('i-1', contactId, { accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' }),
      ),
    ).toBe('InvalidSignatureException 403');
    expect(await outcome(describeContact('i-1', contactId, { accessKeyId: 'AUNKNOWNKEY', secretAccessKey: 'x' }))).toBe(
      'UnrecognizedClientException 403',
    );
    expect(simulator.describeCalls).toHaveLength(0);
    expect(await outcome(describeContact('i-1', contactId))).toBe('ok');
    expect(simulator.describeCalls).toEqual([
      {
        operation: 'DescribeContact',
        instanceId: 'i-1',
        contactId,
        accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId,
        region: 'us-east-1',
      },
    ]);
    // `received` and count() stay StartChatContact only.
    expect(simulator.count()).toBe(1);
  });

  it('answers the Contact with the model’s member names and epoch-seconds timestamps', async () => {
    const before = Date.now();
    const contactId = await start('i-1', { CustomerId: 'customer-1' });
    const { status, body } = await get(`/contacts/i-1/${contactId}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      Contact: {
        Arn: `arn:aws:connect:us-east-1:123456789012:instance/i-1/contact/${contactId}`,
        Id: contactId,
        InitiationMethod: 'API',
        Channel: 'CHAT',
        QueueInfo: { Id: 'q-default', EnqueueTimestamp: expect.any(Number) },
        InitiationTimestamp: expect.any(Number),
        LastUpdateTimestamp: expect.any(Number),
        CustomerId: 'customer-1',
      },
    });
    expect(body.Contact.InitiationTimestamp * 1000).toBeGreaterThanOrEqual(before);
    expect(body.Contact.InitiationTimestamp * 1000).toBeLessThanOrEqual(Date.now());

    simulator.advanceContact(contactId, 'CONNECTED_TO_AGENT', { agentId: 'agent-1' });
    simulator.advanceContact(contactId, 'DISCONNECTED');
    const ended = (await get(`/contacts/i-1/${contactId}`)).body.Contact;
    expect(ended).toMatchObject({
      AgentInfo: { Id: 'agent-1', ConnectedToAgentTimestamp: expect.any(Number) },
      DisconnectTimestamp: expect.any(Number),
      DisconnectReason: 'CUSTOMER_DISCONNECT',
    });

    // The SDK parses them back into Dates.
    const parsed = await describeContact('i-1', contactId);
    expect(parsed.Contact?.InitiationTimestamp).toEqual(new Date(body.Contact.InitiationTimestamp * 1000));
    expect(parsed.Contact?.AgentInfo?.ConnectedToAgentTimestamp).toBeInstanceOf(Date);
  });

  it.skipIf(!modelAvailable)('uses only members and timestamp shapes of the official Contact', async () => {
    const source = await start();
    const contactId = await start('i-1', { RelatedContactId: source, CustomerId: 'c' });
    simulator.advanceContact(contactId, 'CONNECTED_TO_AGENT');
    simulator.advanceContact(contactId, 'DISCONNECTED');
    const contact = (await get(`/contacts/i-1/${contactId}`)).body.Contact as Record<string, unknown>;
    const check = (value: Record<string, unknown>, shapeName: string) => {
      for (const [member, v] of Object.entries(value)) {
        const ref = modelShapes[shapeName]?.members?.[member];
        expect(ref, `${shapeName}.${member}`).toBeDefined();
        const shape = modelShapes[ref!.shape]!;
        if (shape.type === 'timestamp') {
          // No timestampFormat trait: REST-JSON bodies carry epoch seconds.
          expect(shape.timestampFormat, `${shapeName}.${member}`).toBeUndefined();
          expect(typeof v, `${shapeName}.${member}`).toBe('number');
        } else if (shape.type === 'structure') check(v as Record<string, unknown>, ref!.shape);
        else expect(typeof v, `${shapeName}.${member}`).toBe('string');
      }
    };
    check(contact, 'Contact');
    expect(Object.keys(contact)).toEqual(
      expect.arrayContaining(['AgentInfo', 'DisconnectTimestamp', 'RelatedContactId']),
    );
  });

  it('answers 404 ResourceNotFoundException as Connect does for an unknown ID or another instance’s contact', async () => {
    const inOther = await start('i-2');
    for (const path of [`/contacts/i-1/${inOther}`, '/contacts/i-1/no-such-contact', `/contacts/nope/${inOther}`]) {
      const response = await get(path);
      expect([response.status, response.errorType], path).toEqual([404, 'ResourceNotFoundException']);
      expect(response.body).toEqual({ __type: 'ResourceNotFoundException', Message: expect.any(String) });
    }
    expect(await outcome(describeContact('i-1', inOther))).toBe('ResourceNotFoundException 404');
    expect(await outcome(describeContact('i-2', inOther))).toBe('ok');
    expect(simulator.describeCalls.map((c) => [c.instanceId, c.error ?? 'ok'])).toEqual([
      ['i-1', 'ResourceNotFoundException'],
      ['i-1', 'ResourceNotFoundException'],
      ['nope', 'ResourceNotFoundException'],
      ['i-1', 'ResourceNotFoundException'],
      ['i-2', 'ok'],
    ]);
  });

  it('validates the URI labels against the model', async () => {
    expect(await outcome(describeContact('i-1', 'x'.repeat(257)))).toBe('InvalidParameterException 400');
    expect(await outcome(describeContact('i'.repeat(101), 'c'))).toBe('InvalidParameterException 400');
    const noContact = await get('/contacts/i-1');
    expect([noContact.status, noContact.errorType]).toEqual([404, 'UnknownOperationException']);
  });

  it('answers faults with the errors Connect uses for DescribeContact; chatLimit waits for StartChatContact', async () => {
    const contactId = await start();
    simulator.faults
      .inject('throttle', { times: 1 })
      .inject('serverError', { times: 1 })
      .inject('chatLimit', { times: 1 });
    expect(await outcome(describeContact('i-1', contactId))).toBe('ThrottlingException 429');
    expect(await outcome(describeContact('i-1', contactId))).toBe('InternalServiceException 500');
    expect(await outcome(describeContact('i-1', contactId))).toBe('ok');
    expect(await outcome(client().send(new StartChatContactCommand(request)))).toBe('LimitExceededException 429');

    // A fault aimed at DescribeContact leaves StartChatContact alone.
    simulator.faults.inject('throttle', { times: 1, operation: 'DescribeContact' });
    expect(await outcome(client().send(new StartChatContactCommand(request)))).toBe('ok');
    expect(await outcome(describeContact('i-1', contactId))).toBe('ThrottlingException 429');
  });

  it('advances only contacts it started, and only forward', async () => {
    const contactId = await start();
    expect(() => simulator.advanceContact('no-such-contact', 'CONNECTED_TO_AGENT')).toThrow(/started no contact/);
    simulator.advanceContact(contactId, 'QUEUED', { queueId: 'q-escalations' });
    simulator.advanceContact(contactId, 'CONNECTED_TO_AGENT');
    expect(() => simulator.advanceContact(contactId, 'QUEUED')).toThrow(/cannot go from CONNECTED_TO_AGENT to QUEUED/);
    const contact = (await describeContact('i-1', contactId)).Contact;
    expect(contact?.QueueInfo?.Id).toBe('q-escalations');
    expect(contact?.AgentInfo?.Id).toMatch(/^[0-9a-f-]{36}$/);
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

describe.skipIf(!modelAvailable)("simulator's shape tables", () => {
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

  it('equals the official model for the DescribeContact request shapes', () => {
    for (const [name, shape] of Object.entries(DESCRIBE_CONTACT_SHAPES)) {
      const { documentation: _d, ...official } = modelShapes[name] as Record<string, unknown>;
      if (official.members) {
        official.members = Object.fromEntries(
          Object.entries(official.members as Record<string, { shape: string }>).map(([k, v]) => [
            k,
            { shape: v.shape },
          ]),
        );
      }
      expect(shape, name).toEqual(official);
    }
  });
});

describe('a long-running simulator forgets its oldest calls and contacts past historyLimit', () => {
  const ROLE = 'arn:aws:iam::111122223333:role/ConnectChat';
  let simulator: Simulator;
  const connect = (credentials: AwsCredentialIdentity = SIMULATOR_CREDENTIALS) =>
    new ConnectClient({
      region: 'us-east-1',
      endpoint: simulator.url,
      credentials,
      retryStrategy: new ConfiguredRetryStrategy(1, 0),
    });
  const start = async (ClientToken: string) =>
    (await connect().send(new StartChatContactCommand({ ...request, ClientToken }))).ContactId!;
  const describeContact = (ContactId: string) =>
    connect()
      .send(new DescribeContactCommand({ InstanceId: 'i-1', ContactId }))
      .then(
        (out) => out.Contact?.Id,
        (e: { name: string }) => e.name,
      );

  beforeAll(async () => {
    simulator = createSimulator({
      credentials: [SIMULATOR_CREDENTIALS],
      instances: [{ instanceId: 'i-1', contactFlowIds: ['f-1'] }],
      roles: [{ roleArn: ROLE }],
      historyLimit: 5,
    });
    await simulator.listen();
  });
  afterAll(() => simulator.close());

  it('keeps the newest StartChatContact and DescribeContact calls and contacts, and their client tokens', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1) ids.push(await start(`token-${i}`));
    expect(simulator.received.map((c) => c.body.ClientToken)).toEqual([3, 4, 5, 6, 7].map((i) => `token-${i}`));
    expect(simulator.count()).toBe(5);

    // The three oldest contacts are forgotten: not found, and their client tokens start new chats.
    expect(await describeContact(ids[0]!)).toBe('ResourceNotFoundException');
    expect(await describeContact(ids[2]!)).toBe('ResourceNotFoundException');
    expect(await describeContact(ids[3]!)).toBe(ids[3]);
    expect(await describeContact(ids[7]!)).toBe(ids[7]);
    expect(await start('token-7')).toBe(ids[7]);
    const again = await start('token-0');
    expect(again).not.toBe(ids[0]);
    expect(await describeContact(again)).toBe(again);
    // Remembering token-0's new contact pushed out the oldest remembered one (token-3's).
    expect(await describeContact(ids[3]!)).toBe('ResourceNotFoundException');
    expect(await describeContact(ids[4]!)).toBe(ids[4]);

    // Seven DescribeContact calls were made: the last five are kept.
    expect(simulator.describeCalls.map((c) => c.error ?? c.contactId)).toEqual([
      ids[3],
      ids[7],
      again,
      'ResourceNotFoundException',
      ids[4],
    ]);
  });

  it('refuses a limit that would forget what it just stored', () => {
    for (const historyLimit of [0, -1, 2.5]) {
      expect(() => createSimulator({ credentials: [], instances: [], historyLimit })).toThrow(/historyLimit/);
    }
  });

  it('keeps the newest STS calls and the credentials it issued', async () => {
    const keys: AwsCredentialIdentity[] = [];
    for (let i = 0; i < 7; i += 1) {
      keys.push(
        await fromTemporaryCredentials({
          params: { RoleArn: ROLE, RoleSessionName: `history-${i}` },
          masterCredentials: SIMULATOR_CREDENTIALS,
          clientConfig: { region: 'us-east-1', endpoint: simulator.url, maxAttempts: 1 },
        })(),
      );
    }
    expect(simulator.stsCalls.map((c) => c.roleSessionName)).toEqual([2, 3, 4, 5, 6].map((i) => `history-${i}`));
    const send = (credentials: AwsCredentialIdentity) =>
      connect(credentials)
        .send(new StartChatContactCommand(request))
        .then(
          () => 'started',
          (e: { name: string }) => e.name,
        );
    expect(await send(keys[0]!)).toBe('UnrecognizedClientException');
    expect(await send(keys[6]!)).toBe('started');
  });
});
