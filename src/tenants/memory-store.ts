import type { TenantRegistry } from './registry.js';
import type { TenantStore } from './store.js';

/** A fixed set of tenants (tests, or tenants built in code). */
export function createMemoryTenantStore(registry: TenantRegistry): TenantStore & { readonly current: TenantRegistry } {
  return {
    current: registry,
    async find(lookups) {
      return lookups.map((lookup) =>
        'apiKey' in lookup ? registry.byApiKey(lookup.apiKey) : registry.byId(lookup.tenantId),
      );
    },
    async anyAllowsOrigin(origin) {
      return registry.anyAllowsOrigin(origin);
    },
    health: () => ({ ok: true, tenantCount: registry.tenants.length }),
  };
}
