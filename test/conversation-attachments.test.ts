import { hash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AttachmentUploadRequest, ParticipantRef } from '../src/chat/conversation.js';
import { ATTACHMENT_TYPES, attachmentLimits } from '../src/chat/conversation-input.js';
import {
  ChatEndedError,
  InvalidInputError,
  ParticipantTokenRefusedError,
  RateLimitedError,
} from '../src/chat/errors.js';
import type { ParticipantService } from '../src/chat/ports.js';
import { createConversationApp } from './helpers/conversation-app.js';

/*
 * Attachments over GraphQL in-process: input rules (checked before Connect), what reaches the
 * Participant Service port (a recording fake), and how its domain errors come out.
 */

const TOKEN = 'participant-token-of-ada-0123456789';
const HEADERS = { 'content-type': 'application/json', 'x-api-key': 'demo-public-key', 'x-participant-token': TOKEN };

type Call =
  | { op: 'start'; participant: ParticipantRef; upload: AttachmentUploadRequest }
  | { op: 'complete'; participant: ParticipantRef; attachmentId: string; clientToken: string | undefined }
  | { op: 'url'; participant: ParticipantRef; attachmentId: string };

const calls: Call[] = [];
let failWith: Error | undefined;
const expiresAt = new Date('2026-12-01T10:05:00.000Z');
const notUsed = () => Promise.reject(new Error('not used'));
const fake: ParticipantService = {
  sendMessage: notUsed,
  sendEvent: notUsed,
  transcript: notUsed,
  disconnect: notUsed,
  async startAttachmentUpload(participant, upload) {
    calls.push({ op: 'start', participant, upload });
    if (failWith) throw failWith;
    return {
      attachmentId: 'att-1',
      uploadUrl: 'https://bucket.test/upload?X-Amz-Signature=s',
      headersToInclude: { 'Content-Type': upload.contentType, 'x-amz-meta-attachment-id': 'att-1' },
      expiresAt,
    };
  },
  async completeAttachmentUpload(participant, attachmentId, clientToken) {
    calls.push({ op: 'complete', participant, attachmentId, clientToken });
    if (failWith) throw failWith;
  },
  async attachmentUrl(participant, attachmentId) {
    calls.push({ op: 'url', participant, attachmentId });
    if (failWith) throw failWith;
    return { url: 'https://bucket.test/download?X-Amz-Signature=d', expiresAt };
  },
};

const { gql } = createConversationApp(fake, HEADERS);

const START = `mutation Start($input: StartChatAttachmentUploadInput!) {
  startChatAttachmentUpload(input: $input) {
    __typename
    ... on StartChatAttachmentUploadPayload { attachmentId uploadUrl headersToInclude { name value } expiresAt }
    ... on ChatError { code message }
    ... on InvalidInputError { fieldErrors { path message } }
  }
}`;
const COMPLETE = `mutation Complete($id: ID!) {
  completeChatAttachmentUpload(attachmentId: $id) {
    __typename
    ... on CompleteChatAttachmentUploadPayload { attachmentId }
    ... on ChatError { code }
    ... on InvalidInputError { fieldErrors { path message } }
  }
}`;
const URL_QUERY = `query Url($id: ID!) {
  chatAttachmentUrl(attachmentId: $id) {
    __typename
    ... on ChatAttachmentUrl { url expiresAt }
    ... on ChatError { code }
    ... on InvalidInputError { fieldErrors { path message } }
  }
}`;

const PDF = { name: 'order.pdf', contentType: 'application/pdf', sizeBytes: 1234 };

