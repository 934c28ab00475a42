import { z } from 'zod';
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
