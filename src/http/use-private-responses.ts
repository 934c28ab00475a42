import type { Plugin } from 'graphql-yoga';
import { isGraphiQLAsset } from './graphiql-page.js';

/**
 * GraphQL answers depend on the caller (key, token, origin): no shared cache may keep or reuse
 * them, and caches that do must key them by Origin. GraphiQL's assets are the same for everyone
 * and content-addressed: cached publicly.
 */
export function usePrivateResponses(): Plugin {
  return {
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return;
      if (isGraphiQLAsset(request)) return;
      stampPrivate(response.headers);
    },
  };
}

/** Marks a response as the caller's own: no shared cache keeps it; caches that do key it by Origin. */
export function stampPrivate(headers: Headers): void {
  headers.set('cache-control', 'private, no-store');
  if (!(headers.get('vary') ?? '').toLowerCase().includes('origin')) headers.append('vary', 'Origin');
}
