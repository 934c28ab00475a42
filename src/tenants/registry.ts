import type { Tenant } from '../chat/tenant.js';
import { originAllowed } from './origins.js';

/** One consistent snapshot of the tenants, indexed for lookups. Immutable: a reload builds a new one. */
export interface TenantRegistry {
  readonly tenants: readonly Tenant[];
  /** First key of the first tenant: prefilled in GraphiQL in development. */
  readonly demoApiKey: string | undefined;
  byApiKey(apiKey: string): Tenant | undefined;
  byId(tenantId: string): Tenant | undefined;
  /** Whether some tenant allows this browser origin (a CORS preflight names no tenant). */
  anyAllowsOrigin(origin: string): boolean;
}

/** Builds an in-memory registry from resolved tenants and their keys. */
export function createTenantRegistry(
  entries: readonly { tenant: Tenant; apiKeys: readonly string[] }[],
): TenantRegistry {
  const byKey = new Map<string, Tenant>();
  const byId = new Map<string, Tenant>();
  for (const { tenant, apiKeys } of entries) {
    byId.set(tenant.id, tenant);
    for (const key of apiKeys) byKey.set(key, tenant);
  }
  const tenants = entries.map((e) => e.tenant);
  return {
    tenants,
    demoApiKey: entries[0]?.apiKeys[0],
    byApiKey: (apiKey) => byKey.get(apiKey),
    byId: (tenantId) => byId.get(tenantId),
    anyAllowsOrigin: (origin) => tenants.some((t) => originAllowed(t.allowedOrigins, origin)),
  };
}