describe('attachments over GraphQL (in-process, recording Participant Service)', () => {
  beforeEach(() => {
    calls.length = 0;
    failWith = undefined;
  });

  it('starts an upload in the tenant region, the client token scoped; the payload carries URL, headers and expiry', async () => {
    const { body } = await gql(START, { input: { ...PDF, contentType: 'Application/PDF', clientToken: 'up-1' } });
    expect(body.data.startChatAttachmentUpload).toEqual({
      __typename: 'StartChatAttachmentUploadPayload',
      attachmentId: 'att-1',
      uploadUrl: 'https://bucket.test/upload?X-Amz-Signature=s',
      headersToInclude: [
        { name: 'Content-Type', value: 'application/pdf' },
        { name: 'x-amz-meta-attachment-id', value: 'att-1' },
      ],
      expiresAt: '2026-12-01T10:05:00.000Z',
    });
    const [call] = calls;
    expect(call).toMatchObject({
      op: 'start',
      participant: { region: 'eu-west-2', participantToken: TOKEN },
      upload: { name: 'order.pdf', contentType: 'application/pdf', sizeBytes: 1234 },
    });
    const scoped = call?.op === 'start' ? call.upload.clientToken : undefined;
    expect(scoped).toMatch(/^[0-9a-f]{64}$/);
    await gql(START, { input: { ...PDF, clientToken: 'up-1' } });
    expect(calls[1]?.op === 'start' && calls[1].upload.clientToken).toBe(scoped);
    // No token from the client: none to Connect (the SDK makes one per call).
    await gql(START, { input: PDF });
    expect(calls[2]?.op === 'start' && calls[2].upload.clientToken).toBeUndefined();
  });

  it.each(Object.entries(ATTACHMENT_TYPES))('accepts .%s as %s', async (extension, mimeTypes) => {
    for (const contentType of mimeTypes) {
      const { body } = await gql(START, {
        input: { name: `file.${extension.toUpperCase()}`, contentType, sizeBytes: 1 },
      });
      expect(body.data.startChatAttachmentUpload.__typename).toBe('StartChatAttachmentUploadPayload');
    }
  });

  it.each([
    ['an empty name', { name: '' }, 'name', /1-256 characters/],
    ['a name over 256 characters', { name: `${'a'.repeat(253)}.pdf` }, 'name', /1-256 characters/],
    ['a name without an accepted extension', { name: 'setup.exe' }, 'name', /File type not accepted/],
    ['a name without extension', { name: 'README' }, 'name', /File type not accepted/],
    ['an unsupported content type', { contentType: 'application/x-msdownload' }, 'contentType', /not accepted/],
    ['a gif', { name: 'cat.gif', contentType: 'image/gif' }, 'name', /File type not accepted/],
    ['an empty content type', { contentType: '' }, 'contentType', /1-255 characters/],
    ['an empty file', { sizeBytes: 0 }, 'sizeBytes', /must not be empty/],
    ['a negative size', { sizeBytes: -1 }, 'sizeBytes', /must not be empty/],
    ['one byte over 20 MB', { sizeBytes: attachmentLimits.sizeBytes.max + 1 }, 'sizeBytes', /at most 20 MB/],
    ['a client token over 500 characters', { clientToken: 'x'.repeat(501) }, 'clientToken', /at most 500/],
  ])('refuses %s before Connect', async (_label, change, field, message) => {
    const { status, body } = await gql(START, { input: { ...PDF, ...change } });
    expect(status).toBe(200);
    const result = body.data.startChatAttachmentUpload;
    expect(result.__typename).toBe('InvalidInputError');
    const fieldError = result.fieldErrors.find((e: { path: string[] }) => e.path.join('.') === `input.${field}`);
    expect(fieldError?.message).toMatch(message);
    expect(calls).toEqual([]);
  });

  it('accepts exactly 20 MB, and a 256-character name', async () => {
    const name = `${'a'.repeat(252)}.pdf`;
    const { body } = await gql(START, { input: { ...PDF, name, sizeBytes: 20 * 1024 * 1024 } });
    expect(body.data.startChatAttachmentUpload.__typename).toBe('StartChatAttachmentUploadPayload');
    expect(calls[0]?.op === 'start' && calls[0].upload).toMatchObject({ name, sizeBytes: 20971520 });
  });

  it('completes with a client token derived from the attachment: a retry is the same token, another attachment another', async () => {
    const { body } = await gql(COMPLETE, { id: 'att-1' });
    expect(body.data.completeChatAttachmentUpload).toEqual({
      __typename: 'CompleteChatAttachmentUploadPayload',
      attachmentId: 'att-1',
    });
    await gql(COMPLETE, { id: 'att-1' });
    await gql(COMPLETE, { id: 'att-2' });
    const tokens = calls.map((c) => (c.op === 'complete' ? c.clientToken : undefined));
    expect(tokens[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).not.toBe(tokens[0]);
    expect(calls[0]).toMatchObject({ participant: { region: 'eu-west-2', participantToken: TOKEN } });
  });

  it('gives the download URL and its expiry', async () => {
    const { body } = await gql(URL_QUERY, { id: 'att-1' });
    expect(body.data.chatAttachmentUrl).toEqual({
      __typename: 'ChatAttachmentUrl',
      url: 'https://bucket.test/download?X-Amz-Signature=d',
      expiresAt: '2026-12-01T10:05:00.000Z',
    });
    expect(calls).toEqual([
      {
        op: 'url',
        // The chat's key made once with the reference (src/chat/chat-key.ts): the token's SHA-256.
        participant: { region: 'eu-west-2', participantToken: TOKEN, chatKey: hash('sha256', TOKEN, 'base64url') },
        attachmentId: 'att-1',
      },
    ]);
  });

  it.each([
    ['completeChatAttachmentUpload', COMPLETE],
    ['chatAttachmentUrl', URL_QUERY],
  ])('%s refuses an attachment ID over 256 characters before Connect', async (field, query) => {
    const { body } = await gql(query, { id: 'a'.repeat(257) });
    expect(body.data[field]).toMatchObject({
      __typename: 'InvalidInputError',
      fieldErrors: [{ path: ['attachmentId'], message: expect.stringMatching(/1-256/) }],
    });
    expect(calls).toEqual([]);
  });

  it.each([
    ['startChatAttachmentUpload', START, { input: PDF }],
    ['completeChatAttachmentUpload', COMPLETE, { id: 'att-1' }],
    ['chatAttachmentUrl', URL_QUERY, { id: 'att-1' }],
  ])('%s: domain errors are union members, a refused or missing token a 401', async (field, query, variables) => {
    failWith = new ChatEndedError();
    expect((await gql(query, variables)).body.data[field].code).toBe('CHAT_ENDED');
    failWith = new RateLimitedError(3);
    expect((await gql(query, variables)).body.data[field].code).toBe('RATE_LIMITED');
    failWith = new InvalidInputError([{ path: ['attachmentId'], message: 'This attachment is already completed.' }]);
    expect((await gql(query, variables)).body.data[field]).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
    });
    failWith = new ParticipantTokenRefusedError();
    const refused = await gql(query, variables);
    expect([refused.status, refused.body.errors[0].extensions.reason]).toEqual([401, 'PARTICIPANT_TOKEN_INVALID']);
    calls.length = 0;
    const { 'x-participant-token': _, ...withoutToken } = HEADERS;
    const missing = await gql(query, variables, withoutToken);
    expect([missing.status, missing.body.errors[0].extensions.reason]).toEqual([401, 'PARTICIPANT_TOKEN_MISSING']);
    expect(calls).toEqual([]);
  });
});
