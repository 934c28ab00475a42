import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { base64url, exportJWK, exportSPKI, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

/*
 * Test helpers for caller tokens: keys, signed and hand-crafted tokens, and a loopback JWKS
 * server that counts its fetches, rotates keys and fails on demand.
 */

export type AsymmetricAlg = 'RS256' | 'ES256';

export interface SigningKey {
  readonly alg: AsymmetricAlg;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  /** The public key as published in a JWKS (with kid, alg and use). */
  readonly publicJwk: JWK;
  /** The public key as SPKI PEM. */
  readonly publicPem: string;
}

export async function generateSigningKey(alg: AsymmetricAlg, kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

export interface TokenOptions {
  issuer?: string;
  audience?: string | string[];
  subject?: string;
  /** Seconds since the epoch; `null` leaves the claim out. Default: now + 5 minutes. */
  exp?: number | null;
  /** Default: now. `null` leaves the claim out. */
  iat?: number | null;
  nbf?: number;
  /** Overrides the protected header (e.g. `kid`). */
  header?: Record<string, unknown>;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

function claimsOf(claims: JWTPayload, options: TokenOptions): JWTPayload {
  const now = nowSeconds();
  const payload: JWTPayload = { ...claims };
  if (options.issuer !== undefined) payload.iss = options.issuer;
  if (options.audience !== undefined) payload.aud = options.audience;
  if (options.subject !== undefined) payload.sub = options.subject;
  if (options.exp !== null) payload.exp = options.exp ?? now + 300;
  if (options.iat !== null) payload.iat = options.iat ?? now;
  if (options.nbf !== undefined) payload.nbf = options.nbf;
  return payload;
}

/** An HS256 token signed with `secret` (a string is UTF-8 encoded, as the verifier does). */
export function signHs256(secret: string | Uint8Array, claims: JWTPayload = {}, options: TokenOptions = {}) {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return new SignJWT(claimsOf(claims, options)).setProtectedHeader({ alg: 'HS256', ...options.header }).sign(key);
}

/** An RS256 or ES256 token signed with `key`, naming its kid. */
export function signWith(key: SigningKey, claims: JWTPayload = {}, options: TokenOptions = {}) {
  return new SignJWT(claimsOf(claims, options))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...options.header })
    .sign(key.privateKey);
}

const encodeJson = (value: unknown) => base64url.encode(JSON.stringify(value));

/** An unsecured JWT (`alg: none`, empty signature), crafted by hand as an attacker would. */
export function unsignedToken(claims: JWTPayload, options: TokenOptions = {}): string {
  return `${encodeJson({ alg: 'none', typ: 'JWT', ...options.header })}.${encodeJson(claimsOf(claims, options))}.`;
}

/** Replaces the payload of a signed token, keeping its header and signature. */
export function withPayload(token: string, change: (payload: JWTPayload) => JWTPayload): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as JWTPayload;
  return `${header}.${encodeJson(change(decoded))}.${signature}`;
}

export type JwksFailure = 'status-500' | 'bad-json' | 'not-a-jwks' | 'hang' | 'reset';

export interface JwksServer {
  /** `${origin}/jwks.json`; any path serves the same keys. */
  readonly url: string;
  readonly origin: string;
  /** Successful and failed requests, counted per path and in all. */
  fetches(path?: string): number;
  /** Publishes these keys from now on (a rotation). */
  setKeys(keys: readonly SigningKey[]): void;
  /** Fails every request from now on in this way; `undefined` heals. */
  fail(failure: JwksFailure | undefined): void;
  close(): Promise<void>;
}

export async function startJwksServer(keys: readonly SigningKey[]): Promise<JwksServer> {
  let published = keys.map((key) => key.publicJwk);
  let failure: JwksFailure | undefined;
  const counts = new Map<string, number>();
  let total = 0;

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    total += 1;
    switch (failure) {
      case 'status-500':
        response.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
        return;
      case 'bad-json':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": [');
        return;
      case 'not-a-jwks':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": "nope"}');
        return;
      case 'hang':
        return; // never answers; closed by close()
      case 'reset':
        request.socket.destroy();
        return;
      default:
        response
          .writeHead(200, { 'content-type': 'application/jwk-set+json' })
          .end(JSON.stringify({ keys: published }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/jwks.json`,
    origin,
    fetches: (path) => (path === undefined ? total : (counts.get(path) ?? 0)),
    setKeys(next) {
      published = next.map((key) => key.publicJwk);
    },
    fail(next) {
      failure = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
