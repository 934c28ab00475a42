import { GraphQLError } from 'graphql';
import type { TenantRegistry } from './registry.js';
import type { Tenant } from './tenant.js';

/** The request headers tenant resolution looks at. */
export interface CallerHeaders {
  readonly apiKey: string | null;
  readonly origin: string | null;
}

function requestError(code: 'UNAUTHENTICATED' | 'FORBIDDEN', status: number, message: string) {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * Finds the calling tenant. The key selects the tenant; an Origin, when a browser sends one, must
 * be one of the tenant's. Throws a GraphQL request error (401/403) otherwise.
 */
export function resolveTenant(registry: TenantRegistry, headers: CallerHeaders): Tenant {
  if (!headers.apiKey) {
    throw requestError('UNAUTHENTICATED', 401, 'Missing x-api-key header: every request must name its tenant key.');
  }
  const tenant = registry.byApiKey(headers.apiKey);
  if (!tenant) throw requestError('UNAUTHENTICATED', 401, 'Unknown API key.');
  if (headers.origin !== null && !tenant.allowedOrigins.includes(headers.origin)) {
    throw requestError('FORBIDDEN', 403, 'This origin is not allowed for this API key.');
  }
  return tenant;
}
