import { randomBytes } from 'node:crypto';
import {
  ConnectClient,
  DescribeContactCommand,
  StartChatContactCommand,
  type StartChatContactCommandInput,
} from '@aws-sdk/client-connect';
import {
  CancelParticipantAuthenticationCommand,
  CompleteAttachmentUploadCommand,
  ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  DescribeViewCommand,
  DisconnectParticipantCommand,
  GetAttachmentCommand,
  GetAuthenticationUrlCommand,
  GetTranscriptCommand,
  type GetTranscriptCommandInput,
  type Item,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChatItem,
  createSimulator,
  SIMULATOR_CREDENTIALS,
  type SimulatorOptions,
} from '../src/simulator/index.js';

const TYPING = 'application/vnd.amazonaws.connect.event.typing';
const READ = 'application/vnd.amazonaws.connect.event.message.read';
const DELIVERED = 'application/vnd.amazonaws.connect.event.message.delivered';
const JOINED = 'application/vnd.amazonaws.connect.event.participant.joined';
const LEFT = 'application/vnd.amazonaws.connect.event.participant.left';
const ENDED = 'application/vnd.amazonaws.connect.event.chat.ended';
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SESSION_ID = '123e4567-e89b-12d3-a456-426614174000';

/** What a failed call answered, as `Name status`; 'ok' for success. */
const outcome = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (e: { name: string; $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode}`,
  );

/** A simulator on port 0 with one instance and flow, the Connect client and the Participant Service client. */
async function setUp(options: Partial<SimulatorOptions> = {}) {
  const simulator = createSimulator({
    credentials: [SIMULATOR_CREDENTIALS],
    instances: [{ instanceId: 'i-1', contactFlowIds: ['f-1'] }],
    agent: { joinDelayMs: 0, replyDelayMs: 0 },
    ...options,
  });
  await simulator.listen();
  const connect = new ConnectClient({
    region: 'us-east-1',
    endpoint: simulator.url,
    credentials: SIMULATOR_CREDENTIALS,
    retryStrategy: new ConfiguredRetryStrategy(1, 0),
  });
  // The Participant Service is not SigV4-authenticated, but the SDK still signs and wants some
  // credentials (without any it throws CredentialsProviderError): dummy ones, ignored as Connect ignores them.
  const participant = (attempts = 1) =>
    new ConnectParticipantClient({
      region: 'eu-west-2',
      endpoint: simulator.url,
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      retryStrategy: new ConfiguredRetryStrategy(attempts, 0),
    });
  const client = participant();

  /** Starts a chat with SigV4 through the Connect client, as the gateway does. */
  async function start(extra: Partial<StartChatContactCommandInput> = {}) {
    const out = await connect.send(
      new StartChatContactCommand({
        InstanceId: 'i-1',
        ContactFlowId: 'f-1',
        ParticipantDetails: { DisplayName: 'Ada' },
        ...extra,
      }),
    );
    return { contactId: out.ContactId!, participantId: out.ParticipantId!, participantToken: out.ParticipantToken! };
  }

  /** Starts a chat and creates the customer's connection; returns its connection token. */
  async function chat(extra: Partial<StartChatContactCommandInput> = {}) {
    const started = await start(extra);
    const connection = await client.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: started.participantToken,
        Type: ['CONNECTION_CREDENTIALS'],
        ConnectParticipant: true,
      }),
    );
    return { ...started, token: connection.ConnectionCredentials!.ConnectionToken! };
  }

  const describeContact = async (contactId: string) =>
    (await connect.send(new DescribeContactCommand({ InstanceId: 'i-1', ContactId: contactId }))).Contact!;
  return { simulator, connect, client, participant, start, chat, describeContact };
}

type Fixture = Awaited<ReturnType<typeof setUp>>;

describe('the Participant Service of the simulator, through the real ConnectParticipantClient', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp();
  });
  afterAll(() => f.simulator.close());

  it('carries a whole conversation: connection, messages, the agent, typing, receipts, paging, attachment, disconnect', async () => {
    const { simulator, client } = f;
    const { contactId, participantId, participantToken } = await f.start({
      SupportedMessagingContentTypes: ['text/plain', 'text/markdown'],
    });
    expect((await f.describeContact(contactId)).AgentInfo).toBeUndefined();

    // The participant token creates the connection: a websocket URL on the simulator and a connection token.
    const before = Date.now();
    const connection = await client.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: participantToken,
        Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'],
        ConnectParticipant: true,
      }),
    );
    const host = new URL(simulator.url).host;
    expect(connection.Websocket?.Url).toMatch(new RegExp(`^ws://${host.replace('.', '\\.')}/`));
    expect(connection.Websocket?.ConnectionExpiry).toMatch(ISO_MS);
    const wsExpiry = Date.parse(connection.Websocket!.ConnectionExpiry!) - before;
    expect(wsExpiry).toBeGreaterThanOrEqual(99_000);
    expect(wsExpiry).toBeLessThanOrEqual(101_000 + (Date.now() - before));
    const token = connection.ConnectionCredentials!.ConnectionToken!;
    expect(token).not.toBe(participantToken);
    const expiry = Date.parse(connection.ConnectionCredentials!.Expiry!) - before;
    expect(Math.abs(expiry - 24 * 3600_000)).toBeLessThan(60_000);

    // The scripted agent joins once the customer is connected; the contact is connected to an agent.
    const joined = await simulator.waitForTranscriptItem(
      contactId,
      (i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT',
    );
    expect(joined).toMatchObject({ Type: 'EVENT', DisplayName: 'Sam (simulated agent)' });
    expect((await f.describeContact(contactId)).AgentInfo?.ConnectedToAgentTimestamp).toBeInstanceOf(Date);

    // A message; the agent receives it, reads it, types and answers.
    const sent = await client.send(
      new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'Hello there' }),
    );
    expect(sent.Id).toEqual(expect.any(String));
    expect(sent.AbsoluteTime).toMatch(ISO_MS);
    const answer = await simulator.waitForTranscriptItem(contactId, (i) => i.Content === 'You said: "Hello there"');
    expect(answer).toMatchObject({ Type: 'MESSAGE', ParticipantRole: 'AGENT', ParticipantId: joined.ParticipantId });
    const events = simulator.chatEvents(contactId);
    const after = events.slice(events.findIndex((i) => i.Id === sent.Id) + 1);
    expect(after.map((i) => [i.ContentType, i.ParticipantRole])).toEqual([
      [DELIVERED, 'AGENT'],
      [READ, 'AGENT'],
      [TYPING, 'AGENT'],
      ['text/plain', 'AGENT'],
    ]);
    expect(JSON.parse(after[1]!.Content!)).toEqual({ messageId: sent.Id });

    // The customer types and reads the answer: the receipt shows in the transcript as the message's metadata.
    const typing = await client.send(new SendEventCommand({ ConnectionToken: token, ContentType: TYPING }));
    expect(typing.AbsoluteTime).toMatch(ISO_MS);
    await client.send(
      new SendEventCommand({
        ConnectionToken: token,
        ContentType: READ,
        Content: JSON.stringify({ messageId: answer.Id }),
      }),
    );
    const agentTyping = simulator.agentTyping(contactId);
    expect(agentTyping.ContentType).toBe(TYPING);
    const read = (await client.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 100 }))).Transcript!;
    expect(read.find((i) => i.Id === answer.Id)?.MessageMetadata).toEqual({
      MessageId: answer.Id,
      Receipts: [
        {
          DeliveredTimestamp: expect.stringMatching(ISO_MS),
          ReadTimestamp: expect.stringMatching(ISO_MS),
          RecipientParticipantId: participantId,
        },
      ],
    });
    // Typing and receipts are sent to the participants, not kept in the transcript.
    expect(read.some((i) => i.ContentType === TYPING || i.ContentType === READ)).toBe(false);

    // More messages (markdown is supported by this contact), each answered.
    for (const text of ['one', 'two', 'three', 'four']) {
      await client.send(
        new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/markdown', Content: text }),
      );
      await simulator.waitForTranscriptItem(contactId, (i) => i.Content === `You said: "${text}"`);
    }
    const all = simulator.transcript(contactId);
    expect(all.length).toBeGreaterThan(10);
    for (const item of all) {
      expect(item.AbsoluteTime).toMatch(ISO_MS);
      expect(['CUSTOMER', 'AGENT', 'SYSTEM']).toContain(item.ParticipantRole);
      expect(['MESSAGE', 'EVENT', 'ATTACHMENT']).toContain(item.Type);
    }

    // Paging: forward from the oldest, ascending; backward from the newest, descending (the defaults).
    const pages = async (input: Omit<GetTranscriptCommandInput, 'ConnectionToken'>) => {
      const seen: Item[][] = [];
      let NextToken: string | undefined;
      do {
        const page = await client.send(new GetTranscriptCommand({ ConnectionToken: token, ...input, NextToken }));
        expect(page.InitialContactId).toBe(contactId);
        seen.push(page.Transcript!);
        NextToken = page.NextToken;
      } while (NextToken);
      return seen;
    };
    const ids = all.map((i) => i.Id);
    const forward = await pages({ MaxResults: 3, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' });
    expect(forward.map((p) => p.length)).toEqual(chunks(ids.length, 3));
    expect(forward.flat().map((i) => i.Id)).toEqual(ids);
    const backward = await pages({ MaxResults: 4 });
    expect(backward.map((p) => p.length)).toEqual(chunks(ids.length, 4));
    expect(backward.flat().map((i) => i.Id)).toEqual([...ids].reverse());
    const backwardAscending = await pages({ MaxResults: 4, SortOrder: 'ASCENDING' });
    expect(backwardAscending[0]!.map((i) => i.Id)).toEqual(ids.slice(-4));
    // Default page size: 10 (the model's "Default: 10"), newest first.
    const first = await client.send(new GetTranscriptCommand({ ConnectionToken: token }));
    expect(first.Transcript!.map((i) => i.Id)).toEqual(ids.slice(-10).reverse());
    expect(first.NextToken).toEqual(expect.any(String));
    // Start positions: an item (included), a time, the n-th most recent.
    const fromId = await client.send(
      new GetTranscriptCommand({
        ConnectionToken: token,
        StartPosition: { Id: ids[2] },
        MaxResults: 2,
        SortOrder: 'ASCENDING',
      }),
    );
    expect(fromId.Transcript!.map((i) => i.Id)).toEqual(ids.slice(2, 4));
    const backFromId = await client.send(
      new GetTranscriptCommand({
        ConnectionToken: token,
        StartPosition: { Id: ids[5] },
        ScanDirection: 'BACKWARD',
        MaxResults: 2,
        SortOrder: 'ASCENDING',
      }),
    );
    expect(backFromId.Transcript!.map((i) => i.Id)).toEqual(ids.slice(4, 6));
    const fromTime = await client.send(
      new GetTranscriptCommand({
        ConnectionToken: token,
        StartPosition: { AbsoluteTime: all[0]!.AbsoluteTime },
        MaxResults: 1,
      }),
    );
    expect(fromTime.Transcript!.map((i) => i.Id)).toEqual([ids[0]]);
    const mostRecent = await client.send(
      new GetTranscriptCommand({
        ConnectionToken: token,
        StartPosition: { MostRecent: 1 },
        ScanDirection: 'BACKWARD',
        MaxResults: 1,
      }),
    );
    expect(mostRecent.Transcript!.map((i) => i.Id)).toEqual([ids.at(-2)]);

    // An attachment: start, PUT to the URL with the headers it names, complete, then download.
    const file = randomBytes(2048);
    const started = await client.send(
      new StartAttachmentUploadCommand({
        ConnectionToken: token,
        ContentType: 'image/png',
        AttachmentSizeInBytes: file.length,
        AttachmentName: 'photo.png',
        ClientToken: 'upload-1',
      }),
    );
    const upload = started.UploadMetadata!;
    expect(upload.Url).toMatch(new RegExp(`^http://${host.replace('.', '\\.')}/`));
    expect(upload.UrlExpiry).toMatch(ISO_MS);
    expect(upload.HeadersToInclude).toMatchObject({ 'Content-Type': 'image/png' });
    const put = await fetch(upload.Url!, { method: 'PUT', headers: upload.HeadersToInclude, body: file });
    expect(put.status).toBe(200);
    await client.send(
      new CompleteAttachmentUploadCommand({
        ConnectionToken: token,
        AttachmentIds: [started.AttachmentId!],
        ClientToken: 'c-1',
      }),
    );
    const attachmentItem = simulator.transcript(contactId).find((i) => i.Type === 'ATTACHMENT');
    expect(attachmentItem).toMatchObject({
      ParticipantRole: 'CUSTOMER',
      ParticipantId: participantId,
      DisplayName: 'Ada',
      Attachments: [
        {
          ContentType: 'image/png',
          AttachmentId: started.AttachmentId,
          AttachmentName: 'photo.png',
          Status: 'APPROVED',
        },
      ],
    });
    await simulator.waitForTranscriptItem(contactId, (i) => i.Content === 'Thanks, I received "photo.png".');
    const got = await client.send(
      new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: started.AttachmentId, UrlExpiryInSeconds: 60 }),
    );
    expect(got.AttachmentSizeInBytes).toBe(file.length);
    expect(Date.parse(got.UrlExpiry!) - Date.now()).toBeLessThanOrEqual(60_000);
    const download = await fetch(got.Url!);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).equals(file)).toBe(true);

    // The customer leaves: participant.left and chat.ended close the transcript; the contact is disconnected.
    await client.send(new DisconnectParticipantCommand({ ConnectionToken: token }));
    expect(
      simulator
        .transcript(contactId)
        .slice(-2)
        .map((i) => [i.ContentType, i.ParticipantRole]),
    ).toEqual([
      [LEFT, 'CUSTOMER'],
      [ENDED, 'SYSTEM'],
    ]);
    expect(await f.describeContact(contactId)).toMatchObject({ DisconnectReason: 'CUSTOMER_DISCONNECT' });

    // Afterwards every operation of that chat is refused as Connect refuses a disconnected participant.
    const refused = await Promise.all([
      outcome(client.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'x' }))),
      outcome(client.send(new SendEventCommand({ ConnectionToken: token, ContentType: TYPING }))),
      outcome(client.send(new GetTranscriptCommand({ ConnectionToken: token }))),
      outcome(client.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: started.AttachmentId }))),
      outcome(client.send(new DisconnectParticipantCommand({ ConnectionToken: token }))),
      outcome(
        client.send(
          new StartAttachmentUploadCommand({
            ConnectionToken: token,
            ContentType: 'image/png',
            AttachmentSizeInBytes: 1,
            AttachmentName: 'a.png',
            ClientToken: 'u',
          }),
        ),
      ),
      outcome(
        client.send(
          new CreateParticipantConnectionCommand({
            ParticipantToken: participantToken,
            Type: ['CONNECTION_CREDENTIALS'],
          }),
        ),
      ),
    ]);
    expect(new Set(refused)).toEqual(new Set(['AccessDeniedException 403']));
    expect(() => simulator.agentSays(contactId, 'too late')).toThrow(/ended/);
  });

  it('answers a refused token on the wire as Connect does: 403, x-amzn-errortype, {"message":"Access denied"}', async () => {
    const response = await fetch(`${f.simulator.url}/participant/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-bearer': 'never-issued' },
      body: JSON.stringify({ ContentType: 'text/plain', Content: 'hi' }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(await response.json()).toEqual({ message: 'Access denied' });
  });

  it('needs no signature: a plain request with the bearer token is served', async () => {
    const { token } = await f.chat();
    const response = await fetch(`${f.simulator.url}/participant/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
      body: JSON.stringify({ ContentType: 'text/plain', Content: 'unsigned' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ Id: expect.any(String), AbsoluteTime: expect.stringMatching(ISO_MS) });
  });

  it('refuses a missing, malformed, unknown or misused token', async () => {
    const { simulator, client } = f;
    const { participantToken, token, contactId } = await f.chat();
    const missing = await fetch(`${simulator.url}/participant/transcript`, { method: 'POST', body: '{}' });
    expect([missing.status, missing.headers.get('x-amzn-errortype')]).toEqual([400, 'ValidationException']);
    expect((await missing.json()).Message).toMatch(/ConnectionToken: required/);
    const send = (ConnectionToken: string) =>
      outcome(client.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: 'hi' })));
    expect(await send('x'.repeat(1001))).toBe('ValidationException 400');
    expect(await send('x'.repeat(1000))).toBe('AccessDeniedException 403');
    expect(await send(participantToken)).toBe('AccessDeniedException 403'); // the participant token is not a connection token
    expect(
      await outcome(
        client.send(new CreateParticipantConnectionCommand({ ParticipantToken: token, Type: ['WEBSOCKET'] })),
      ),
    ).toBe('AccessDeniedException 403'); // nor the other way round
    // Another chat's contact ID is not this token's to read.
    const other = await f.start();
    expect(
      await outcome(client.send(new GetTranscriptCommand({ ConnectionToken: token, ContactId: other.contactId }))),
    ).toBe('AccessDeniedException 403');
    expect(await outcome(client.send(new GetTranscriptCommand({ ConnectionToken: token, ContactId: contactId })))).toBe(
      'ok',
    );
    // A refused call is recorded without its token.
    const last = simulator.participantCalls.at(-1)!;
    expect(last).toMatchObject({ operation: 'GetTranscript', contactId });
    expect(JSON.stringify(simulator.participantCalls)).not.toContain(token);
  });

  it('honours ClientToken: a retried call answers the same and nothing happens twice', async () => {
    const { simulator, client } = f;
    const { token, contactId } = await f.chat();
    const message = () =>
      client.send(
        new SendMessageCommand({
          ConnectionToken: token,
          ContentType: 'text/plain',
          Content: 'once',
          ClientToken: 'm-1',
        }),
      );
    const [a, b] = [await message(), await message()];
    expect(b.Id).toBe(a.Id);
    expect(b.AbsoluteTime).toBe(a.AbsoluteTime);
    expect(simulator.transcript(contactId).filter((i) => i.Content === 'once')).toHaveLength(1);
    const other = await client.send(
      new SendMessageCommand({
        ConnectionToken: token,
        ContentType: 'text/plain',
        Content: 'once',
        ClientToken: 'm-2',
      }),
    );
    expect(other.Id).not.toBe(a.Id);

    const typing = () =>
      client.send(new SendEventCommand({ ConnectionToken: token, ContentType: TYPING, ClientToken: 'e-1' }));
    expect((await typing()).Id).toBe((await typing()).Id);

    const startUpload = () =>
      client.send(
        new StartAttachmentUploadCommand({
          ConnectionToken: token,
          ContentType: 'text/plain',
          AttachmentSizeInBytes: 3,
          AttachmentName: 'a.txt',
          ClientToken: 'u-1',
        }),
      );
    const upload = await startUpload();
    expect((await startUpload()).AttachmentId).toBe(upload.AttachmentId);
    await fetch(upload.UploadMetadata!.Url!, {
      method: 'PUT',
      headers: upload.UploadMetadata!.HeadersToInclude,
      body: 'abc',
    });
    const complete = (ClientToken: string) =>
      outcome(
        client.send(
          new CompleteAttachmentUploadCommand({
            ConnectionToken: token,
            AttachmentIds: [upload.AttachmentId!],
            ClientToken,
          }),
        ),
      );
    expect([await complete('c-1'), await complete('c-1'), await complete('c-2')]).toEqual([
      'ok',
      'ok',
      'ConflictException 409',
    ]);
    expect(simulator.transcript(contactId).filter((i) => i.Type === 'ATTACHMENT')).toHaveLength(1);

    // A DisconnectParticipant whose answer was lost can be retried with its ClientToken; another is refused.
    const disconnect = (ClientToken: string) =>
      outcome(client.send(new DisconnectParticipantCommand({ ConnectionToken: token, ClientToken })));
    expect([await disconnect('d-1'), await disconnect('d-1'), await disconnect('d-2')]).toEqual([
      'ok',
      'ok',
      'AccessDeniedException 403',
    ]);
    expect(simulator.transcript(contactId).filter((i) => i.ContentType === ENDED)).toHaveLength(1);
  });

  it('keeps one message when the reply is lost and the SDK retries with the ClientToken it generated', async () => {
    const { simulator, participant } = f;
    const { token, contactId } = await f.chat();
    simulator.faults.inject('lostReply', { times: 1, operation: 'SendMessage' });
    const sent = await participant(2).send(
      new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'lost reply' }),
    );
    expect(sent.$metadata.attempts).toBe(2);
    expect(
      simulator
        .transcript(contactId)
        .filter((i) => i.Content === 'lost reply')
        .map((i) => i.Id),
    ).toEqual([sent.Id]);
  });

  it('validates requests at the model boundaries and the documented rules', async () => {
    const { client } = f;
    const { token } = await f.chat({ SupportedMessagingContentTypes: ['text/plain', 'application/json'] });
    const send = (ContentType: string, Content: string, ClientToken?: string) =>
      outcome(client.send(new SendMessageCommand({ ConnectionToken: token, ContentType, Content, ClientToken })));
    expect(await send('text/plain', 'x'.repeat(1024))).toBe('ok');
    expect(await send('text/plain', 'x'.repeat(1025))).toBe('ValidationException 400');
    expect(await send('text/plain', '😀'.repeat(512))).toBe('ok'); // UTF-16 units, as Connect counts
    expect(await send('text/plain', '😀'.repeat(513))).toBe('ValidationException 400');
    expect(await send('application/json', 'x'.repeat(12000))).toBe('ok');
    expect(await send('application/json', 'x'.repeat(12001))).toBe('ValidationException 400');
    expect(await send('text/plain', 'x'.repeat(16385))).toBe('ValidationException 400');
    expect(await send('text/markdown', 'not supported by this contact')).toBe('ValidationException 400');
    expect(await send('image/png', 'not a message type')).toBe('ValidationException 400');
    expect(await send('x'.repeat(101), 'type too long')).toBe('ValidationException 400');
    expect(await send('text/plain', 'token', 'x'.repeat(500))).toBe('ok');
    expect(await send('text/plain', 'token', 'x'.repeat(501))).toBe('ValidationException 400');

    const event = (ContentType: string, Content?: string) =>
      outcome(client.send(new SendEventCommand({ ConnectionToken: token, ContentType, Content })));
    expect(await event('application/vnd.amazonaws.connect.event.participant.joined')).toBe('ValidationException 400');
    expect(await event(READ)).toBe('ValidationException 400');
    expect(await event(READ, 'not json')).toBe('ValidationException 400');
    expect(await event(DELIVERED, JSON.stringify({ messageId: 'no-such-message' }))).toBe('ValidationException 400');

    const transcript = (input: Omit<GetTranscriptCommandInput, 'ConnectionToken'>) =>
      outcome(client.send(new GetTranscriptCommand({ ConnectionToken: token, ...input })));
    expect(await transcript({ MaxResults: 100 })).toBe('ok');
    expect(await transcript({ MaxResults: 101 })).toBe('ValidationException 400');
    expect(await transcript({ MaxResults: -1 })).toBe('ValidationException 400');
    expect(await transcript({ StartPosition: { MostRecent: 101 } })).toBe('ValidationException 400');
    expect(await transcript({ StartPosition: { Id: 'a', MostRecent: 1 } })).toBe('ValidationException 400');
    expect(await transcript({ StartPosition: { Id: 'no-such-item' } })).toBe('ValidationException 400');
    expect(await transcript({ StartPosition: { AbsoluteTime: 'yesterday' } })).toBe('ValidationException 400');
    expect(await transcript({ NextToken: 'forged' })).toBe('ValidationException 400');
    expect(await transcript({ ScanDirection: 'SIDEWAYS' as 'FORWARD' })).toBe('ValidationException 400');
    const empty = await client.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 0 }));
    expect([empty.Transcript, empty.NextToken]).toEqual([[], undefined]);

    const upload = (ContentType: string, AttachmentSizeInBytes: number, AttachmentName = 'f') =>
      outcome(
        client.send(
          new StartAttachmentUploadCommand({
            ConnectionToken: token,
            ContentType,
            AttachmentSizeInBytes,
            AttachmentName,
          }),
        ),
      );
    expect(await upload('application/pdf', 20 * 1024 * 1024)).toBe('ok');
    expect(await upload('application/pdf', 20 * 1024 * 1024 + 1)).toBe('ValidationException 400');
    expect(await upload('application/pdf', 0)).toBe('ValidationException 400');
    expect(await upload('application/x-msdownload', 10)).toBe('ValidationException 400');
    expect(await upload('image/png', 10, 'x'.repeat(256))).toBe('ok');
    expect(await upload('image/png', 10, 'x'.repeat(257))).toBe('ValidationException 400');

    const complete = (AttachmentIds: string[]) =>
      outcome(client.send(new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds })));
    expect(await complete([])).toBe('ValidationException 400');
    expect(await complete(['a', 'b'])).toBe('ValidationException 400');
    expect(await complete(['no-such-attachment'])).toBe('ValidationException 400');
    const getAttachment = (UrlExpiryInSeconds: number) =>
      outcome(client.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: 'a', UrlExpiryInSeconds })));
    expect(await getAttachment(4)).toBe('ValidationException 400');
    expect(await getAttachment(301)).toBe('ValidationException 400');
    expect(await getAttachment(5)).toBe('ValidationException 400'); // valid, but no such attachment

    const participantToken = (await f.start()).participantToken;
    const connect = (Type: ('WEBSOCKET' | 'CONNECTION_CREDENTIALS' | 'WEBRTC_CONNECTION')[]) =>
      outcome(client.send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type })));
    expect(await connect([])).toBe('ValidationException 400');
    expect(await connect(['WEBRTC_CONNECTION'])).toBe('ValidationException 400');
    expect(await connect(['CONNECTION_CREDENTIALS'])).toBe('ok');

    const bad = await fetch(`${f.simulator.url}/participant/message`, {
      method: 'POST',
      headers: { 'x-amz-bearer': token },
      body: '{"ContentType":',
    });
    expect([bad.status, bad.headers.get('x-amzn-errortype')]).toEqual([400, 'ValidationException']);
  });

  it('answers the operations it does not simulate per the model: DescribeView 404, authentication 400', async () => {
    const { client } = f;
    const { token } = await f.chat();
    expect(await outcome(client.send(new DescribeViewCommand({ ConnectionToken: token, ViewToken: 'v' })))).toBe(
      'ResourceNotFoundException 404',
    );
    expect(await outcome(client.send(new DescribeViewCommand({ ConnectionToken: 'nope', ViewToken: 'v' })))).toBe(
      'AccessDeniedException 403',
    );
    const auth = client.send(
      new GetAuthenticationUrlCommand({ ConnectionToken: token, SessionId: SESSION_ID, RedirectUri: 'https://x' }),
    );
    await expect(auth).rejects.toMatchObject({ name: 'ValidationException', message: /not supported/ });
    expect(
      await outcome(
        client.send(
          new GetAuthenticationUrlCommand({ ConnectionToken: token, SessionId: 'short', RedirectUri: 'https://x' }),
        ),
      ),
    ).toBe('ValidationException 400');
    await expect(
      client.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: token, SessionId: SESSION_ID })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: /not supported/ });
  });

  it('serves the upload URL only with the headers, size and signature it was made for', async () => {
    const { client } = f;
    const { token } = await f.chat();
    const start = async () =>
      (
        await client.send(
          new StartAttachmentUploadCommand({
            ConnectionToken: token,
            ContentType: 'application/pdf',
            AttachmentSizeInBytes: 10,
            AttachmentName: 'doc.pdf',
          }),
        )
      ).UploadMetadata!;
    const meta = await start();
    const put = (url: string, headers: Record<string, string>, body: string) =>
      fetch(url, { method: 'PUT', headers, body }).then(async (r) => [
        r.status,
        /<Code>(\w+)</.exec(await r.text())?.[1],
      ]);
    const headers = meta.HeadersToInclude!;
    expect(await put(meta.Url!, { ...headers, 'Content-Type': 'image/png' }, '0123456789')).toEqual([
      403,
      'SignatureDoesNotMatch',
    ]);
    expect(await put(meta.Url!, { 'Content-Type': 'application/pdf' }, '0123456789')).toEqual([
      403,
      'SignatureDoesNotMatch',
    ]);
    expect(await put(meta.Url!.replace(/Signature=[^&]+/, 'Signature=forged'), headers, '0123456789')).toEqual([
      403,
      'SignatureDoesNotMatch',
    ]);
    expect(await put(meta.Url!, headers, '01234567890')).toEqual([400, 'EntityTooLarge']);
    expect(await put(meta.Url!, headers, '012345678')).toEqual([400, 'IncompleteBody']);
    const attachmentId = new URL(meta.Url!).pathname.split('/').at(-1)!;
    // Not uploaded yet: neither completed nor downloadable.
    expect(
      await outcome(
        client.send(new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds: [attachmentId] })),
      ),
    ).toBe('ValidationException 400');
    expect(
      await outcome(client.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: attachmentId }))),
    ).toBe('ValidationException 400');
    expect(await put(meta.Url!, headers, '0123456789')).toEqual([200, undefined]);
    // Another chat cannot complete or read it.
    const other = await f.chat();
    expect(
      await outcome(
        client.send(
          new CompleteAttachmentUploadCommand({ ConnectionToken: other.token, AttachmentIds: [attachmentId] }),
        ),
      ),
    ).toBe('ValidationException 400');
    expect(
      await outcome(
        client.send(new GetAttachmentCommand({ ConnectionToken: other.token, AttachmentId: attachmentId })),
      ),
    ).toBe('ValidationException 400');
    const download = await fetch(meta.Url!.replace(/Signature=[^&]+/, 'Signature=forged'), { method: 'GET' });
    expect(download.status).toBe(403);
  });

  it('applies injected faults to Participant Service calls, as the model names them', async () => {
    const { simulator, client } = f;
    const { token } = await f.chat();
    const send = () =>
      outcome(client.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'x' })));
    const transcript = () => outcome(client.send(new GetTranscriptCommand({ ConnectionToken: token })));
    simulator.faults.inject('throttle', { times: 1 }).inject('serverError', { times: 1 });
    expect([await send(), await send(), await send()]).toEqual([
      'ThrottlingException 429',
      'InternalServerException 500',
      'ok',
    ]);
    // Aimed at one operation: the others pass.
    simulator.faults.inject('throttle', { times: 1, operation: 'GetTranscript' });
    expect([await send(), await transcript(), await transcript()]).toEqual(['ok', 'ThrottlingException 429', 'ok']);
    // A bad token is refused before faults are taken.
    simulator.faults.inject('serverError', { times: 1 });
    expect(await outcome(client.send(new GetTranscriptCommand({ ConnectionToken: 'nope' })))).toBe(
      'AccessDeniedException 403',
    );
    expect(await transcript()).toBe('InternalServerException 500');
    // Transport faults: a dropped connection, a hanging call, latency.
    simulator.faults.inject('drop', { times: 1, operation: 'SendEvent' });
    const dropped = await client
      .send(new SendEventCommand({ ConnectionToken: token, ContentType: TYPING }))
      .catch((e: Error) => e);
    expect(dropped).toBeInstanceOf(Error);
    expect(String((dropped as Error).message)).toMatch(/socket hang up|ECONNRESET|closed/i);
    simulator.faults.inject('hang', { times: 1 });
    const hung = await client
      .send(new GetTranscriptCommand({ ConnectionToken: token }), { abortSignal: AbortSignal.timeout(300) })
      .catch((e: Error) => e.name);
    expect(hung).toMatch(/Abort|Timeout/);
    simulator.faults.inject('latency', { times: 1, ms: 200 });
    const began = Date.now();
    expect(await transcript()).toBe('ok');
    expect(Date.now() - began).toBeGreaterThanOrEqual(190);
    expect(simulator.faults.applied).toMatchObject({ throttle: 2, serverError: 2, drop: 1, hang: 1, latency: 1 });
  });

  it('puts the initial message in the transcript, and the agent answers it once the customer connects', async () => {
    const { simulator } = f;
    const { contactId } = await f.chat({ InitialMessage: { ContentType: 'text/plain', Content: 'I need help' } });
    const answer = await simulator.waitForTranscriptItem(contactId, (i) => i.Content === 'You said: "I need help"');
    const transcript = simulator.transcript(contactId);
    expect(transcript.map((i) => [i.ParticipantRole, i.ContentType, i.Content])).toEqual([
      ['CUSTOMER', JOINED, undefined],
      ['CUSTOMER', 'text/plain', 'I need help'],
      ['AGENT', JOINED, undefined],
      ['AGENT', 'text/plain', answer.Content],
    ]);
    expect(transcript[1]!.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toMatch(ISO_MS);
  });

  it('ends the chat when the customer says bye: the agent says goodbye and leaves', async () => {
    const { simulator, client } = f;
    const { contactId, token } = await f.chat();
    await client.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'Bye!' }));
    await simulator.waitForTranscriptItem(contactId, (i) => i.ContentType === ENDED);
    expect(
      simulator
        .transcript(contactId)
        .slice(-3)
        .map((i) => [i.ParticipantRole, i.ContentType]),
    ).toEqual([
      ['AGENT', 'text/plain'],
      ['AGENT', LEFT],
      ['SYSTEM', ENDED],
    ]);
    expect(await f.describeContact(contactId)).toMatchObject({ DisconnectReason: 'AGENT_DISCONNECT' });
    expect(await outcome(client.send(new GetTranscriptCommand({ ConnectionToken: token })))).toBe(
      'AccessDeniedException 403',
    );
  });

  it('lets a persistent chat read the transcript of the contact it continues, and no other', async () => {
    const { simulator, client } = f;
    const past = await f.chat();
    simulator.endChat(past.contactId);
    const next = await f.chat({
      PersistentChat: { SourceContactId: past.contactId, RehydrationType: 'ENTIRE_PAST_SESSION' },
    });
    const old = await client.send(new GetTranscriptCommand({ ConnectionToken: next.token, ContactId: past.contactId }));
    expect(old.InitialContactId).toBe(past.contactId);
    expect(old.Transcript!.map((i) => i.Id)).toEqual(
      simulator
        .transcript(past.contactId)
        .map((i) => i.Id)
        .reverse(),
    );
    const own = await client.send(new GetTranscriptCommand({ ConnectionToken: next.token }));
    expect(own.InitialContactId).toBe(past.contactId);
    expect(new Set(own.Transcript!.map((i) => i.ContactId))).toEqual(new Set([next.contactId]));
    const stranger = await f.start();
    expect(
      await outcome(
        client.send(new GetTranscriptCommand({ ConnectionToken: next.token, ContactId: stranger.contactId })),
      ),
    ).toBe('AccessDeniedException 403');
  });

  it('follows advanceContact: connected to an agent adds the agent, disconnected ends the chat', async () => {
    const { simulator, client } = f;
    const { contactId, participantToken } = await f.start();
    simulator.advanceContact(contactId, 'CONNECTED_TO_AGENT');
    expect(simulator.transcript(contactId).map((i) => [i.ParticipantRole, i.ContentType])).toEqual([
      ['CUSTOMER', JOINED],
      ['AGENT', JOINED],
    ]);
    simulator.advanceContact(contactId, 'DISCONNECTED', { disconnectReason: 'AGENT_DISCONNECT' });
    expect(simulator.transcript(contactId).at(-1)?.ContentType).toBe(ENDED);
    expect(
      await outcome(
        client.send(
          new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['WEBSOCKET'] }),
        ),
      ),
    ).toBe('AccessDeniedException 403');
  });
});

