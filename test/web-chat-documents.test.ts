import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as conversation from '../examples/web-chat/src/conversation-operations.js';
import { type ChatEvent, followChatEvents } from '../examples/web-chat/src/events.js';
import { execute, type GatewaySettings } from '../examples/web-chat/src/gateway-client.js';
import { ChatAvailabilityQuery, ChatSettingsQuery, StartChatMutation } from '../examples/web-chat/src/operations.js';
import { type ListeningGateway, startListeningGateway } from './helpers/listening-gateway.js';

const MANIFEST = fileURLToPath(new URL('../examples/web-chat/src/gql/persisted-documents.json', import.meta.url));
const TENANTS = JSON.parse(readFileSync(new URL('../tenants.example.json', import.meta.url), 'utf8'));

describe("the example's typed documents and trusted-documents manifest", () => {
  let gateway: ListeningGateway;
  beforeAll(async () => {
    gateway = await startListeningGateway({ tenants: TENANTS, env: { TRUSTED_DOCUMENTS_FILE: MANIFEST } });
  });
  afterAll(() => gateway?.close());

  it('lists exactly the documents the page sends, by the hash codegen gave each', () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    // Every operation the page sends; a fragment is part of the operations that spread it.
    const operations = Object.values(conversation).filter((d) => d !== conversation.ChatItemFieldsFragment);
    const documents = [ChatAvailabilityQuery, ChatSettingsQuery, StartChatMutation, ...operations];
    expect(Object.keys(manifest).sort()).toEqual(documents.map((d) => d.__meta__?.hash).sort());
  });

  it('runs in trusted mode (documentId only) against a gateway with TRUSTED_DOCUMENTS_FILE', async () => {
    const settings: GatewaySettings = { url: gateway.url, apiKey: 'demo-public-key', trustedDocuments: true };
    const started = await execute(settings, StartChatMutation, {
      input: { participantDetails: { displayName: 'Ada' }, clientToken: 'trusted-1' },
    });
    expect(started).toMatchObject({
      kind: 'data',
      data: { startChatContact: { __typename: 'StartChatContactPayload' } },
    });
    expect(await execute(settings, ChatSettingsQuery, {})).toMatchObject({
      kind: 'data',
      data: { chatSettings: { region: 'us-east-1' } },
    });
    // The demo tenant names the simulator's demo hours (always open) and queue.
    expect(await execute(settings, ChatAvailabilityQuery, {})).toMatchObject({
      kind: 'data',
      data: { chatAvailability: { open: true, timeZone: 'Europe/London', agentsOnline: 2, agentsAvailable: 1 } },
    });
    // The same document as text is refused for a public caller.
    expect(await execute({ ...settings, trustedDocuments: false }, ChatSettingsQuery, {})).toMatchObject({
      kind: 'refused',
      code: 'TRUSTED_DOCUMENTS_ONLY',
    });
    expect(gateway.simulator.count()).toBe(1);
  });

  it('runs the conversation in trusted mode too: session, transcript, a message and the live stream', async () => {
    const settings: GatewaySettings = { url: gateway.url, apiKey: 'demo-public-key', trustedDocuments: true };
    const started = await execute(settings, StartChatMutation, {
      input: { participantDetails: { displayName: 'Ada' }, clientToken: 'trusted-2' },
    });
    if (started.kind !== 'data' || started.data.startChatContact.__typename !== 'StartChatContactPayload') {
      throw new Error(`no chat: ${JSON.stringify(started)}`);
    }
    const chat = { participantToken: started.data.startChatContact.participantToken };
    expect(await execute(settings, conversation.ChatSessionQuery, {}, chat)).toMatchObject({
      kind: 'data',
      data: { chatSession: { __typename: 'ChatSession' } },
    });
    const history = await execute(settings, conversation.ChatTranscriptQuery, { last: 100 }, chat);
    if (history.kind !== 'data' || history.data.chatTranscript.__typename !== 'ChatTranscript') {
      throw new Error(`no transcript: ${JSON.stringify(history)}`);
    }
    // As the page does: live events from right after the newest item of the history, so none is missed.
    const newest = history.data.chatTranscript.edges.at(-1)?.node.id;
    expect(newest).toBeDefined();

    // The page's own stream follower, as the browser runs it, on the documentId alone.
    const events: ChatEvent[] = [];
    const answered = new Promise<void>((resolve, reject) => {
      const follower = followChatEvents({
        gateway: settings,
        chat,
        after: newest,
        onEvent(event) {
          events.push(event);
          if (event.__typename === 'ChatMessageItem' && event.participantRole === 'AGENT') {
            follower.stop();
            resolve();
          }
        },
        onState: () => undefined,
        onEnd: (why) => reject(new Error(`the stream ended: ${why}`)),
      });
    });
    const sent = await execute(
      settings,
      conversation.SendChatMessageMutation,
      { input: { contentType: 'TEXT_PLAIN', content: 'hello', clientToken: 'trusted-message-1' } },
      chat,
    );
    expect(sent).toMatchObject({ kind: 'data', data: { sendChatMessage: { __typename: 'SendChatMessagePayload' } } });
    await answered;
    const said = events.flatMap((e) =>
      e.__typename === 'ChatMessageItem' ? [`${e.participantRole}: ${e.content}`] : [],
    );
    expect(said).toEqual(['CUSTOMER: hello', 'AGENT: You said: "hello"']);
  });
});
