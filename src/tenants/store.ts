import type { Tenant } from '../chat/tenant.js';

/** How a request names its tenant: a public API key, or a tenant ID from a trusted router. */
export type TenantLookup = { readonly apiKey: string } | { readonly tenantId: string };

/** Health of a store's configuration, for /readiness. */
export interface TenantStoreHealth {
  readonly ok: boolean;
  /** Why the latest configuration was refused; the store keeps serving the last good one. */
  readonly error?: string;
  readonly loadedAt?: string;
  readonly tenantCount: number;
}

/**
 * Where tenants come from. The file store is one implementation; a database-backed store
 * implements the same batch lookup (a request's tenant loader asks it once per lookup).
 */
export interface TenantStore {
  /** Answers each lookup in order; `undefined` for an unknown key or ID. */
  find(lookups: readonly TenantLookup[]): Promise<readonly (Tenant | undefined)[]>;
  /** Whether some tenant allows this browser origin: a CORS preflight names no tenant. */
  anyAllowsOrigin(origin: string): Promise<boolean>;
  health(): TenantStoreHealth;
}

/** The cache key of a lookup in a request's tenant loader. */
export function lookupKey(lookup: TenantLookup): string {
  return 'apiKey' in lookup ? `key:${lookup.apiKey}` : `id:${lookup.tenantId}`;
}
