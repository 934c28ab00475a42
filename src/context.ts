import { GraphQLError } from 'graphql';
import type { YogaInitialContext } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { TrustedClaims } from './chat/command.js';
import type {
  ChatPorts,
  ClientAddress,
  ConnectCallListener,
  ConnectCallReport,
  ConnectOperation,
} from './chat/ports.js';
import type { Tenant } from './chat/tenant.js';
import { type ChatUseCases, createChatUseCases } from './chat/use-cases.js';
import { lazyChild } from './logger.js';
import { type Caller, type CallerTokenVerifier, resolveCaller } from './tenants/resolve.js';
import type { TenantStore } from './tenants/store.js';
import { createTenantLoader } from './tenants/tenant-loader.js';

/** Long-lived things every request may use. */
export interface ContextDeps {
  readonly tenants: TenantStore;
  readonly tokens: CallerTokenVerifier;
  readonly routerSecret?: string;
  /** The adapters behind the use cases. */
  readonly ports: ChatPorts;
  /** DescribeContact calls one request may run at once. */
  readonly contactReadConcurrency: number;
  readonly logger: Logger;
  /** Reads the request ID `useRequestId` assigned. */
  readonly requestIdOf: (request: Request) => string;
  /** Origins of the gateway's own pages, accepted for every tenant. */
  readonly ownOrigins?: { has(origin: string): boolean };
  /** Told who called, so CORS headers can be answered for that tenant. */
  readonly onCaller?: (request: Request, caller: Caller) => void;
  /** Told of each Connect call a request made, for its completion line. */
  readonly onConnectCall?: (request: Request, operation: ConnectOperation, report: ConnectCallReport) => void;
}

/** Per-request context of every resolver. */
export interface Context {
  readonly requestId: string;
  readonly logger: Logger;
  readonly tenant: Tenant;
  /** Verified claims of the tenant's JWT, when the caller sent one. */
  readonly claims?: TrustedClaims;
  /** The use cases, bound to this request's tenant, claims and call: what resolvers call. */
  readonly chat: ChatUseCases;
  /** `router`: a signed request from the trusted supergraph router; `apiKey`: a public key. */
  readonly via: Caller['via'];
  /**
   * Where the request came from: the socket peer (node:http's server context `req`; absent with an
   * in-process `fetch`) and `x-forwarded-for`. The rate limiter derives the client IP (TRUSTED_PROXIES).
   */
  readonly client: ClientAddress;
  /** Told of each Connect call this request makes. */
  readonly onConnectCall?: ConnectCallListener;
}

/**
 * Builds the context of one GraphQL request; resolves and authenticates the caller first, so no
 * resolver runs for an unknown key, a foreign origin, a bad signature or a bad token.
 */
export async function createContext(deps: ContextDeps, initial: YogaInitialContext): Promise<Context> {
  const requestId = deps.requestIdOf(initial.request);
  const headers = initial.request.headers;
  const tenants = createTenantLoader(deps.tenants);
  let caller: Caller;
  try {
    caller = await resolveCaller(
      {
        tenants,
        tokens: deps.tokens,
        ...(deps.routerSecret ? { routerSecret: deps.routerSecret } : {}),
        ...(deps.ownOrigins ? { ownOrigins: deps.ownOrigins } : {}),
      },
      {
        apiKey: headers.get('x-api-key'),
        tenantId: headers.get('x-tenant-id'),
        origin: headers.get('origin'),
        authorization: headers.get('authorization'),
        params: initial.params,
      },
    );
  } catch (error) {
    // Operators see why a caller was refused; never the key, the token or its claims.
    const reason = error instanceof GraphQLError ? error.extensions.reason : undefined;
    deps.logger.info({ requestId, reason, origin: headers.get('origin') ?? undefined }, 'caller refused');
    throw error;
  }
  deps.onCaller?.(initial.request, caller);
  const logger = lazyChild(deps.logger, { requestId, tenantId: caller.tenant.id, via: caller.via });
  const { onConnectCall } = deps;
  const noteConnectCall: ConnectCallListener | undefined = onConnectCall
    ? (operation, report) => onConnectCall(initial.request, operation, report)
    : undefined;
  // The router's own address is not a client: its users would share one per-IP budget. The router
  // limits its users itself; tenant and account limits still apply to what it sends.
  const client: ClientAddress =
    caller.via === 'router'
      ? {}
      : {
          peerAddress: (initial as { req?: { socket?: { remoteAddress?: string } } }).req?.socket?.remoteAddress,
          forwardedFor: headers.get('x-forwarded-for') ?? undefined,
        };
  const chat = createChatUseCases(
    deps.ports,
    {
      tenant: caller.tenant,
      claims: caller.claims,
      trusted: caller.via === 'router',
      participantToken: headers.get('x-participant-token') ?? undefined,
      call: {
        requestId,
        logger,
        tenantId: caller.tenant.id,
        client,
        ...(noteConnectCall ? { onConnectCall: noteConnectCall } : {}),
      },
    },
    { contactReadConcurrency: deps.contactReadConcurrency },
  );
  return {
    requestId,
    logger,
    tenant: caller.tenant,
    ...(caller.claims ? { claims: caller.claims } : {}),
    chat,
    via: caller.via,
    client,
    ...(noteConnectCall ? { onConnectCall: noteConnectCall } : {}),
  };
}
