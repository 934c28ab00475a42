import { createHmac, timingSafeEqual } from 'node:crypto';
import stableStringify from 'json-stable-stringify';
import { MAX_INPUT_DEPTH, nestsDeeperThan } from '../chat/input-depth.js';

/** The GraphQL request extension that carries the router's signature, as Hive Gateway names it. */
export const ROUTER_SIGNATURE_EXTENSION = 'hmac-signature';

/** The parts of a GraphQL request the router signs. */
export interface SignedParams {
  readonly query?: string | null;
  readonly operationName?: string | null;
  readonly variables?: Readonly<Record<string, unknown>> | null;
}

/**
 * What the router signs: Hive Gateway's upstream-signature payload (stable JSON of `query` and the
 * non-empty `variables`) plus the `operationName`, when there is one, and the tenant the request
 * names in `x-tenant-id`, so a captured signed request can neither be replayed for another tenant
 * nor run another operation of the same document.
 */
export function routerSignaturePayload(params: SignedParams, tenantId: string): string {
  const variables = params.variables && Object.keys(params.variables).length > 0 ? params.variables : undefined;
  return (
    stableStringify({
      query: params.query ?? undefined,
      operationName: params.operationName || undefined,
      variables,
      tenantId,
    }) ?? ''
  );
}

/** Base64 HMAC-SHA256 of the payload: what a router puts in `extensions["hmac-signature"]`. */
export function signForRouter(secret: string, params: SignedParams, tenantId: string): string {
  return createHmac('sha256', secret).update(routerSignaturePayload(params, tenantId)).digest('base64');
}

/**
 * Checks a router signature in constant time. Variables nested deeper than the gateway accepts
 * are never validly signed: json-stable-stringify recurses, and would overflow the stack on them
 * (the gateway refuses such variables from everyone anyway, see use-input-depth.ts).
 */
export function routerSignatureValid(secret: string, params: SignedParams, tenantId: string, signature: unknown) {
  if (typeof signature !== 'string' || signature.length > 128) return false;
  if (nestsDeeperThan(params.variables, MAX_INPUT_DEPTH)) return false;
  const expected = Buffer.from(signForRouter(secret, params, tenantId), 'base64');
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
