import type { Plugin } from 'graphql-yoga';

/** Readiness as main.ts reports it: false while starting or shutting down. */
export type ReadinessCheck = () => { readonly ready: boolean; readonly reason?: string };

/**
 * Serves `GET /health` (the process is alive) and `GET /readiness` (send traffic here), outside
 * GraphQL and without a tenant key.
 */
export function useHealth(readiness: ReadinessCheck): Plugin {
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (url.pathname === '/health') {
        endResponse(Response.json({ status: 'ok' }));
      } else if (url.pathname === '/readiness') {
        const state = readiness();
        endResponse(
          new fetchAPI.Response(JSON.stringify({ status: state.ready ? 'ready' : 'not ready', ...state }), {
            status: state.ready ? 200 : 503,
            headers: { 'content-type': 'application/json' },
          }),
        );
      }
    },
  };
}
