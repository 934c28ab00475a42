import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attachmentLimits, EVENT_TYPE_MIME, participantLimits } from '../src/chat/conversation-input.js';
import type { ParticipantService } from '../src/chat/ports.js';
import { CONVERSATION_KEY, createConversationApp } from './helpers/conversation-app.js';

/*
 * The official Participant Service model as the oracle for the conversation's inputs: every
 * number the gateway checks is read from it, and each limit is tried at max and max+1 through the
 * schema (max passes and reaches the port; max+1 is refused naming the field, and does not).
 */

const PARTICIPANT_MODEL = fileURLToPath(
  new URL('../../shared/reference/connect-participant-model.json', import.meta.url),
);
const available = existsSync(PARTICIPANT_MODEL);
if (!available) {
  console.warn(
    `SKIPPED: the Participant Service model is missing at ${PARTICIPANT_MODEL}; its oracle tests did not run.`,
  );
}
type Shape = {
  type: string;
  min?: number;
  max?: number;
  enum?: string[];
  members?: Record<string, { shape: string; documentation?: string }>;
};
const shapes: Record<string, Shape> = available ? JSON.parse(readFileSync(PARTICIPANT_MODEL, 'utf8')).shapes : {};
const member = (structure: string, name: string) => {
  const ref = shapes[structure]?.members?.[name];
  if (!ref) throw new Error(`no member ${structure}.${name}`);
  return { ...shapes[ref.shape]!, documentation: ref.documentation ?? '' };
};

const reached: string[] = [];
const port: ParticipantService = {
  async sendMessage(_p, message) {
    reached.push(message.content);
    return { id: 'm', at: new Date() };
  },
  async sendEvent() {
    reached.push('event');
    return { id: 'e', at: new Date() };
  },
  async transcript() {
    reached.push('transcript');
    return { items: [] };
  },
  disconnect: async () => undefined,
  startAttachmentUpload: () => Promise.reject(new Error('not used')),
  completeAttachmentUpload: () => Promise.reject(new Error('not used')),
  attachmentUrl: () => Promise.reject(new Error('not used')),
} as ParticipantService;

const conversation = createConversationApp(port, {
  'x-api-key': CONVERSATION_KEY,
  'x-participant-token': 'participant-token',
});
const gql = async (query: string, variables: Record<string, unknown>) =>
  (await conversation.gql(query, variables)).body;
const SEND = `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) {
  __typename ... on InvalidInputError { fieldErrors { path } } } }`;

