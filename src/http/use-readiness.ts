import type { Plugin } from 'graphql-yoga';

/** Readiness as main.ts reports it: false while shutting down. */
export type ReadinessCheck = () => { readonly ready: boolean; readonly reason?: string };

/**
 * Serves `GET /readiness` (send traffic here?) outside GraphQL and without a tenant key.
 * Liveness is Yoga's own `GET /health` (200, empty body).
 */
export function useReadiness(readiness: ReadinessCheck): Plugin {
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== '/readiness' || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      const state = readiness();
      endResponse(
        new fetchAPI.Response(JSON.stringify({ status: state.ready ? 'ready' : 'not ready', ...state }), {
          status: state.ready ? 200 : 503,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  };
}
