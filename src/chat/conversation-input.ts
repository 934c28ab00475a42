import * as z from 'zod';
import { CHAT_CONTENT_TYPES } from './content-types.js';

/**
 * Limits of the Participant Service's inputs (service model 2018-09-07), in one place;
 * `test/model-boundaries.test.ts` checks them against the official model.
 */
export const participantLimits = {
  /** ChatContent, the shape: UTF-16 units as Connect counts them, and the same number of UTF-8 bytes. */
  messageContent: { min: 1, max: 16384 },
  /** SendMessage's documented maximum per content type (the shape's 16384 is the outer bound). */
  messageContentByType: {
    TEXT_PLAIN: 1024,
    TEXT_MARKDOWN: 1024,
    APPLICATION_JSON: 12000,
    INTERACTIVE_RESPONSE: 12288,
  },
  clientToken: { max: 500 },
  chatItemId: { min: 1, max: 256 },
  /** GetTranscript's MaxResults. */
  transcriptPage: { min: 0, max: 100 },
} as const;

/** The events a customer sends, as named in the GraphQL enum. */
export const CHAT_EVENT_TYPES = ['TYPING', 'MESSAGE_DELIVERED', 'MESSAGE_READ'] as const;
export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];

/** The MIME string Connect expects for each event. */
export const EVENT_TYPE_MIME: Readonly<Record<ChatEventType, string>> = {
  TYPING: 'application/vnd.amazonaws.connect.event.typing',
  MESSAGE_DELIVERED: 'application/vnd.amazonaws.connect.event.message.delivered',
  MESSAGE_READ: 'application/vnd.amazonaws.connect.event.message.read',
};

const byteLength = (value: string) => Buffer.byteLength(value, 'utf8');
const { messageContent, messageContentByType, clientToken, chatItemId } = participantLimits;

/**
 * SendChatMessageInput's rules: content as Connect counts it, within the limit of its content type
 * (text 1024, JSON 12000, interactive response 12288, all within the model's 16384 bytes); a
 * client token Connect accepts.
 */
export const SendChatMessageInputSchema = z
  .object({
    // INTERACTIVE is the agent's template; a customer answers with INTERACTIVE_RESPONSE.
    contentType: z
      .enum(CHAT_CONTENT_TYPES)
      .refine(
        (type) => type !== 'INTERACTIVE',
        'A customer cannot send an INTERACTIVE template; use INTERACTIVE_RESPONSE.',
      ),
    content: z
      .string()
      .refine((value) => value.length >= messageContent.min, 'Message must not be empty.')
      .refine(
        (value) => byteLength(value) <= messageContent.max,
        `Message must be at most ${messageContent.max} bytes (UTF-8).`,
      ),
    clientToken: z
      .string()
      .refine((value) => value.length <= clientToken.max, `Client token must be at most ${clientToken.max} characters.`)
      .nullish(),
  })
  .superRefine((input, ctx) => {
    const max = messageContentByType[input.contentType];
    if (input.content.length > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['content'],
        message: `A ${input.contentType} message must be at most ${max} characters (counted in UTF-16 code units: most emoji count as 2).`,
      });
    }
  });

/** SendChatEventInput's rules: a receipt names the message it is for; typing names none. */
export const SendChatEventInputSchema = z
  .object({
    type: z.enum(CHAT_EVENT_TYPES),
    messageId: z
      .string()
      .refine(
        (value) => value.length >= chatItemId.min && value.length <= chatItemId.max,
        `Message ID must be ${chatItemId.min}-${chatItemId.max} characters.`,
      )
      .nullish(),
  })
  .superRefine((input, ctx) => {
    const receipt = input.type !== 'TYPING';
    if (receipt && !input.messageId) {
      ctx.addIssue({
        code: 'custom',
        path: ['messageId'],
        message: `${input.type} needs the ID of the message it is for.`,
      });
    }
    if (!receipt && input.messageId) {
      ctx.addIssue({ code: 'custom', path: ['messageId'], message: 'TYPING names no message.' });
    }
  });

