import { describe, expect, it } from 'vitest';
import type { ParticipantService } from '../src/chat/ports.js';
import { createConversationApp } from './helpers/conversation-app.js';

/*
 * The tenant's conversation policy, in-process: message content types and attachments (on/off,
 * MIME types, size cap) refused with the field's path before the Participant Service port (a
 * recording fake) is called; chatSettings tells the widget the same rules.
 */

const HEADERS = { 'content-type': 'application/json', 'x-api-key': 'demo-public-key', 'x-participant-token': 'tok' };
const SEND = `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { __typename
  ... on InvalidInputError { fieldErrors { path message } } } }`;
const UPLOAD = `mutation($input: StartChatAttachmentUploadInput!) { startChatAttachmentUpload(input: $input) { __typename
  ... on InvalidInputError { fieldErrors { path message } } } }`;
const SETTINGS = `{ chatSettings { messageContentTypes attachments { enabled contentTypes maxSizeBytes } } }`;

function appWith(chat?: Record<string, unknown>) {
  const calls: string[] = [];
  const notUsed = () => Promise.reject(new Error('not used'));
  const fake: ParticipantService = {
    async sendMessage() {
      calls.push('sendMessage');
      return { id: 'm-1', at: new Date() };
    },
    sendEvent: notUsed,
    transcript: notUsed,
    disconnect: notUsed,
    async startAttachmentUpload() {
      calls.push('startAttachmentUpload');
      return { attachmentId: 'a-1', uploadUrl: 'https://u.test/', headersToInclude: {}, expiresAt: new Date() };
    },
    completeAttachmentUpload: notUsed,
    attachmentUrl: notUsed,
  };
  return { ...createConversationApp(fake, HEADERS, chat ? { chat } : {}), calls };
}

const PDF = { name: 'invoice.pdf', contentType: 'application/pdf', sizeBytes: 1000 };

describe('the conversation policy of a tenant', () => {
  it("by default: every type a customer can send, files of Connect's types up to 20 MB", async () => {
    const { gql, calls } = appWith();
    const settings = (await gql(SETTINGS)).body.data.chatSettings;
    expect(settings.messageContentTypes).toEqual([
      'TEXT_PLAIN',
      'TEXT_MARKDOWN',
      'APPLICATION_JSON',
      'INTERACTIVE_RESPONSE',
    ]);
    expect(settings.attachments).toMatchObject({ enabled: true, maxSizeBytes: 20 * 1024 * 1024 });
    expect(settings.attachments.contentTypes).toContain('application/pdf');
    const sent = await gql(SEND, { input: { contentType: 'TEXT_MARKDOWN', content: '*hi*' } });
    expect(sent.body.data.sendChatMessage.__typename).toBe('SendChatMessagePayload');
    const upload = await gql(UPLOAD, { input: PDF });
    expect(upload.body.data.startChatAttachmentUpload.__typename).toBe('StartChatAttachmentUploadPayload');
    expect(calls).toEqual(['sendMessage', 'startAttachmentUpload']);
  });

  it('message types follow supportedContentTypes, or messageContentTypes when set', async () => {
    const supported = appWith({ supportedContentTypes: ['TEXT_PLAIN', 'INTERACTIVE'] });
    expect((await supported.gql(SETTINGS)).body.data.chatSettings.messageContentTypes).toEqual(['TEXT_PLAIN']);
    const own = appWith({ messageContentTypes: ['TEXT_PLAIN', 'APPLICATION_JSON'] });
    const refused = (await own.gql(SEND, { input: { contentType: 'TEXT_MARKDOWN', content: '*hi*' } })).body.data
      .sendChatMessage;
    expect(refused).toEqual({
      __typename: 'InvalidInputError',
      fieldErrors: [
        { path: ['input', 'contentType'], message: 'This chat accepts messages of type TEXT_PLAIN, APPLICATION_JSON.' },
      ],
    });
    expect(own.calls).toEqual([]);
  });

  it('attachments off, a type left out, or a file over the cap: refused before Connect', async () => {
    const off = appWith({ attachments: { enabled: false } });
    expect((await off.gql(UPLOAD, { input: PDF })).body.data.startChatAttachmentUpload.fieldErrors).toEqual([
      { path: ['input'], message: 'This chat does not accept files.' },
    ]);
    expect((await off.gql(SETTINGS)).body.data.chatSettings.attachments.enabled).toBe(false);

    const narrow = appWith({ attachments: { contentTypes: ['image/png', 'image/jpeg'], maxSizeBytes: 500 } });
    const refused = (await narrow.gql(UPLOAD, { input: PDF })).body.data.startChatAttachmentUpload;
    expect(refused.fieldErrors.map((e: { path: string[] }) => e.path)).toEqual([
      ['input', 'contentType'],
      ['input', 'sizeBytes'],
    ]);
    const png = { name: 'a.PNG', contentType: 'IMAGE/PNG', sizeBytes: 500 };
    expect((await narrow.gql(UPLOAD, { input: png })).body.data.startChatAttachmentUpload.__typename).toBe(
      'StartChatAttachmentUploadPayload',
    );
    expect([...off.calls, ...narrow.calls]).toEqual(['startAttachmentUpload']);
  });

  it("the tenants file refuses a policy outside Connect's limits", async () => {
    expect(() => appWith({ attachments: { maxSizeBytes: 20 * 1024 * 1024 + 1 } })).toThrow(/maxSizeBytes/);
    expect(() => appWith({ attachments: { contentTypes: ['application/x-msdownload'] } })).toThrow(/contentTypes/);
    expect(() => appWith({ messageContentTypes: ['TEXT_PLAIN', 'INTERACTIVE'] })).toThrow(/INTERACTIVE/);
  });
});
