import type { Plugin } from 'graphql-yoga';
import type { TenantStoreHealth } from '../tenants/store.js';

/** Readiness as main.ts reports it: false while shutting down. */
export type ReadinessCheck = () => { readonly ready: boolean; readonly reason?: string };

/**
 * Serves `GET /readiness` (send traffic here?) outside GraphQL and without a tenant key.
 * A refused tenants-file change leaves the gateway ready (it serves the last good configuration,
 * and failing every replica over one bad edit would be an outage) but `degraded`, with the error.
 * Liveness is Yoga's own `GET /health` (200, empty body).
 */
export function useReadiness(readiness: ReadinessCheck, tenants: () => TenantStoreHealth): Plugin {
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== '/readiness' || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      const state = readiness();
      const health = tenants();
      const status = !state.ready ? 'not ready' : health.ok ? 'ready' : 'degraded';
      endResponse(
        new fetchAPI.Response(JSON.stringify({ status, ...state, tenants: health }), {
          status: state.ready ? 200 : 503,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  };
}
