import type { Plugin } from 'graphql-yoga';

/**
 * GraphQL answers depend on the caller (key, token, origin): no shared cache may keep or reuse
 * them, and caches that do must key them by Origin.
 */
export function usePrivateResponses(): Plugin {
  return {
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return;
      response.headers.set('cache-control', 'private, no-store');
      if (!(response.headers.get('vary') ?? '').toLowerCase().includes('origin'))
        response.headers.append('vary', 'Origin');
    },
  };
}
