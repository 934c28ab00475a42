import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME, type Harness, startHarness } from './helpers/harness.js';

/*
 * A file shared through the gateway (in-process) with the real SDK over loopback to the
 * simulator's Participant Service and its presigned upload/download URLs (node fetch).
 */

const START_CHAT = `mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) {
  ... on StartChatContactPayload { contactId participantToken } } }`;
const START = `mutation Start($input: StartChatAttachmentUploadInput!) { startChatAttachmentUpload(input: $input) {
  __typename
  ... on StartChatAttachmentUploadPayload { attachmentId uploadUrl headersToInclude { name value } expiresAt }
  ... on ChatError { code }
  ... on InvalidInputError { fieldErrors { path message } } } }`;
const COMPLETE = `mutation Complete($id: ID!) { completeChatAttachmentUpload(attachmentId: $id) {
  __typename ... on CompleteChatAttachmentUploadPayload { attachmentId } ... on ChatError { code }
  ... on InvalidInputError { fieldErrors { path message } } } }`;
const URL_QUERY = `query Url($id: ID!) { chatAttachmentUrl(attachmentId: $id) {
  __typename ... on ChatAttachmentUrl { url expiresAt } ... on ChatError { code } } }`;
const TRANSCRIPT = `query { chatTranscript(first: 50) { __typename ... on ChatTranscript { edges { node {
  __typename participantRole ... on ChatAttachmentItem { attachments { attachmentId name contentType status } } } } } } }`;

describe('attachments through the gateway (real SDK, simulator)', () => {
  let h: Harness;
  beforeAll(async () => {
    // The scripted agent stays out: the transcript holds only what the customer did.
    h = await startHarness({}, { simulator: { agent: { enabled: false } } });
  });
  afterAll(() => h.close());

  async function gql(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const response = await h.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: bodies are read as each step needs.
    return { status: response.status, body: (await response.json()) as any };
  }
  async function chat() {
    const started = (await gql(START_CHAT, {}, ACME)).body.data.startChatContact;
    return {
      contactId: started.contactId as string,
      headers: { ...ACME, 'x-participant-token': started.participantToken },
    };
  }
  const attachmentCalls = () => h.simulator.participantCalls.filter((c) => c.operation.includes('Attachment')).length;

  it('start, PUT the bytes with the given headers, complete; the transcript shows it APPROVED; its URL gives the same bytes', async () => {
    const { headers, contactId } = await chat();
    const bytes = Buffer.from('%PDF-1.4\nan order, for the test\n%%EOF\n');
    const input = { name: 'order.pdf', contentType: 'application/pdf', sizeBytes: bytes.length, clientToken: 'up-1' };

    const upload = (await gql(START, { input }, headers)).body.data.startChatAttachmentUpload;
    expect(upload).toMatchObject({ __typename: 'StartChatAttachmentUploadPayload', attachmentId: expect.any(String) });
    expect(new Date(upload.expiresAt).getTime()).not.toBeNaN();
    // A retry with the same client token: the same upload.
    const again = (await gql(START, { input }, headers)).body.data.startChatAttachmentUpload;
    expect(again.attachmentId).toBe(upload.attachmentId);

    const put = await fetch(upload.uploadUrl, {
      method: 'PUT',
      headers: Object.fromEntries(
        upload.headersToInclude.map((x: { name: string; value: string }) => [x.name, x.value]),
      ),
      body: bytes,
    });
    expect(put.status).toBe(200);

    const completed = (await gql(COMPLETE, { id: upload.attachmentId }, headers)).body.data
      .completeChatAttachmentUpload;
    expect(completed).toEqual({ __typename: 'CompleteChatAttachmentUploadPayload', attachmentId: upload.attachmentId });
    // A retry of the completion (its answer lost, say): the same answer, not a conflict.
    expect(
      (await gql(COMPLETE, { id: upload.attachmentId }, headers)).body.data.completeChatAttachmentUpload.__typename,
    ).toBe('CompleteChatAttachmentUploadPayload');

    const transcript = (await gql(TRANSCRIPT, {}, headers)).body.data.chatTranscript;
    const items = transcript.edges
      .map((e: { node: { __typename: string } }) => e.node)
      .filter((n: { __typename: string }) => n.__typename === 'ChatAttachmentItem');
    expect(items).toEqual([
      {
        __typename: 'ChatAttachmentItem',
        participantRole: 'CUSTOMER',
        attachments: [
          { attachmentId: upload.attachmentId, name: 'order.pdf', contentType: 'application/pdf', status: 'APPROVED' },
        ],
      },
    ]);
    expect(h.simulator.transcript(contactId).filter((i) => i.Type === 'ATTACHMENT')).toHaveLength(1);

    const link = (await gql(URL_QUERY, { id: upload.attachmentId }, headers)).body.data.chatAttachmentUrl;
    expect(link.__typename).toBe('ChatAttachmentUrl');
    const download = await fetch(link.url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);

    // Secrets stay out of the log: the participant token and the presigned URLs.
    const log = h.log();
    expect(log).not.toContain(headers['x-participant-token']);
    expect(log).not.toContain(upload.uploadUrl);
    expect(log).not.toContain(link.url);
  });

  it('completing before the bytes were uploaded, or an unknown attachment: INVALID_INPUT on attachmentId', async () => {
    const { headers } = await chat();
    const upload = (await gql(START, { input: { name: 'a.txt', contentType: 'text/plain', sizeBytes: 3 } }, headers))
      .body.data.startChatAttachmentUpload;
    const early = (await gql(COMPLETE, { id: upload.attachmentId }, headers)).body.data.completeChatAttachmentUpload;
    expect(early).toMatchObject({ __typename: 'InvalidInputError', fieldErrors: [{ path: ['attachmentId'] }] });
    expect((await gql(URL_QUERY, { id: 'no-such-attachment' }, headers)).body.data.chatAttachmentUrl.code).toBe(
      'INVALID_INPUT',
    );
  });

  it.each([
    ['an oversize file', { name: 'big.mp4', contentType: 'video/mp4', sizeBytes: 20 * 1024 * 1024 + 1 }, 'sizeBytes'],
    ['an unsupported type', { name: 'tool.exe', contentType: 'application/x-msdownload', sizeBytes: 10 }, 'name'],
  ])('refuses %s before Connect: the simulator receives nothing', async (_label, input, field) => {
    const { headers } = await chat();
    const before = attachmentCalls();
    const result = (await gql(START, { input }, headers)).body.data.startChatAttachmentUpload;
    expect(result.__typename).toBe('InvalidInputError');
    expect(result.fieldErrors.map((e: { path: string[] }) => e.path.join('.'))).toContain(`input.${field}`);
    expect(attachmentCalls()).toBe(before);
  });

  it('after the chat ended: CHAT_ENDED for every attachment operation', async () => {
    const { headers, contactId } = await chat();
    const upload = (await gql(START, { input: { name: 'a.png', contentType: 'image/png', sizeBytes: 4 } }, headers))
      .body.data.startChatAttachmentUpload;
    h.simulator.endChat(contactId);
    expect(
      (await gql(START, { input: { name: 'b.png', contentType: 'image/png', sizeBytes: 4 } }, headers)).body.data
        .startChatAttachmentUpload.code,
    ).toBe('CHAT_ENDED');
    expect(
      (await gql(COMPLETE, { id: upload.attachmentId }, headers)).body.data.completeChatAttachmentUpload.code,
    ).toBe('CHAT_ENDED');
    expect((await gql(URL_QUERY, { id: upload.attachmentId }, headers)).body.data.chatAttachmentUrl.code).toBe(
      'CHAT_ENDED',
    );
  });
});
