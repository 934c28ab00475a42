import DataLoader from 'dataloader';
import type { Tenant } from '../chat/tenant.js';
import { lookupKey, type TenantLookup, type TenantStore } from './store.js';

export type TenantLoader = DataLoader<TenantLookup, Tenant | undefined, string>;

/**
 * A request's tenant lookups: batched into one store call and cached for the request, so every
 * field of one document (aliases included) sees the same tenant snapshot, even across a reload.
 */
export function createTenantLoader(store: TenantStore): TenantLoader {
  const loader: TenantLoader = new DataLoader(
    async (lookups) => {
      const tenants = await store.find(lookups);
      // A tenant found by key is also known by ID for the rest of the request.
      for (const tenant of tenants) if (tenant) loader.prime({ tenantId: tenant.id }, tenant);
      return tenants;
    },
    { cacheKeyFn: lookupKey },
  );
  return loader;
}
