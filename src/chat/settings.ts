import { CHAT_CONTENT_TYPES, type ChatContentType } from './content-types.js';
import { attachmentRulesOf, messageContentTypesOf } from './conversation-policy.js';
import { limits } from './limits.js';
import type { Tenant } from './tenant.js';

/** What a tenant's chat widget may use: Connect's limits narrowed by the tenant's policy. */
export interface ChatSettings {
  readonly supportedContentTypes: readonly ChatContentType[];
  readonly chatDurationInMinutes: { readonly min: number; readonly max: number; readonly default: number };
  readonly initialMessageAllowed: boolean;
  readonly initialMessageMaxLength: number;
  readonly displayNameMaxLength: number;
  readonly persistentChatAllowed: boolean;
  readonly relatedContactsAllowed: boolean;
  /** Null: any valid key. */
  readonly allowedAttributeKeys: readonly string[] | null;
  /** Null: any valid key. */
  readonly allowedSegmentAttributeKeys: readonly string[] | null;
  readonly authenticationRequired: boolean;
  readonly region: string;
  /** What a customer may send after the start. */
  readonly messageContentTypes: readonly ChatContentType[];
  /** Whether, what and how large a customer may share. */
  readonly attachments: {
    readonly enabled: boolean;
    readonly contentTypes: readonly string[];
    readonly maxSizeBytes: number;
  };
}

/** The chat settings of a tenant, as its policy defines them. */
export function chatSettingsFor(tenant: Tenant): ChatSettings {
  const chat = tenant.policy.chat;
  const duration = limits.chatDurationInMinutes;
  const max = chat.chatDurationInMinutes.max ?? duration.max;
  return {
    supportedContentTypes: chat.supportedContentTypes ?? CHAT_CONTENT_TYPES,
    chatDurationInMinutes: {
      min: duration.min,
      max,
      default: chat.chatDurationInMinutes.default ?? Math.min(duration.default, max),
    },
    initialMessageAllowed: chat.initialMessage,
    initialMessageMaxLength: limits.initialMessageContent.max,
    displayNameMaxLength: limits.displayName.max,
    persistentChatAllowed: chat.persistentChat,
    relatedContactsAllowed: chat.relatedContacts,
    allowedAttributeKeys: tenant.policy.attributes?.allow ?? null,
    allowedSegmentAttributeKeys: tenant.policy.segmentAttributes?.allow ?? null,
    authenticationRequired: tenant.auth?.required ?? false,
    region: tenant.connect.region,
    messageContentTypes: messageContentTypesOf(chat),
    attachments: attachmentRulesOf(chat),
  };
}