describe('the control API, with the scripted agent off', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp({ agent: { enabled: false } });
  });
  afterAll(() => f.simulator.close());

  it('lets a test play the agent: join, type, say, end; and wait for items', async () => {
    const { simulator, client } = f;
    const { contactId, token } = await f.chat();
    await client.send(
      new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'anyone?' }),
    );
    // Nobody joins on their own.
    await client.send(new GetTranscriptCommand({ ConnectionToken: token }));
    expect(simulator.transcript(contactId).some((i) => i.ParticipantRole === 'AGENT')).toBe(false);
    expect((await f.describeContact(contactId)).AgentInfo).toBeUndefined();

    const waiting = simulator.waitForTranscriptItem(contactId, (i) => i.Content === 'Hi, I am here');
    const joined = simulator.agentJoins(contactId);
    expect(joined).toMatchObject({ ContentType: JOINED, ParticipantRole: 'AGENT' });
    expect(() => simulator.agentJoins(contactId)).toThrow(/already joined/);
    expect(simulator.agentTyping(contactId)).toMatchObject({
      ContentType: TYPING,
      ParticipantId: joined.ParticipantId,
    });
    const said = simulator.agentSays(contactId, 'Hi, I am here');
    expect(await waiting).toEqual(said);
    const page = await client.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 1 }));
    expect(page.Transcript).toEqual([{ ...said }]);
    expect((await f.describeContact(contactId)).AgentInfo).toBeDefined();

    simulator.endChat(contactId);
    expect(
      simulator
        .transcript(contactId)
        .slice(-2)
        .map((i) => i.ContentType),
    ).toEqual([LEFT, ENDED]);
    expect(() => simulator.endChat(contactId)).toThrow(/ended/);
    await expect(
      simulator.waitForTranscriptItem(contactId, (i: ChatItem) => i.Content === 'never', { timeoutMs: 20 }),
    ).rejects.toThrow(/No matching item/);
    expect(() => simulator.transcript('no-such-contact')).toThrow(/no chat/);
  });

  it('joins the agent first on agentSays when it has not joined', async () => {
    const { simulator } = f;
    const { contactId } = await f.chat();
    simulator.agentSays(contactId, 'Hello');
    expect(simulator.transcript(contactId).map((i) => [i.ParticipantRole, i.ContentType])).toEqual([
      ['CUSTOMER', JOINED],
      ['AGENT', JOINED],
      ['AGENT', 'text/plain'],
    ]);
  });
});

