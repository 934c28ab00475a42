import type { Tenant } from '../tenants/tenant.js';
import { CHAT_CONTENT_TYPES, type ChatContentType } from './content-types.js';
import { limits } from './limits.js';

/** What a tenant's chat widget may use. */
export interface ChatSettings {
  readonly supportedContentTypes: readonly ChatContentType[];
  readonly chatDurationInMinutes: { readonly min: number; readonly max: number; readonly default: number };
  readonly initialMessageAllowed: boolean;
  readonly initialMessageMaxLength: number;
  readonly displayNameMaxLength: number;
  readonly region: string;
}

/** The chat settings of a tenant: today Connect's own limits; per-tenant policy narrows them later. */
export function chatSettingsFor(tenant: Tenant): ChatSettings {
  return {
    supportedContentTypes: CHAT_CONTENT_TYPES,
    chatDurationInMinutes: { ...limits.chatDurationInMinutes },
    initialMessageAllowed: true,
    initialMessageMaxLength: limits.initialMessageContent.max,
    displayNameMaxLength: limits.displayName.max,
    region: tenant.connect.region,
  };
}
