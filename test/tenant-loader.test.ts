import { describe, expect, it, vi } from 'vitest';
import type { Tenant } from '../src/chat/tenant.js';
import type { TenantLookup, TenantStore } from '../src/tenants/store.js';
import { createTenantLoader } from '../src/tenants/tenant-loader.js';

/* A request's tenant lookups: each asked of the store once, a failure asked again. */

const acme = { id: 'acme' } as Tenant;

function storeAnswering(...answers: (Tenant | undefined | Error)[]) {
  const find = vi.fn(async (lookups: readonly TenantLookup[]) => {
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return lookups.map(() => next);
  });
  return {
    store: { find, anyAllowsOrigin: async () => false, health: () => ({ ok: true, tenantCount: 1 }) } as TenantStore,
    find,
  };
}

describe('createTenantLoader', () => {
  it('asks the store once per lookup, and knows a tenant found by key by its ID too', async () => {
    const { store, find } = storeAnswering(acme);
    const loader = createTenantLoader(store);
    await expect(loader.load({ apiKey: 'k1' })).resolves.toBe(acme);
    await expect(loader.load({ apiKey: 'k1' })).resolves.toBe(acme);
    await expect(loader.load({ tenantId: 'acme' })).resolves.toBe(acme);
    expect(find).toHaveBeenCalledTimes(1);
  });

  it('asks again after a failed lookup instead of keeping the failure', async () => {
    const { store, find } = storeAnswering(new Error('store down'), acme);
    const loader = createTenantLoader(store);
    await expect(loader.load({ apiKey: 'k1' })).rejects.toThrow('store down');
    await expect(loader.load({ apiKey: 'k1' })).resolves.toBe(acme);
    expect(find).toHaveBeenCalledTimes(2);
  });

  it('keeps an unknown key unknown for the request', async () => {
    const { store, find } = storeAnswering(undefined);
    const loader = createTenantLoader(store);
    await expect(loader.load({ apiKey: 'nope' })).resolves.toBeUndefined();
    await expect(loader.load({ apiKey: 'nope' })).resolves.toBeUndefined();
    expect(find).toHaveBeenCalledTimes(1);
  });
});
