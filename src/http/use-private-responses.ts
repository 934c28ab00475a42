import type { Plugin } from 'graphql-yoga';

/**
 * GraphQL answers depend on the caller (key, token, origin): no shared cache may keep or reuse
 * them, and caches that do must key them by Origin. GraphiQL's assets are the same for everyone
 * and content-addressed: cached publicly.
 */
export function usePrivateResponses(): Plugin {
  return {
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return;
      // Only useGraphiQLAssets answers `public` (no caller-dependent response ever does).
      if (response.headers.get('cache-control')?.startsWith('public')) return;
      response.headers.set('cache-control', 'private, no-store');
      if (!(response.headers.get('vary') ?? '').toLowerCase().includes('origin'))
        response.headers.append('vary', 'Origin');
    },
  };
}
