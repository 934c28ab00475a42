import type { YogaInitialContext } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ChatStarter } from './connect/chat-starter.js';
import type { TenantRegistry } from './tenants/registry.js';
import { resolveTenant } from './tenants/resolve.js';
import type { Tenant } from './tenants/tenant.js';

/** Long-lived things every request may use. */
export interface ContextDeps {
  readonly tenants: TenantRegistry;
  readonly chatStarter: ChatStarter;
  readonly logger: Logger;
  /** Reads the request ID `useRequestId` assigned. */
  readonly requestIdOf: (request: Request) => string;
}

/** Per-request context of every resolver. */
export interface Context {
  readonly requestId: string;
  readonly logger: Logger;
  readonly tenant: Tenant;
  readonly chatStarter: ChatStarter;
}

/**
 * Builds the context of one GraphQL request; resolves the calling tenant first, so no resolver
 * runs for an unknown key or a foreign origin.
 */
export function createContext(deps: ContextDeps, initial: YogaInitialContext): Context {
  const requestId = deps.requestIdOf(initial.request);
  const headers = initial.request.headers;
  const tenant = resolveTenant(deps.tenants, { apiKey: headers.get('x-api-key'), origin: headers.get('origin') });
  return {
    requestId,
    logger: deps.logger.child({ requestId, tenantId: tenant.id }),
    tenant,
    chatStarter: deps.chatStarter,
  };
}