describe.skipIf(!available)('the conversation against the Participant Service model', () => {
  it('uses the model’s numbers for content, client tokens, item IDs and page sizes', () => {
    const content = member('SendMessageRequest', 'Content');
    expect(participantLimits.messageContent).toEqual({ min: content.min, max: content.max });
    expect(participantLimits.clientToken.max).toBe(member('SendMessageRequest', 'ClientToken').max);
    expect(participantLimits.clientToken.max).toBe(member('SendEventRequest', 'ClientToken').max);
    const itemId = shapes.ChatItemId!;
    expect(participantLimits.chatItemId).toEqual({ min: itemId.min, max: itemId.max });
    const page = member('GetTranscriptRequest', 'MaxResults');
    expect(participantLimits.transcriptPage).toEqual({ min: page.min, max: page.max });
  });

  it('uses the model’s numbers for attachments (the 20 MB cap is Connect’s feature limit, not in the model)', () => {
    const name = member('StartAttachmentUploadRequest', 'AttachmentName');
    expect(attachmentLimits.name).toEqual({ min: name.min, max: name.max });
    const type = member('StartAttachmentUploadRequest', 'ContentType');
    expect(attachmentLimits.contentType).toEqual({ min: type.min, max: type.max });
    expect(attachmentLimits.sizeBytes.min).toBe(member('StartAttachmentUploadRequest', 'AttachmentSizeInBytes').min);
    const id = member('GetAttachmentRequest', 'AttachmentId');
    expect(attachmentLimits.attachmentId).toEqual({ min: id.min, max: id.max });
  });

  it("uses SendMessage's documented maximum for each content type", () => {
    const doc = member('SendMessageRequest', 'Content').documentation.replace(/<[^>]+>/g, '');
    const documented = (type: string) => Number(new RegExp(`${type}[^.]*?Maximum of (\\d+)`).exec(doc)?.[1]);
    expect(participantLimits.messageContentByType).toEqual({
      TEXT_PLAIN: documented('text/plain'),
      TEXT_MARKDOWN: documented('text/plain and text/markdown'),
      APPLICATION_JSON: documented('application/json'),
      INTERACTIVE_RESPONSE: documented('interactive.response'),
    });
  });

  it('sends only event types SendEvent documents', () => {
    const doc = member('SendEventRequest', 'ContentType').documentation;
    for (const mime of Object.values(EVENT_TYPE_MIME)) expect(doc).toContain(mime);
  });

  it.each([
    ['TEXT_PLAIN', 'TEXT_PLAIN'],
    ['TEXT_MARKDOWN', 'TEXT_MARKDOWN'],
    ['APPLICATION_JSON', 'APPLICATION_JSON'],
    ['INTERACTIVE_RESPONSE', 'INTERACTIVE_RESPONSE'],
  ] as const)('%s content: max passes, max+1 is refused at input.content', async (_name, contentType) => {
    const max = participantLimits.messageContentByType[contentType];
    reached.length = 0;
    const atMax = await gql(SEND, { input: { contentType, content: 'x'.repeat(max) } });
    expect(atMax.data.sendChatMessage.__typename).toBe('SendChatMessagePayload');
    const over = await gql(SEND, { input: { contentType, content: 'x'.repeat(max + 1) } });
    expect(over.data.sendChatMessage.fieldErrors).toEqual([{ path: ['input', 'content'] }]);
    expect(reached).toHaveLength(1);
  });

  it('client token: max passes, max+1 is refused; content: min-1 is refused', async () => {
    const { max } = participantLimits.clientToken;
    const ok = await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: 'x', clientToken: 'c'.repeat(max) } });
    expect(ok.data.sendChatMessage.__typename).toBe('SendChatMessagePayload');
    const over = await gql(SEND, {
      input: { contentType: 'TEXT_PLAIN', content: 'x', clientToken: 'c'.repeat(max + 1) },
    });
    expect(over.data.sendChatMessage.fieldErrors).toEqual([{ path: ['input', 'clientToken'] }]);
    const empty = await gql(SEND, { input: { contentType: 'TEXT_PLAIN', content: '' } });
    expect(empty.data.sendChatMessage.fieldErrors).toEqual([{ path: ['input', 'content'] }]);
  });

  it('receipt message IDs and transcript pages: the model’s bounds, each side', async () => {
    const EVENT = `mutation($input: SendChatEventInput!) { sendChatEvent(input: $input) { __typename
      ... on InvalidInputError { fieldErrors { path } } } }`;
    const { max } = participantLimits.chatItemId;
    expect(
      (await gql(EVENT, { input: { type: 'MESSAGE_READ', messageId: 'm'.repeat(max) } })).data.sendChatEvent.__typename,
    ).toBe('SendChatEventPayload');
    expect(
      (await gql(EVENT, { input: { type: 'MESSAGE_READ', messageId: 'm'.repeat(max + 1) } })).data.sendChatEvent
        .fieldErrors,
    ).toEqual([{ path: ['input', 'messageId'] }]);
    const PAGE = `query($last: Int) { chatTranscript(last: $last) { __typename } }`;
    expect((await gql(PAGE, { last: participantLimits.transcriptPage.max })).data.chatTranscript.__typename).toBe(
      'ChatTranscript',
    );
    expect((await gql(PAGE, { last: participantLimits.transcriptPage.max + 1 })).data.chatTranscript.__typename).toBe(
      'InvalidInputError',
    );
  });
});
