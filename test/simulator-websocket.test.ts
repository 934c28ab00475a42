import { ConnectClient, StartChatContactCommand, type StartChatContactCommandInput } from '@aws-sdk/client-connect';
import {
  CompleteAttachmentUploadCommand,
  ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, SIMULATOR_CREDENTIALS, type Simulator } from '../src/simulator/index.js';
import { HEARTBEAT, openTestSocket, refusedStatus, SUBSCRIBE, type TestSocket } from './helpers/ws-test-client.js';

/*
 * The simulator's chat websocket, spoken to as chatjs's websocket manager speaks: subscribe to
 * aws/chat, heartbeats, the items pushed as Connect pushes them, the URL as a secret with an
 * expiry, and each fault of the control API.
 */

const ENDED = 'application/vnd.amazonaws.connect.event.chat.ended';
const LEFT = 'application/vnd.amazonaws.connect.event.participant.left';
const READ = 'application/vnd.amazonaws.connect.event.message.read';

describe("the simulator's chat websocket", () => {
  let simulator: Simulator;
  /** Moves the simulator's clock forward (URL expiry). */
  let clockOffset = 0;
  let connect: ConnectClient;
  let participant: ConnectParticipantClient;

  beforeAll(async () => {
    simulator = createSimulator({
      credentials: [SIMULATOR_CREDENTIALS],
      instances: [{ instanceId: 'i-1', contactFlowIds: ['f-1'] }],
      agent: { enabled: false },
      clock: () => Date.now() + clockOffset,
    });
    await simulator.listen();
    connect = new ConnectClient({
      region: 'us-east-1',
      endpoint: simulator.url,
      credentials: SIMULATOR_CREDENTIALS,
      retryStrategy: new ConfiguredRetryStrategy(1, 0),
    });
    participant = new ConnectParticipantClient({
      region: 'us-east-1',
      endpoint: simulator.url,
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      retryStrategy: new ConfiguredRetryStrategy(1, 0),
    });
  });
  afterAll(() => simulator.close());

  /**
   * Starts a chat and creates the customer's connection (the websocket URL and a connection
   * token); the agent joins at once unless `agentJoins` is false.
   */
  async function chat(extra: Partial<StartChatContactCommandInput> = {}, agentJoins = true) {
    const started = await connect.send(
      new StartChatContactCommand({
        InstanceId: 'i-1',
        ContactFlowId: 'f-1',
        ParticipantDetails: { DisplayName: 'Ada' },
        ...extra,
      }),
    );
    const participantToken = started.ParticipantToken!;
    const connection = await websocketUrl(participantToken, true);
    if (agentJoins) simulator.agentJoins(started.ContactId!);
    return { contactId: started.ContactId!, participantToken, ...connection };
  }

  async function websocketUrl(participantToken: string, credentials = false) {
    const out = await participant.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: participantToken,
        Type: credentials ? ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] : ['WEBSOCKET'],
        ConnectParticipant: true,
      }),
    );
    return { url: out.Websocket!.Url!, token: out.ConnectionCredentials?.ConnectionToken ?? '' };
  }

  async function subscribed(url: string): Promise<TestSocket> {
    const socket = await openTestSocket(url);
    socket.send(SUBSCRIBE);
    expect(await socket.next()).toEqual({
      topic: 'aws/subscribe',
      content: { status: 'success', topics: ['aws/chat'] },
    });
    return socket;
  }

  /** The item a pushed frame carries (the frame itself checked to be Connect's envelope). */
  async function nextItem(socket: TestSocket) {
    const frame = await socket.next();
    expect(Object.keys(frame)).toEqual(['content', 'contentType', 'topic']);
    expect(frame).toMatchObject({ contentType: 'application/json', topic: 'aws/chat' });
    return JSON.parse(frame.content as string) as Record<string, unknown>;
  }

  it('subscribes to aws/chat only, answers heartbeats and pings, and answers any other frame as API Gateway does', async () => {
    const { url } = await chat();
    const socket = await openTestSocket(url);
    socket.send(HEARTBEAT);
    expect(await socket.nextRaw()).toBe('{"topic":"aws/heartbeat"}');
    socket.send({ topic: 'aws/subscribe', content: { topics: ['aws/other'] } });
    expect(await socket.next()).toEqual({
      topic: 'aws/subscribe',
      content: { status: 'failure', topics: ['aws/other'] },
    });
    socket.send(SUBSCRIBE);
    expect(await socket.nextRaw()).toBe(
      '{"topic":"aws/subscribe","content":{"status":"success","topics":["aws/chat"]}}',
    );
    socket.send({ topic: 'aws/ping' });
    expect(await socket.next()).toMatchObject({ topic: 'aws/ping', statusCode: 200 });
    socket.send({ topic: 'aws/unknown' });
    expect(await socket.next()).toEqual({
      message: 'Forbidden',
      connectionId: expect.any(String),
      requestId: expect.any(String),
    });
    socket.ws.send('not json');
    expect(await socket.next()).toMatchObject({ message: 'Forbidden' });
    socket.ws.close();
    await socket.closed();
  });

  it('pushes every item posted after the subscription, in order, as Connect does, then closes after chat.ended', async () => {
    const { contactId, url, token } = await chat(
      { InitialMessage: { ContentType: 'text/plain', Content: 'before the socket' } },
      false,
    );
    const before = simulator.chatEvents(contactId).length;
    const socket = await subscribed(url);

    simulator.agentJoins(contactId);
    simulator.agentTyping(contactId);
    const said = simulator.agentSays(contactId, 'Hello, how can I help?');
    await participant.send(
      new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'Hi' }),
    );
    await participant.send(
      new SendEventCommand({
        ConnectionToken: token,
        ContentType: READ,
        Content: JSON.stringify({ messageId: said.Id }),
      }),
    );
    const file = Buffer.from('%PDF-1.4 a tiny file');
    const upload = await participant.send(
      new StartAttachmentUploadCommand({
        ConnectionToken: token,
        ContentType: 'application/pdf',
        AttachmentSizeInBytes: file.length,
        AttachmentName: 'receipt.pdf',
      }),
    );
    const put = await fetch(upload.UploadMetadata!.Url!, {
      method: 'PUT',
      headers: upload.UploadMetadata!.HeadersToInclude,
      body: file,
    });
    expect(put.status).toBe(200);
    await participant.send(
      new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds: [upload.AttachmentId!] }),
    );
    simulator.endChat(contactId);

    const posted = simulator.chatEvents(contactId).slice(before);
    expect(posted.map((i) => i.ContentType)).toEqual([
      'application/vnd.amazonaws.connect.event.participant.joined',
      'application/vnd.amazonaws.connect.event.typing',
      'text/plain',
      'text/plain',
      READ,
      'application/pdf',
      LEFT,
      ENDED,
    ]);
    // The item as Connect sends it: its members in Connect's order, with InitialContactId and ContactId.
    const raw = await socket.nextRaw();
    expect(raw.startsWith('{"content":"{\\"AbsoluteTime\\":')).toBe(true);
    const received = [JSON.parse(JSON.parse(raw).content as string)];
    for (let i = 1; i < posted.length; i++) received.push(await nextItem(socket));
    expect(received).toEqual(posted.map((item) => ({ ...item, InitialContactId: contactId })));
    expect(Object.keys(received[2]!)).toEqual([
      'AbsoluteTime',
      'Content',
      'ContentType',
      'Id',
      'Type',
      'ParticipantId',
      'DisplayName',
      'ParticipantRole',
      'InitialContactId',
      'ContactId',
    ]);
    expect(received.find((i) => i.Type === 'ATTACHMENT')?.Attachments).toEqual([
      expect.objectContaining({ AttachmentName: 'receipt.pdf', Status: 'APPROVED' }),
    ]);
    // The initial message was posted before the socket subscribed: not pushed.
    expect(received.some((i) => i.Content === 'before the socket')).toBe(false);
    expect(await socket.closed()).toEqual({ code: 1000, reason: 'Chat ended' });
    expect(simulator.chatSockets(contactId)).toEqual({ open: 0, subscribed: 0 });
    // An ended chat's URL is refused.
    expect(await refusedStatus(url)).toBe(403);
  });

  it("pushes to every subscribed socket of the chat, not to an unsubscribed one nor to another chat's", async () => {
    const one = await chat();
    const other = await chat();
    const a = await subscribed(one.url);
    const b = await subscribed(one.url);
    const idle = await openTestSocket(one.url);
    const elsewhere = await subscribed(other.url);
    expect(simulator.chatSockets(one.contactId)).toEqual({ open: 3, subscribed: 2 });

    simulator.agentSays(one.contactId, 'to both');
    simulator.agentSays(other.contactId, 'to the other chat');
    expect((await nextItem(a)).Content).toBe('to both');
    expect((await nextItem(b)).Content).toBe('to both');
    expect((await nextItem(elsewhere)).Content).toBe('to the other chat');
    // The idle socket got nothing: its first answer is to the heartbeat sent now.
    idle.send(HEARTBEAT);
    expect(await idle.next()).toEqual({ topic: 'aws/heartbeat' });
    for (const s of [a, b, idle, elsewhere]) s.ws.close();
  });

  it('refuses at the upgrade a URL it never issued, an unknown path and an expired URL; an open socket outlives its URL', async () => {
    const { contactId, url, participantToken } = await chat();
    const socket = await subscribed(url);
    const forged = new URL(url);
    forged.searchParams.set('ticket', 'not-a-ticket-it-issued');
    expect(await refusedStatus(forged.href)).toBe(403);
    forged.searchParams.delete('ticket');
    expect(await refusedStatus(forged.href)).toBe(403);
    expect(await refusedStatus(url.replace('/chat-websocket', '/other-path'))).toBe(404);
    // A plain HTTP request to the URL is no handshake.
    expect((await fetch(url.replace(/^ws/, 'http'))).status).toBe(426);

    // ConnectionExpiry is 100 s after the URL was issued: a second later it no longer connects.
    clockOffset += 101_000;
    try {
      expect(await refusedStatus(url)).toBe(403);
      simulator.agentSays(contactId, 'still here');
      expect((await nextItem(socket)).Content).toBe('still here');
      // A new URL connects.
      const fresh = await subscribed((await websocketUrl(participantToken)).url);
      fresh.ws.close();
    } finally {
      clockOffset -= 101_000;
    }
    socket.ws.close();
  });

  it('fault: dropChatSockets destroys the chat’s sockets without a close frame', async () => {
    const { contactId, url } = await chat();
    const socket = await subscribed(url);
    const elsewhere = await chat();
    const other = await subscribed(elsewhere.url);
    expect(simulator.dropChatSockets(contactId)).toBe(1);
    expect((await socket.closed()).code).toBe(1006);
    expect(simulator.chatSockets(contactId)).toEqual({ open: 0, subscribed: 0 });
    // Other chats are untouched, and the URL still connects while it is valid.
    simulator.agentSays(elsewhere.contactId, 'unaffected');
    expect((await nextItem(other)).Content).toBe('unaffected');
    const again = await subscribed(url);
    simulator.agentSays(contactId, 'after the drop');
    expect((await nextItem(again)).Content).toBe('after the drop');
    again.ws.close();
    other.ws.close();
  });

  it('fault: stopChatHeartbeats leaves the heartbeats of the sockets open now unanswered; a new socket answers', async () => {
    const { contactId, url } = await chat();
    const socket = await subscribed(url);
    expect(simulator.stopChatHeartbeats(contactId)).toBe(1);
    socket.send(HEARTBEAT);
    socket.send({ topic: 'aws/ping' });
    // Frames are answered in order: the subscription's answer comes first, so the heartbeat and ping went unanswered.
    socket.send(SUBSCRIBE);
    expect(await socket.next()).toMatchObject({ topic: 'aws/subscribe' });
    // Pushes still arrive.
    simulator.agentSays(contactId, 'pushed anyway');
    expect((await nextItem(socket)).Content).toBe('pushed anyway');
    const fresh = await openTestSocket(url);
    fresh.send(HEARTBEAT);
    expect(await fresh.next()).toEqual({ topic: 'aws/heartbeat' });
    socket.ws.close();
    fresh.ws.close();
  });

  it('fault: expireChatWebsockets closes the open sockets (1001) and refuses the URLs from then on; a new URL works', async () => {
    const { contactId, url, participantToken } = await chat();
    const socket = await subscribed(url);
    expect(simulator.expireChatWebsockets(contactId)).toBe(1);
    expect(await socket.closed()).toEqual({ code: 1001, reason: 'Going away' });
    expect(await refusedStatus(url)).toBe(403);
    const fresh = await subscribed((await websocketUrl(participantToken)).url);
    simulator.agentSays(contactId, 'on the new socket');
    expect((await nextItem(fresh)).Content).toBe('on the new socket');
    fresh.ws.close();
  });

  it('fault: delayChatPushes holds pushes back, keeping their order; 0 restores', async () => {
    const { contactId, url } = await chat();
    const socket = await subscribed(url);
    simulator.delayChatPushes(contactId, 2000);
    simulator.agentSays(contactId, 'first');
    simulator.delayChatPushes(contactId, 0);
    simulator.agentSays(contactId, 'second');
    // A heartbeat sent after both is answered before either push: they are held back, the later behind the earlier.
    socket.send(HEARTBEAT);
    expect(await socket.next()).toEqual({ topic: 'aws/heartbeat' });
    expect((await nextItem(socket)).Content).toBe('first');
    expect((await nextItem(socket)).Content).toBe('second');
    simulator.agentSays(contactId, 'third');
    expect((await nextItem(socket)).Content).toBe('third');
    expect(() => simulator.delayChatPushes(contactId, -1)).toThrow(RangeError);
    expect(() => simulator.dropChatSockets('no-such-contact')).toThrow(/no chat/);
    socket.ws.close();
  });
});
