import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { assertRouterSigned } from '../tenants/resolve.js';

/**
 * Checks the router signature of a request naming `x-tenant-id` as soon as its parameters are
 * parsed, before validation: plugins that trust a router request (trusted documents, the
 * introspection policy) then never act on an unsigned one. The context checks it again, with the
 * tenant and the rest of the caller rules.
 */
export function useRouterGate(secret: string | undefined): Plugin {
  return {
    onParams({ params, request }) {
      assertRouterGate(secret, params, request);
    },
  };
}

/** Throws 401 for a request naming `x-tenant-id` that the trusted router did not sign. */
export function assertRouterGate(secret: string | undefined, params: GraphQLParams, request: Request): void {
  const tenantId = request.headers.get('x-tenant-id');
  if (tenantId !== null) assertRouterSigned(secret, params, tenantId);
}
