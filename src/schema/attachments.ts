import type { AttachmentLink, AttachmentUpload } from '../chat/conversation.js';
import { AttachmentIdSchema, StartChatAttachmentUploadInputSchema } from '../chat/conversation-input.js';
import { InvalidInputError } from '../chat/errors.js';
import { builder } from './builder.js';
import { DateTime } from './contact.js';
import { asRequest, CONVERSATION_ERROR_TYPES } from './participant-request.js';

/* Files in the chat: start an upload (where to PUT the bytes), complete it, get a download URL. */

export const StartChatAttachmentUploadInput = builder.inputType('StartChatAttachmentUploadInput', {
  fields: (t) => ({
    name: t.string({
      required: true,
      description:
        'The file name, 1-256 characters, ending in a type Connect accepts: .csv .doc .docx .heic .jfif .jpeg .jpg .mov .mp4 .pdf .png .ppt .pptx .rtf .txt .wav .xls .xlsx.',
    }),
    contentType: t.string({
      required: true,
      description: 'The MIME type of one of those file types, e.g. application/pdf or image/png.',
    }),
    sizeBytes: t.int({ required: true, description: 'The exact size of the file: 1 byte to 20 MB (20971520).' }),
    clientToken: t.string({
      description: 'Idempotency: a retry with the same token starts no second upload. At most 500 characters.',
    }),
  }),
});

export const HttpHeader = builder.objectRef<{ name: string; value: string }>('HttpHeader').implement({
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }),
});

export const StartChatAttachmentUploadPayload = builder
  .objectRef<AttachmentUpload>('StartChatAttachmentUploadPayload')
  .implement({
    description:
      'PUT the file to `uploadUrl` with exactly `headersToInclude` before `expiresAt`, then completeChatAttachmentUpload.',
    fields: (t) => ({
      attachmentId: t.exposeID('attachmentId'),
      uploadUrl: t.exposeString('uploadUrl', {
        description: 'A presigned URL: treat it as a secret until it expires.',
      }),
      headersToInclude: t.field({
        type: [HttpHeader],
        resolve: (u) => Object.entries(u.headersToInclude).map(([name, value]) => ({ name, value })),
      }),
      expiresAt: t.expose('expiresAt', { type: DateTime }),
    }),
  });

export const CompleteChatAttachmentUploadPayload = builder
  .objectRef<{ attachmentId: string }>('CompleteChatAttachmentUploadPayload')
  .implement({
    description: 'The attachment is complete: it is in the transcript (a ChatAttachmentItem).',
    fields: (t) => ({ attachmentId: t.exposeID('attachmentId') }),
  });

export const ChatAttachmentUrl = builder.objectRef<AttachmentLink>('ChatAttachmentUrl').implement({
  description: 'Where to download an attachment, until `expiresAt`.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'A presigned URL: treat it as a secret until it expires.' }),
    expiresAt: t.expose('expiresAt', { type: DateTime }),
  }),
});

/** An attachment ID argument, checked as Connect shapes it. */
function attachmentIdOf(value: string | number): string {
  const id = String(value);
  const checked = AttachmentIdSchema.safeParse(id);
  if (!checked.success) {
    throw new InvalidInputError([{ path: ['attachmentId'], message: checked.error.issues[0]?.message ?? 'Invalid.' }]);
  }
  return id;
}

builder.queryFields((t) => ({
  chatAttachmentUrl: t.field({
    description: 'A download URL of a completed attachment of the chat of `x-participant-token`.',
    type: ChatAttachmentUrl,
    errors: { types: CONVERSATION_ERROR_TYPES, directResult: true, union: { name: 'ChatAttachmentUrlResult' } },
    args: { attachmentId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => asRequest(async () => ctx.chat.attachmentUrl(attachmentIdOf(args.attachmentId))),
  }),
}));

builder.mutationFields((t) => ({
  startChatAttachmentUpload: t.field({
    description:
      'Starts sharing a file in the chat of `x-participant-token`: where to PUT its bytes. Refused before Connect when its type or size is not accepted.',
    type: StartChatAttachmentUploadPayload,
    errors: {
      types: CONVERSATION_ERROR_TYPES,
      directResult: true,
      union: { name: 'StartChatAttachmentUploadResult' },
    },
    args: {
      input: t
        .arg({ type: StartChatAttachmentUploadInput, required: true })
        .validate(StartChatAttachmentUploadInputSchema),
    },
    resolve: (_root, { input }, ctx) => asRequest(() => ctx.chat.startAttachmentUpload(input)),
  }),
  completeChatAttachmentUpload: t.field({
    description: 'Completes an uploaded file: it joins the transcript of the chat of `x-participant-token`.',
    type: CompleteChatAttachmentUploadPayload,
    errors: {
      types: CONVERSATION_ERROR_TYPES,
      directResult: true,
      union: { name: 'CompleteChatAttachmentUploadResult' },
    },
    args: { attachmentId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      asRequest(async () => {
        const attachmentId = attachmentIdOf(args.attachmentId);
        await ctx.chat.completeAttachmentUpload(attachmentId);
        return { attachmentId };
      }),
  }),
}));
