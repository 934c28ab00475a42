import type { StartedChat } from '../chat/command.js';
import { StartChatContactInputSchema } from '../chat/input-schema.js';
import { builder } from './builder.js';
import { ChatContact, loadContact } from './contact.js';
import { ChatContentType, DisconnectOnCustomerExitParticipantType, RehydrationType, ResponseMode } from './enums.js';
import { CHAT_ERROR_TYPES } from './errors.js';

export const ParticipantDetailsInput = builder.inputType('ParticipantDetailsInput', {
  fields: (t) => ({
    displayName: t.string({ required: true, description: 'Name shown to the agent, 1-256 characters.' }),
  }),
});

export const ChatMessageInput = builder.inputType('ChatMessageInput', {
  fields: (t) => ({
    contentType: t.field({ type: ChatContentType, required: true }),
    content: t.string({ required: true, description: '1-16384 characters.' }),
  }),
});

export const ContactAttributeInput = builder.inputType('ContactAttributeInput', {
  description: 'A contact attribute the flow can read. Keys: letters, digits, "_" and "-".',
  fields: (t) => ({
    key: t.string({ required: true }),
    value: t.string({ required: true }),
  }),
});

export const SegmentAttributeValueInput = builder.inputRef<{
  valueString?: string | null;
  valueInteger?: number | null;
  valueMap?: unknown[] | null;
}>('SegmentAttributeValueInput');

export const SegmentAttributeInput = builder.inputType('SegmentAttributeInput', {
  description: 'A segment attribute; keys 1-128 characters.',
  fields: (t) => ({
    key: t.string({ required: true }),
    value: t.field({ type: SegmentAttributeValueInput, required: true }),
  }),
});

SegmentAttributeValueInput.implement({
  description: 'Set exactly one of the members.',
  fields: (t) => ({
    valueString: t.string({ description: 'At most 1024 characters.' }),
    valueInteger: t.int(),
    valueMap: t.field({ type: [SegmentAttributeInput] }),
  }),
});

export const PersistentChatInput = builder.inputType('PersistentChatInput', {
  description: 'Continue an earlier chat. Both fields are needed.',
  fields: (t) => ({
    rehydrationType: t.field({ type: RehydrationType }),
    sourceContactId: t.string({ description: 'Contact ID of the earlier chat.' }),
  }),
});

export const ParticipantConfigurationInput = builder.inputType('ParticipantConfigurationInput', {
  fields: (t) => ({ responseMode: t.field({ type: ResponseMode }) }),
});

export const StartChatContactInput = builder.inputType('StartChatContactInput', {
  description:
    "What the customer's chat client may say about the chat. Instance, flow and region come from the tenant.",
  fields: (t) => ({
    participantDetails: t.field({ type: ParticipantDetailsInput, required: true }),
    initialMessage: t.field({ type: ChatMessageInput, description: "First message, sent on the customer's behalf." }),
    attributes: t.field({
      type: [ContactAttributeInput],
      description: 'Contact attributes; at most 32768 UTF-8 bytes across all keys and values.',
    }),
    segmentAttributes: t.field({ type: [SegmentAttributeInput] }),
    clientToken: t.string({
      description: 'Idempotency token, at most 500 characters: the same token returns the same contact.',
    }),
    chatDurationInMinutes: t.int({ description: '60-10080; Connect defaults to 1500.' }),
    supportedMessagingContentTypes: t.field({
      type: [ChatContentType],
      description: 'Must include TEXT_PLAIN when given.',
    }),
    persistentChat: t.field({ type: PersistentChatInput, description: 'Cannot be combined with relatedContactId.' }),
    relatedContactId: t.string({ description: '1-256 characters.' }),
    customerId: t.string({ description: 'Customer Profiles ID, 1-128 characters. Never logged.' }),
    participantConfiguration: t.field({ type: ParticipantConfigurationInput }),
    disconnectOnCustomerExit: t.field({
      type: [DisconnectOnCustomerExitParticipantType],
      description: 'Exactly one item when given.',
    }),
  }),
});

export const StartChatContactPayload = builder.objectRef<StartedChat>('StartChatContactPayload').implement({
  description: 'What a chat client (amazon-connect-chatjs) needs to connect.',
  fields: (t) => ({
    contactId: t.exposeID('contactId'),
    participantId: t.exposeID('participantId'),
    participantToken: t.exposeString('participantToken', {
      description:
        "Bearer secret for CreateParticipantConnection, valid for the participant's lifetime. Never store or log it.",
    }),
    continuedFromContactId: t.exposeID('continuedFromContactId', { nullable: true }),
    region: t.exposeString('region', { description: 'AWS region of the Connect instance, for the chat client.' }),
    contact: t.field({
      type: ChatContact,
      nullable: true,
      description: 'The new contact as Connect describes it. Readable by the trusted router only (null otherwise).',
      resolve: (chat, _args, ctx) => loadContact(chat.contactId, ctx),
    }),
  }),
});

builder.mutationType({
  fields: (t) => ({
    startChatContact: t.field({
      description: "Starts a chat on the calling tenant's Connect instance and flow.",
      type: StartChatContactPayload,
      errors: { types: CHAT_ERROR_TYPES, directResult: true, union: { name: 'StartChatContactResult' } },
      args: {
        input: t.arg({ type: StartChatContactInput, required: true }).validate(StartChatContactInputSchema),
      },
      resolve: (_root, { input }, ctx) => ctx.chat.start(input),
    }),
  }),
});
