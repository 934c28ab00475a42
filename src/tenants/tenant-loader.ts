import type { Tenant } from '../chat/tenant.js';
import { lookupKey, type TenantLookup, type TenantStore } from './store.js';

/** A request's tenant lookups. */
export interface TenantLoader {
  load(lookup: TenantLookup): Promise<Tenant | undefined>;
}

/**
 * A request's tenant lookups, each asked of the store once and remembered for the request, so
 * that the caller's checks (key, then the router's tenant ID) see one tenant snapshot, even across
 * a reload. A tenant found by key is also known by ID. Lookups are few and made one after the
 * other (never batched), so a Map does what a DataLoader did, without its per-request scheduling
 * (docs/performance.md).
 */
export function createTenantLoader(store: TenantStore): TenantLoader {
  const found = new Map<string, Promise<Tenant | undefined>>();
  return {
    load(lookup) {
      const key = lookupKey(lookup);
      const tenant = found.get(key);
      if (tenant === undefined) {
        const finding: Promise<Tenant | undefined> = store.find([lookup]).then(
          ([first]) => {
            if (first) found.set(lookupKey({ tenantId: first.id }), finding);
            return first;
          },
          (error: unknown) => {
            // A failed lookup is asked again by the next load, as DataLoader clears a failed key.
            found.delete(key);
            throw error;
          },
        );
        found.set(key, finding);
        return finding;
      }
      return tenant;
    },
  };
}
