import type { Tenant } from './tenant.js';

/** Looks tenants up by their public API key. */
export interface TenantRegistry {
  readonly tenants: readonly Tenant[];
  /** First key of the first tenant: prefilled in GraphiQL in development. */
  readonly demoApiKey: string | undefined;
  byApiKey(apiKey: string): Tenant | undefined;
}

/** Builds an in-memory registry from resolved tenants and their keys. */
export function createTenantRegistry(
  entries: readonly { tenant: Tenant; apiKeys: readonly string[] }[],
): TenantRegistry {
  const byKey = new Map<string, Tenant>();
  for (const { tenant, apiKeys } of entries) {
    for (const key of apiKeys) byKey.set(key, tenant);
  }
  return {
    tenants: entries.map((e) => e.tenant),
    demoApiKey: entries[0]?.apiKeys[0],
    byApiKey: (apiKey) => byKey.get(apiKey),
  };
}