describe('token and chat lifetimes, on the simulator clock', () => {
  let now = Date.now();
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp({
      clock: () => now,
      participant: { connectionTokenLifetimeMs: 60_000 },
      agent: { enabled: false },
    });
  });
  afterAll(() => f.simulator.close());

  it('refuses a connection token past its Expiry, and a participant token of an expired chat', async () => {
    now = Date.now();
    const { client } = f;
    const { token, participantToken, contactId } = await f.chat({ ChatDurationInMinutes: 60 });
    const read = (ConnectionToken: string) => outcome(client.send(new GetTranscriptCommand({ ConnectionToken })));
    now += 59_999;
    expect(await read(token)).toBe('ok');
    now += 1;
    expect(await read(token)).toBe('AccessDeniedException 403');
    const fresh = await client.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['CONNECTION_CREDENTIALS'] }),
    );
    expect(Date.parse(fresh.ConnectionCredentials!.Expiry!)).toBe(now + 60_000);
    expect(await read(fresh.ConnectionCredentials!.ConnectionToken!)).toBe('ok');
    // ChatDurationInMinutes: 60 minutes after the start, the chat has ended.
    now += 60 * 60_000;
    expect(
      await outcome(
        client.send(
          new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['WEBSOCKET'] }),
        ),
      ),
    ).toBe('AccessDeniedException 403');
    expect(f.simulator.transcript(contactId).at(-1)?.ContentType).toBe(ENDED);
  });

  it('shows an expired chat as DISCONNECTED (EXPIRED) to DescribeContact, without a Participant Service call', async () => {
    now = Date.now();
    const { contactId } = await f.start({ ChatDurationInMinutes: 60 });
    now += 60 * 60_000;
    // Signed at the simulator's time (SigV4 refuses a 15-minute skew), by a client of its own.
    const later = new ConnectClient({
      region: 'us-east-1',
      endpoint: f.simulator.url,
      credentials: SIMULATOR_CREDENTIALS,
      systemClockOffset: now - Date.now(),
      maxAttempts: 1,
    });
    const { Contact } = await later.send(new DescribeContactCommand({ InstanceId: 'i-1', ContactId: contactId }));
    expect(Contact).toMatchObject({ DisconnectReason: 'EXPIRED', DisconnectTimestamp: new Date(now) });
    expect(f.simulator.transcript(contactId).at(-1)?.ContentType).toBe(ENDED);
  });

  it('refuses an upload or download URL past its expiry', async () => {
    now = Date.now();
    const { client } = f;
    const { token } = await f.chat();
    const started = await client.send(
      new StartAttachmentUploadCommand({
        ConnectionToken: token,
        ContentType: 'text/plain',
        AttachmentSizeInBytes: 2,
        AttachmentName: 'a.txt',
      }),
    );
    const { Url, HeadersToInclude } = started.UploadMetadata!;
    expect(Date.parse(started.UploadMetadata!.UrlExpiry!)).toBe(now + 300_000);
    expect((await fetch(Url!, { method: 'PUT', headers: HeadersToInclude, body: 'ok' })).status).toBe(200);
    await client.send(
      new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds: [started.AttachmentId!] }),
    );
    const got = await client.send(
      new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: started.AttachmentId, UrlExpiryInSeconds: 5 }),
    );
    expect(await (await fetch(got.Url!)).text()).toBe('ok');
    now += 5_000;
    const expired = await fetch(got.Url!);
    expect([expired.status, /<Code>(\w+)</.exec(await expired.text())?.[1]]).toEqual([403, 'AccessDenied']);
    now += 300_000;
    expect((await fetch(Url!, { method: 'PUT', headers: HeadersToInclude, body: 'ok' })).status).toBe(403);
  });
});

describe('a simulator that forgets its oldest contacts', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp({ historyLimit: 2, agent: { enabled: false } });
  });
  afterAll(() => f.simulator.close());

  it('refuses the tokens of a forgotten chat', async () => {
    const first = await f.chat();
    await f.start();
    const read = () => outcome(f.client.send(new GetTranscriptCommand({ ConnectionToken: first.token })));
    expect(await read()).toBe('ok');
    await f.start();
    expect(await read()).toBe('AccessDeniedException 403');
    expect(() => f.simulator.transcript(first.contactId)).toThrow(/no chat/);
  });
});

/** Page sizes when `n` items are paged `size` at a time. */
function chunks(n: number, size: number): number[] {
  return Array.from({ length: Math.ceil(n / size) }, (_, i) => Math.min(size, n - i * size));
}