/**
 * Chat attachments: the model's shapes (AttachmentName 1–256, ContentType 1–255,
 * AttachmentSizeInBytes ≥ 1) and Connect's feature specifications (20 MB at most; the file
 * types below). https://docs.aws.amazon.com/connect/latest/adminguide/feature-limits.html#feature-limits-chat
 */
export const attachmentLimits = {
  name: { min: 1, max: 256 },
  contentType: { min: 1, max: 255 },
  /** Connect's 20 MB feature limit (the shape itself only says ≥ 1). */
  sizeBytes: { min: 1, max: 20 * 1024 * 1024 },
  attachmentId: { min: 1, max: 256 },
} as const;

/**
 * The file types Connect accepts in chat (feature specifications: .csv .doc .docx .heic .jfif
 * .jpeg .jpg .mov .mp4 .pdf .png .ppt .pptx .rtf .txt .wav .xls .xlsx), each with the MIME types
 * a browser reports for it.
 */
export const ATTACHMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  csv: ['text/csv'],
  doc: ['application/msword'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  heic: ['image/heic'],
  jfif: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  jpg: ['image/jpeg'],
  mov: ['video/quicktime'],
  mp4: ['video/mp4'],
  pdf: ['application/pdf'],
  png: ['image/png'],
  ppt: ['application/vnd.ms-powerpoint'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  rtf: ['application/rtf'],
  txt: ['text/plain'],
  wav: ['audio/wav', 'audio/x-wav', 'audio/vnd.wave'],
  xls: ['application/vnd.ms-excel'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
};

/** Every MIME type of {@link ATTACHMENT_TYPES}, lower case. */
export const ATTACHMENT_CONTENT_TYPES: ReadonlySet<string> = new Set(Object.values(ATTACHMENT_TYPES).flat());

const extensionOf = (name: string) => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
const attachmentIdRule = z
  .string()
  .refine(
    (value) => value.length >= attachmentLimits.attachmentId.min && value.length <= attachmentLimits.attachmentId.max,
    `Attachment ID must be ${attachmentLimits.attachmentId.min}-${attachmentLimits.attachmentId.max} characters.`,
  );

/**
 * StartChatAttachmentUploadInput's rules: a file name with an extension Connect accepts, a content
 * type Connect accepts (case-insensitive, as Connect reads it), 1 byte to 20 MB, a client token
 * Connect accepts. Checked before Connect: a refused file costs no call.
 */
export const StartChatAttachmentUploadInputSchema = z.object({
  name: z
    .string()
    .refine(
      (value) => value.length >= attachmentLimits.name.min && value.length <= attachmentLimits.name.max,
      `File name must be ${attachmentLimits.name.min}-${attachmentLimits.name.max} characters.`,
    )
    .refine(
      (value) => Object.hasOwn(ATTACHMENT_TYPES, extensionOf(value) ?? ''),
      `File type not accepted: the name must end in one of ${Object.keys(ATTACHMENT_TYPES)
        .map((e) => `.${e}`)
        .join(' ')}.`,
    ),
  contentType: z
    .string()
    .refine(
      (value) => value.length >= attachmentLimits.contentType.min && value.length <= attachmentLimits.contentType.max,
      `Content type must be ${attachmentLimits.contentType.min}-${attachmentLimits.contentType.max} characters.`,
    )
    .refine(
      (value) => ATTACHMENT_CONTENT_TYPES.has(value.toLowerCase()),
      'Content type not accepted: expected the MIME type of a file type Connect accepts (e.g. application/pdf, image/png).',
    ),
  sizeBytes: z
    .number()
    .int('Size must be a whole number of bytes.')
    .min(attachmentLimits.sizeBytes.min, 'The file must not be empty.')
    .max(attachmentLimits.sizeBytes.max, `The file must be at most 20 MB (${attachmentLimits.sizeBytes.max} bytes).`),
  clientToken: z
    .string()
    .refine((value) => value.length <= clientToken.max, `Client token must be at most ${clientToken.max} characters.`)
    .nullish(),
});

/** An attachment's ID as Connect shapes it (1–256 characters). */
export const AttachmentIdSchema = attachmentIdRule;
