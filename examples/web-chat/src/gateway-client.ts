import type { TypedDocumentString } from './gql/graphql.js';

/** Where the page sends its GraphQL requests, and as which tenant. */
export interface GatewaySettings {
  /** The gateway's GraphQL endpoint. */
  readonly url: string;
  /** The tenant's public key, sent as `x-api-key`. */
  readonly apiKey: string;
  /** Send `{ documentId }` from the codegen manifest instead of the query text (gateway with TRUSTED_DOCUMENTS_FILE). */
  readonly trustedDocuments: boolean;
  /**
   * The signed-in customer's JWT from the company's backend, sent as `authorization: Bearer` on
   * every request: the gateway verifies it, and finds this customer's chat on any device.
   */
  readonly callerJwt?: string;
}

/** Defaults: the quick start's gateway and the demo tenant of tenants.example.json. */
export const DEFAULT_GATEWAY: GatewaySettings = {
  url: 'http://127.0.0.1:4000/graphql',
  apiKey: 'demo-public-key',
  trustedDocuments: false,
};

/** Build-time settings, from `VITE_*` variables (`.env.local` or the environment of `npm run example`). */
export interface GatewayEnv {
  readonly VITE_GATEWAY_URL?: string;
  readonly VITE_API_KEY?: string;
  readonly VITE_TRUSTED_DOCUMENTS?: string;
  readonly VITE_CALLER_JWT?: string;
}

/**
 * The gateway settings of this page load: the query string (`?gateway=…&apiKey=…&trusted=1&jwt=…`)
 * wins over the `VITE_*` variables, which win over {@link DEFAULT_GATEWAY} (which has no JWT).
 */
export function gatewaySettingsFrom(search: string, env: GatewayEnv): GatewaySettings {
  const query = new URLSearchParams(search);
  const trusted = query.get('trusted') ?? env.VITE_TRUSTED_DOCUMENTS;
  const callerJwt = query.get('jwt') || env.VITE_CALLER_JWT;
  return {
    url: query.get('gateway') || env.VITE_GATEWAY_URL || DEFAULT_GATEWAY.url,
    apiKey: query.get('apiKey') || env.VITE_API_KEY || DEFAULT_GATEWAY.apiKey,
    trustedDocuments: trusted === undefined ? DEFAULT_GATEWAY.trustedDocuments : trusted === '1' || trusted === 'true',
    ...(callerJwt ? { callerJwt } : {}),
  };
}

/** What came back from one GraphQL request, as far as a browser can tell. */
export type GatewayOutcome<R> =
  | { readonly kind: 'data'; readonly data: R }
  /** A readable refusal (GraphQL errors): `code` is `extensions.code`, e.g. UNAUTHENTICATED. */
  | { readonly kind: 'refused'; readonly status: number; readonly code: string | undefined; readonly message: string }
  /**
   * The gateway answered but the browser hid the answer: it refused this page's origin (a 403
   * preflight, or a response without CORS headers for this origin and key). Scripts cannot read why.
   */
  | { readonly kind: 'blocked' }
  /** Nothing answered at the gateway's address. */
  | { readonly kind: 'unreachable' };

interface GraphQLResponseBody<R> {
  data?: R | null;
  errors?: readonly { message: string; extensions?: { code?: string } }[];
}

/**
 * The chat a conversation request is about: the `participantToken` of its start. Without one, the
 * signed-in customer's chat (the gateway finds it by the JWT's `sub`): continued from another device.
 */
export interface ChatCredentials {
  readonly participantToken?: string;
}

/** The headers of every request: the tenant's key, the customer's JWT, and for the conversation the chat's token. */
export function gatewayHeaders(gateway: GatewaySettings, chat?: ChatCredentials): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-api-key': gateway.apiKey,
    ...(gateway.callerJwt ? { authorization: `Bearer ${gateway.callerJwt}` } : {}),
    ...(chat?.participantToken ? { 'x-participant-token': chat.participantToken } : {}),
  };
}

/**
 * The JWT's `sub`, read without verifying (the gateway verifies): it only keeps one signed-in
 * customer's kept chat apart from another's in the same tab.
 */
export function subjectOf(jwt: string | undefined): string | undefined {
  try {
    const payload = jwt?.split('.')[1];
    if (!payload) return undefined;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** The request body: the codegen hash alone in trusted-documents mode, the query text otherwise. */
export function requestBody<R, V>(gateway: GatewaySettings, document: TypedDocumentString<R, V>, variables: V): string {
  const hash = document.__meta__?.hash as string | undefined;
  return JSON.stringify(
    gateway.trustedDocuments && hash ? { documentId: hash, variables } : { query: document.toString(), variables },
  );
}

/**
 * Runs a typed document against the gateway; with `chat`, as that chat's participant (a
 * conversation operation). Never throws for a failure a user can meet.
 */
export async function execute<R, V>(
  gateway: GatewaySettings,
  document: TypedDocumentString<R, V>,
  variables: V,
  chat?: ChatCredentials,
): Promise<GatewayOutcome<R>> {
  let response: Response;
  try {
    response = await fetch(gateway.url, {
      method: 'POST',
      headers: { ...gatewayHeaders(gateway, chat), accept: 'application/graphql-response+json, application/json' },
      body: requestBody(gateway, document, variables),
    });
  } catch {
    return (await isReachable(gateway.url)) ? { kind: 'blocked' } : { kind: 'unreachable' };
  }
  const json = (await response.json().catch(() => ({}))) as GraphQLResponseBody<R>;
  if (json.data && !json.errors?.length) return { kind: 'data', data: json.data };
  const first = json.errors?.[0];
  return {
    kind: 'refused',
    status: response.status,
    code: first?.extensions?.code,
    message: first?.message ?? `HTTP ${response.status}`,
  };
}

/**
 * Whether anything answers at the gateway's address. A `no-cors` GET needs no CORS approval (its
 * response is opaque), so it tells a refused origin (reachable) from a gateway that is not running.
 */
async function isReachable(url: string): Promise<boolean> {
  try {
    await fetch(new URL('/health', url), { mode: 'no-cors', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}
