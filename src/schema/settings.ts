import type { ChatSettings as ChatSettingsShape } from '../chat/settings.js';
import { builder } from './builder.js';
import { ChatContentType } from './enums.js';

export const ChatDurationBounds = builder
  .objectRef<ChatSettingsShape['chatDurationInMinutes']>('ChatDurationBounds')
  .implement({
    description: 'Chat duration limits, in minutes.',
    fields: (t) => ({
      min: t.exposeInt('min'),
      max: t.exposeInt('max'),
      default: t.exposeInt('default', { description: 'Used when chatDurationInMinutes is not given.' }),
    }),
  });

export const ChatAttachmentSettings = builder
  .objectRef<ChatSettingsShape['attachments']>('ChatAttachmentSettings')
  .implement({
    description: 'What a customer may share in a chat.',
    fields: (t) => ({
      enabled: t.exposeBoolean('enabled'),
      contentTypes: t.stringList({ description: 'MIME types accepted.', resolve: (a) => [...a.contentTypes] }),
      maxSizeBytes: t.exposeInt('maxSizeBytes', { description: 'The largest file, in bytes.' }),
    }),
  });

export const ChatSettings = builder.objectRef<ChatSettingsShape>('ChatSettings').implement({
  description: "What the calling tenant's chat widget may use.",
  fields: (t) => ({
    supportedContentTypes: t.field({ type: [ChatContentType], resolve: (s) => [...s.supportedContentTypes] }),
    chatDurationInMinutes: t.field({ type: ChatDurationBounds, resolve: (s) => s.chatDurationInMinutes }),
    initialMessageAllowed: t.exposeBoolean('initialMessageAllowed'),
    initialMessageMaxLength: t.exposeInt('initialMessageMaxLength'),
    displayNameMaxLength: t.exposeInt('displayNameMaxLength'),
    persistentChatAllowed: t.exposeBoolean('persistentChatAllowed'),
    relatedContactsAllowed: t.exposeBoolean('relatedContactsAllowed'),
    allowedAttributeKeys: t.stringList({
      nullable: true,
      description:
        'Attribute keys the client may send: exact names or patterns where "*" matches any run of characters. Null: any valid key.',
      resolve: (s) => (s.allowedAttributeKeys ? [...s.allowedAttributeKeys] : null),
    }),
    allowedSegmentAttributeKeys: t.stringList({
      nullable: true,
      description: 'Segment attribute keys the client may send, as allowedAttributeKeys. Null: any valid key.',
      resolve: (s) => (s.allowedSegmentAttributeKeys ? [...s.allowedSegmentAttributeKeys] : null),
    }),
    authenticationRequired: t.exposeBoolean('authenticationRequired', {
      description: "Whether every call needs a JWT from the tenant's backend (Authorization: Bearer).",
    }),
    region: t.exposeString('region', { description: "AWS region of the tenant's Connect instance." }),
    messageContentTypes: t.field({
      type: [ChatContentType],
      description: 'Content types a customer may send with sendChatMessage.',
      resolve: (s) => [...s.messageContentTypes],
    }),
    attachments: t.field({ type: ChatAttachmentSettings, resolve: (s) => s.attachments }),
  }),
});

builder.queryType({
  fields: (t) => ({
    chatSettings: t.field({
      type: ChatSettings,
      description: "What the calling tenant's chat widget may use.",
      resolve: (_root, _args, ctx) => ctx.chat.settings(),
    }),
  }),
});
