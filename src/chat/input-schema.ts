import * as z from 'zod';
import type { ChatRequest, SegmentAttributeValue } from './command.js';
import {
  CHAT_CONTENT_TYPES,
  DISCONNECT_PARTICIPANT_TYPES,
  REHYDRATION_TYPES,
  RESPONSE_MODES,
} from './content-types.js';
import { ATTRIBUTE_KEY_PATTERN, limits } from './limits.js';

/*
 * The rules of StartChatContactInput as one zod schema. GraphQL has already checked types and
 * enums, so every rule here reports a continuable issue and all of them are collected at once.
 * Optional GraphQL fields arrive absent or null, hence `nullish()`.
 */

/**
 * A string of `min`..`max` UTF-16 code units: Connect (a Java service) counts lengths that way, as
 * JavaScript's `.length` does, while zod's `.max()` counts code points and so lets an emoji (two
 * units) through at half price. Why each limit is counted so: docs/connect-limits.md.
 */
const chars = (label: string, min: number, max: number) => {
  let schema = z
    .string()
    .refine(
      (value) => value.length <= max,
      `${label} must be at most ${max} characters (counted in UTF-16 code units: most emoji count as 2).`,
    );
  if (min > 0) schema = schema.refine((value) => value.length >= min, `${label} must not be empty.`);
  return schema;
};

const byteLength = (value: string) => Buffer.byteLength(value, 'utf8');

const AttributeSchema = z.object({
  key: chars('Attribute key', limits.attributeKey.min, limits.attributeKey.max).regex(
    ATTRIBUTE_KEY_PATTERN,
    'Attribute key may contain only letters A-Z and a-z, digits, "_" and "-".',
  ),
  value: chars('Attribute value', limits.attributeValue.min, limits.attributeValue.max),
});

interface SegmentAttributeInput {
  key: string;
  value: {
    valueString?: string | null;
    valueInteger?: number | null;
    valueMap?: SegmentAttributeInput[] | null;
  };
}

const SegmentAttributeSchema: z.ZodType<SegmentAttributeInput> = z.lazy(() =>
  z.object({
    key: chars('Segment attribute key', limits.segmentAttributeKey.min, limits.segmentAttributeKey.max),
    value: z
      .object({
        valueString: chars('Segment attribute string value', 0, limits.segmentAttributeString.max).nullish(),
        valueInteger: z.number().int().nullish(),
        valueMap: z.array(SegmentAttributeSchema).nullish().superRefine(noDuplicateKeys('Segment attribute key')),
      })
      .superRefine((value, ctx) => {
        const set = [value.valueString, value.valueInteger, value.valueMap].filter((v) => v != null);
        if (set.length !== 1) {
          ctx.addIssue({
            code: 'custom',
            message: 'Segment attribute value must set exactly one of valueString, valueInteger or valueMap.',
          });
        }
      }),
  }),
);

function noDuplicateKeys(label: string) {
  return (items: readonly { key: string }[] | null | undefined, ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items?.forEach((item, index) => {
      if (seen.has(item.key)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'key'],
          message: `${label} "${item.key}" appears more than once.`,
        });
      }
      seen.add(item.key);
    });
  };
}

