import type { Plugin } from 'graphql-yoga';
import { callerError } from '../tenants/resolve.js';
import { ROUTER_SIGNATURE_EXTENSION, routerSignatureValid } from '../tenants/router-signature.js';

/**
 * Checks the router signature of a request naming `x-tenant-id` as soon as its parameters are
 * parsed, before validation: plugins that trust a router request (trusted documents, the
 * introspection policy) then never act on an unsigned one. The context checks it again, with the
 * tenant and the rest of the caller rules.
 */
export function useRouterGate(secret: string | undefined): Plugin {
  return {
    onParams({ params, request }) {
      const tenantId = request.headers.get('x-tenant-id');
      if (tenantId === null) return;
      if (!secret) {
        throw callerError(
          'ROUTER_NOT_CONFIGURED',
          401,
          'x-tenant-id is accepted only from a trusted router, and none is configured.',
        );
      }
      const signature = params.extensions?.[ROUTER_SIGNATURE_EXTENSION];
      if (signature === undefined || signature === null || signature === '') {
        throw callerError('ROUTER_SIGNATURE_MISSING', 401, 'x-tenant-id needs a request signed by the trusted router.');
      }
      if (!routerSignatureValid(secret, params, tenantId, signature)) {
        throw callerError('ROUTER_SIGNATURE_INVALID', 401, 'The router signature does not match this request.');
      }
    },
  };
}
