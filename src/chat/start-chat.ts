import type { ChatRequest, StartedChat, TrustedClaims } from './command.js';
import { applyTenantPolicy } from './policy.js';
import type { CallContext, ChatStarter } from './ports.js';
import type { Tenant } from './tenant.js';

/**
 * Starts a chat for the calling tenant. Instance, flow, region and credentials come only from
 * the tenant; the request cannot carry them. The tenant's policy and the caller's verified claims
 * shape what Connect receives. Throws a `ChatError` for expected failures.
 */
export function startChat(
  starter: ChatStarter,
  tenant: Tenant,
  request: ChatRequest,
  claims: TrustedClaims | undefined,
  call: CallContext,
): Promise<StartedChat> {
  const command = applyTenantPolicy(tenant, request, claims);
  // Debug: the request's completion line and the Connect call line already tell the story at info.
  call.logger.debug({ authenticated: claims !== undefined }, 'starting chat');
  // The tenant is named here, where it is authoritative: chat starts are rate limited per tenant.
  return starter.start(tenant.connect, command, { ...call, tenantId: tenant.id });
}