const RawInputSchema = z.object({
  participantDetails: z.object({
    displayName: chars('Display name', limits.displayName.min, limits.displayName.max).refine(
      (name) => name.length === 0 || name.trim().length > 0,
      'Display name must not be blank.',
    ),
  }),
  initialMessage: z
    .object({
      // Connect accepts every type but the interactive template itself as a first message.
      contentType: z
        .enum(CHAT_CONTENT_TYPES)
        .refine((type) => type !== 'INTERACTIVE', 'An initial message cannot be of type INTERACTIVE.'),
      content: chars('Initial message', limits.initialMessageContent.min, limits.initialMessageContent.max).refine(
        (content) => byteLength(content) <= limits.initialMessageContent.max,
        `Initial message must be at most ${limits.initialMessageContent.max} bytes (UTF-8).`,
      ),
    })
    .nullish(),
  attributes: z
    .array(AttributeSchema)
    .nullish()
    .superRefine(noDuplicateKeys('Attribute key'))
    .superRefine((items, ctx) => {
      const total = (items ?? []).reduce((sum, a) => sum + byteLength(a.key) + byteLength(a.value), 0);
      if (total > limits.attributesTotalBytes) {
        ctx.addIssue({
          code: 'custom',
          message: `Attributes must total at most ${limits.attributesTotalBytes} bytes (UTF-8) across all keys and values; these total ${total}.`,
        });
      }
    }),
  segmentAttributes: z.array(SegmentAttributeSchema).nullish().superRefine(noDuplicateKeys('Segment attribute key')),
  clientToken: chars('Client token', 0, limits.clientToken.max).nullish(),
  chatDurationInMinutes: z
    .number()
    .int()
    .min(
      limits.chatDurationInMinutes.min,
      `Chat duration must be between ${limits.chatDurationInMinutes.min} and ${limits.chatDurationInMinutes.max} minutes.`,
    )
    .max(
      limits.chatDurationInMinutes.max,
      `Chat duration must be between ${limits.chatDurationInMinutes.min} and ${limits.chatDurationInMinutes.max} minutes.`,
    )
    .nullish(),
  supportedMessagingContentTypes: z
    .array(z.enum(CHAT_CONTENT_TYPES))
    .nullish()
    .superRefine((types, ctx) => {
      if (!types) return;
      if (!types.includes('TEXT_PLAIN')) {
        ctx.addIssue({ code: 'custom', message: 'Supported content types must include TEXT_PLAIN.' });
      }
      types.forEach((type, index) => {
        if (types.indexOf(type) !== index) {
          ctx.addIssue({ code: 'custom', path: [index], message: `Content type ${type} appears more than once.` });
        }
      });
    }),
  persistentChat: z
    .object({
      rehydrationType: z.enum(REHYDRATION_TYPES).nullish(),
      sourceContactId: chars('Source contact ID', limits.contactId.min, limits.contactId.max).nullish(),
    })
    .nullish()
    .superRefine((chat, ctx) => {
      if (!chat) return;
      if (chat.rehydrationType == null) {
        ctx.addIssue({
          code: 'custom',
          path: ['rehydrationType'],
          message: 'Persistent chat needs a rehydration type.',
        });
      }
      if (chat.sourceContactId == null) {
        ctx.addIssue({
          code: 'custom',
          path: ['sourceContactId'],
          message: 'Persistent chat needs the source contact ID.',
        });
      }
    }),
  relatedContactId: chars('Related contact ID', limits.contactId.min, limits.contactId.max).nullish(),
  customerId: chars('Customer ID', limits.customerId.min, limits.customerId.max).nullish(),
  participantConfiguration: z.object({ responseMode: z.enum(RESPONSE_MODES).nullish() }).nullish(),
  disconnectOnCustomerExit: z
    .array(z.enum(DISCONNECT_PARTICIPANT_TYPES))
    .nullish()
    // A refinement, not .length(): zod aborts the object's cross-field checks after a failed length.
    .superRefine((items, ctx) => {
      if (items && items.length !== limits.disconnectOnCustomerExit.max) {
        ctx.addIssue({
          code: 'custom',
          message: 'Disconnect on customer exit must list exactly one participant type.',
        });
      }
    }),
});

type RawInput = z.output<typeof RawInputSchema>;

function checkCrossFieldRules(input: RawInput, ctx: z.RefinementCtx) {
  if (input.persistentChat && input.relatedContactId != null) {
    ctx.addIssue({
      code: 'custom',
      path: ['relatedContactId'],
      message:
        'A chat cannot be both a persistent chat and related to another contact; send only one of persistentChat and relatedContactId.',
    });
  }
}

function toSegmentValue(value: SegmentAttributeInput['value']): SegmentAttributeValue {
  if (value.valueString != null) return { valueString: value.valueString };
  if (value.valueInteger != null) return { valueInteger: value.valueInteger };
  return { valueMap: toSegmentMap(value.valueMap ?? []) };
}

function toSegmentMap(items: readonly SegmentAttributeInput[]): Record<string, SegmentAttributeValue> {
  return Object.fromEntries(items.map((item) => [item.key, toSegmentValue(item.value)]));
}

function toRequest(input: RawInput): ChatRequest {
  return {
    displayName: input.participantDetails.displayName,
    initialMessage: input.initialMessage ?? undefined,
    attributes: input.attributes ?? undefined,
    segmentAttributes: input.segmentAttributes?.map((item) => ({ key: item.key, value: toSegmentValue(item.value) })),
    clientToken: input.clientToken ?? undefined,
    chatDurationInMinutes: input.chatDurationInMinutes ?? undefined,
    supportedContentTypes: input.supportedMessagingContentTypes ?? undefined,
    persistentChat:
      input.persistentChat?.rehydrationType && input.persistentChat.sourceContactId
        ? {
            rehydrationType: input.persistentChat.rehydrationType,
            sourceContactId: input.persistentChat.sourceContactId,
          }
        : undefined,
    relatedContactId: input.relatedContactId ?? undefined,
    customerId: input.customerId ?? undefined,
    responseMode: input.participantConfiguration?.responseMode ?? undefined,
    disconnectOnCustomerExit: input.disconnectOnCustomerExit ?? undefined,
  };
}

/**
 * Validates a StartChatContactInput against Connect's limits and cross-field rules and turns it
 * into a {@link ChatRequest}. All violations are reported together.
 */
export const StartChatContactInputSchema = RawInputSchema.superRefine(checkCrossFieldRules).transform(toRequest);
