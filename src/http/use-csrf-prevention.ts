import type { Plugin } from 'graphql-yoga';
import { callerError } from '../tenants/resolve.js';

/** Content types a browser sends cross-site without a CORS preflight. */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * CSRF prevention: a request a browser could send cross-site without a preflight (a GET, or a
 * form-encoded POST) runs only with one of `requestHeaders`, which such a request cannot carry.
 * The rule of `@graphql-yoga/plugin-csrf-prevention`, with a refusal that says what to do: every
 * such request lacks the tenant key, so it is answered as any keyless request is, 401
 * `API_KEY_MISSING`, not the library's code-less 403 (urql sends queries as GET, and its users
 * read "Required CSRF header(s) not present" for a missing key).
 */
export function useCsrfPrevention(requestHeaders: readonly string[]): Plugin {
  return {
    onRequestParse({ request }) {
      assertNotCrossSiteSimple(request, requestHeaders);
    },
  };
}

/** Throws `API_KEY_MISSING` (401) for a request a cross-site page could send without a preflight. */
export function assertNotCrossSiteSimple(request: Request, requestHeaders: readonly string[]): void {
  const contentType = request.headers.get('content-type')?.toLowerCase();
  const preflighted = contentType !== undefined && !SIMPLE_CONTENT_TYPES.some((t) => contentType.startsWith(t));
  if (preflighted || requestHeaders.some((name) => request.headers.has(name))) return;
  throw callerError(
    'API_KEY_MISSING',
    401,
    `Missing x-api-key header: every request must name its tenant key (a request without one is refused before it runs: CSRF).`,
  );
}
