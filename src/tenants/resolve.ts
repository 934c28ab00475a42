import { GraphQLError } from 'graphql';
import type { TrustedClaims } from '../chat/command.js';
import type { Tenant } from '../chat/tenant.js';
import { CallerTokenError, type CallerTokenVerifier } from './caller-token.js';
import { originAllowed } from './origins.js';
import { ROUTER_SIGNATURE_EXTENSION, routerSignatureValid, type SignedParams } from './router-signature.js';
import type { TenantLoader } from './tenant-loader.js';

/** Why a request was refused, in `extensions.reason`; `extensions.code` is the HTTP-level family. */
export type CallerRefusal =
  | 'API_KEY_MISSING'
  | 'API_KEY_UNKNOWN'
  | 'ORIGIN_NOT_ALLOWED'
  | 'ROUTER_NOT_CONFIGURED'
  | 'ROUTER_SIGNATURE_MISSING'
  | 'ROUTER_SIGNATURE_INVALID'
  | 'TENANT_UNKNOWN'
  | 'TENANT_MISMATCH'
  | CallerTokenError['reason'];

/** A request error: `UNAUTHENTICATED` (401), `FORBIDDEN` (403) or, when a tenant's keys cannot be fetched, 503. */
export function callerError(reason: CallerRefusal, status: number, message: string): GraphQLError {
  const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'SERVICE_UNAVAILABLE';
  return new GraphQLError(message, { extensions: { code, reason, http: { status } } });
}

export type { CallerTokenVerifier };

/** What tenant resolution reads from a request. */
export interface CallerRequest {
  readonly apiKey: string | null;
  readonly tenantId: string | null;
  readonly origin: string | null;
  readonly authorization: string | null;
  /** The GraphQL parameters, for the router signature. */
  readonly params: SignedParams & { readonly extensions?: Readonly<Record<string, unknown>> | null };
}

/** Who is calling, once resolved. */
export interface Caller {
  readonly tenant: Tenant;
  /** `apiKey`: a public key (a widget); `router`: a signed request from the trusted supergraph router. */
  readonly via: 'apiKey' | 'router';
  /** Verified claims of the tenant's JWT, when one was sent and the tenant accepts them. */
  readonly claims?: TrustedClaims;
}

export interface CallerResolution {
  readonly tenants: TenantLoader;
  readonly tokens: CallerTokenVerifier;
  /** Secret shared with the supergraph router; absent: `x-tenant-id` is always refused. */
  readonly routerSecret?: string;
  /** Origins of the gateway's own pages (GraphiQL), allowed for every tenant. */
  readonly ownOrigins?: { has(origin: string): boolean };
}

/** Refuses (401) a request naming `tenantId` unless the trusted router signed it with `secret`. */
export function assertRouterSigned(
  secret: string | undefined,
  params: CallerRequest['params'],
  tenantId: string,
): void {
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
}

async function tenantNamedByRouter(deps: CallerResolution, request: CallerRequest, tenantId: string) {
  assertRouterSigned(deps.routerSecret, request.params, tenantId);
  const tenant = await deps.tenants.load({ tenantId });
  if (!tenant) throw callerError('TENANT_UNKNOWN', 401, 'Unknown tenant.');
  if (request.apiKey !== null) {
    const keyed = await deps.tenants.load({ apiKey: request.apiKey });
    if (keyed?.id !== tenant.id) {
      throw callerError('TENANT_MISMATCH', 403, 'x-api-key and x-tenant-id name different tenants.');
    }
  }
  return tenant;
}

async function verifiedClaims(deps: CallerResolution, auth: NonNullable<Tenant['auth']>, authorization: string | null) {
  if (authorization === null || authorization.trim() === '') {
    if (auth.required)
      throw callerError('TOKEN_MISSING', 401, 'This tenant requires a token: Authorization: Bearer <JWT>.');
    return undefined;
  }
  const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(authorization);
  if (!match?.[1]) throw callerError('TOKEN_MALFORMED', 401, 'The Authorization header must be "Bearer <JWT>".');
  try {
    return await deps.tokens.verify(auth, match[1]);
  } catch (error) {
    if (error instanceof CallerTokenError) throw callerError(error.reason, error.status, error.message);
    throw error;
  }
}

/**
 * Finds and authenticates the calling tenant: a public key (`x-api-key`) or a tenant ID signed by
 * the trusted router (`x-tenant-id`); then the Origin, when a browser sends one; then the tenant's
 * JWT. Throws a GraphQL request error (401/403/503) naming the reason otherwise.
 */
export async function resolveCaller(deps: CallerResolution, request: CallerRequest): Promise<Caller> {
  let tenant: Tenant;
  let via: Caller['via'];
  if (request.tenantId !== null) {
    tenant = await tenantNamedByRouter(deps, request, request.tenantId);
    via = 'router';
  } else {
    if (!request.apiKey) {
      throw callerError('API_KEY_MISSING', 401, 'Missing x-api-key header: every request must name its tenant key.');
    }
    const found = await deps.tenants.load({ apiKey: request.apiKey });
    if (!found) throw callerError('API_KEY_UNKNOWN', 401, 'Unknown API key.');
    tenant = found;
    via = 'apiKey';
  }
  if (
    request.origin !== null &&
    !originAllowed(tenant.allowedOrigins, request.origin) &&
    !deps.ownOrigins?.has(request.origin)
  ) {
    throw callerError('ORIGIN_NOT_ALLOWED', 403, 'This origin is not allowed for this tenant.');
  }
  // A tenant without `auth` takes no claims; a router may forward tokens meant for other subgraphs.
  const claims = tenant.auth ? await verifiedClaims(deps, tenant.auth, request.authorization) : undefined;
  return { tenant, via, ...(claims ? { claims } : {}) };
}
