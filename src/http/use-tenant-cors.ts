import type { FetchAPI, Plugin } from 'graphql-yoga';
import { createRequestSlot } from '../request-slot.js';
import { originAllowed } from '../tenants/origins.js';
import type { Caller } from '../tenants/resolve.js';
import type { TenantStore } from '../tenants/store.js';

const ALLOWED_HEADERS = 'content-type, x-api-key, x-participant-token, x-request-id, authorization';

/**
 * CORS answered per tenant. Yoga's own CORS cannot refuse a preflight, and runs before the
 * tenant is known, so this replaces it:
 * - a preflight names no tenant (browsers send no custom header values), so it is allowed when
 *   some tenant allows the origin and refused with 403 otherwise;
 * - an actual request gets CORS headers only when its own tenant allows the origin; a refused
 *   request (403) gets none.
 */
export function useTenantCors(store: TenantStore) {
  const callers = createRequestSlot<Caller>('chat-gateway.caller');
  const preflight = async (request: Request, fetchAPI: FetchAPI, endResponse: (response: Response) => void) => {
    const origin = request.headers.get('origin');
    const allowed = origin !== null && (await store.anyAllowsOrigin(origin));
    if (!allowed || origin === null) {
      endResponse(new fetchAPI.Response(null, { status: 403, headers: { 'content-length': '0', vary: 'Origin' } }));
      return;
    }
    endResponse(
      new fetchAPI.Response(null, {
        status: 204,
        headers: {
          'content-length': '0',
          vary: 'Origin',
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'POST, GET, OPTIONS',
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-max-age': '600',
        },
      }),
    );
  };
  /** The CORS headers of an actual (not preflight) request's response; a promise only when its tenant is still unknown. */
  const stamp = (request: Request, headers: Headers): void | Promise<void> => {
    const origin = request.headers.get('origin');
    if (origin === null || request.method === 'OPTIONS') return;
    const allow = () => {
      headers.set('access-control-allow-origin', origin);
      headers.set('access-control-expose-headers', 'x-request-id');
    };
    const caller = callers.get(request);
    if (caller) {
      if (originAllowed(caller.tenant.allowedOrigins, origin)) allow();
      return;
    }
    // Refused before its tenant was resolved (a document that fails validation, a missing
    // header): the key's tenant decides, so that its page can read why instead of seeing a
    // blocked request. No key, an unknown key or another origin: no CORS headers.
    const apiKey = request.headers.get('x-api-key');
    if (!apiKey) return;
    return store.find([{ apiKey }]).then(([tenant]) => {
      if (tenant && originAllowed(tenant.allowedOrigins, origin)) allow();
    });
  };
  const plugin: Plugin = {
    // Synchronous for every request but a preflight: an async hook costs every request a promise chain.
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'OPTIONS') return;
      return preflight(request, fetchAPI, endResponse);
    },
    onResponse: ({ request, response }) => stamp(request, response.headers),
  };
  return { plugin, stamp, noteCaller: (request: Request, caller: Caller) => void callers.set(request, caller) };
}
