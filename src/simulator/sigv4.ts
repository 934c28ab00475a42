import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** Credentials the simulator accepts. */
export interface SimulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** A key the simulator knows: static, or temporary (issued by its STS) with a session token and an expiry. */
export interface KnownKey extends SimulatorCredentials {
  /** Temporary keys only: the `x-amz-security-token` a request signed with this key must carry. */
  readonly sessionToken?: string;
  /** Temporary keys only: epoch ms after which the key is refused. */
  readonly expiresAt?: number;
}

/** What {@link verifySigV4} checks a request against. */
export interface VerifyOptions {
  /** The service the credential scope must name: `connect`, `sts`. */
  readonly service: string;
  /** The key with this access key ID, if the simulator knows it. */
  readonly findKey: (accessKeyId: string) => KnownKey | undefined;
  /** @default Date.now() */
  readonly now?: number;
}

/** A refusal as AWS sends it for authentication failures. */
export interface AuthFailure {
  readonly type: string;
  readonly message: string;
}

/** The parts of an HTTP request that SigV4 covers. */
export interface SignedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
/** AWS refuses requests whose x-amz-date is further than this from its clock. */
const MAX_SKEW_MS = 5 * 60 * 1000;

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/**
 * Verifies a SigV4 `Authorization` header for `options.service` by signing the request again with
 * the secret of the named key; a temporary key also needs its unexpired session token in
 * `x-amz-security-token`. Returns the refusal AWS would send (named as the REST-JSON services name
 * it, e.g. `InvalidSignatureException`), or undefined when valid.
 */
export async function verifySigV4(request: SignedRequest, options: VerifyOptions): Promise<AuthFailure | undefined> {
  const { service, now = Date.now() } = options;
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.length === 0) {
    return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  }
  const match = AUTH_PATTERN.exec(header);
  if (!match) return { type: 'IncompleteSignatureException', message: 'Authorization header is malformed.' };
  const [, accessKeyId, scopeDate, region, scopeService, signedHeaderList, signature] = match as unknown as string[];
  const signedNames = (signedHeaderList ?? '').split(';');
  if (!signedNames.includes('host') || !signedNames.includes('x-amz-date')) {
    return { type: 'IncompleteSignatureException', message: 'Host and X-Amz-Date must be signed.' };
  }
  const known = options.findKey(accessKeyId ?? '');
  const invalidToken = {
    type: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
  };
  if (!known) return invalidToken;
  // A temporary key is only valid with its own session token; a long-term key takes none.
  const token = request.headers['x-amz-security-token'];
  if (known.sessionToken === undefined ? token !== undefined : token !== known.sessionToken) return invalidToken;
  if (known.expiresAt !== undefined && now >= known.expiresAt) {
    return { type: 'ExpiredTokenException', message: 'The security token included in the request is expired' };
  }
  if (scopeService !== service) {
    return {
      type: 'InvalidSignatureException',
      message: `Credential should be scoped to correct service: '${service}'.`,
    };
  }
  const amzDate = request.headers['x-amz-date'];
  const signingDate = typeof amzDate === 'string' ? parseAmzDate(amzDate) : undefined;
  if (!signingDate)
    return { type: 'IncompleteSignatureException', message: 'X-Amz-Date header is missing or malformed.' };
  if (typeof amzDate === 'string' && amzDate.slice(0, 8) !== scopeDate) {
    return { type: 'InvalidSignatureException', message: 'Credential scope date does not match X-Amz-Date.' };
  }
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
    return { type: 'InvalidSignatureException', message: 'Signature expired.' };
  }

  // The signature covers x-amz-content-sha256, not the body: the body must match that hash too.
  const declaredHash = request.headers['x-amz-content-sha256'];
  // Connect's SDK always signs the payload; an unsigned one would let any body through.
  if (declaredHash === 'UNSIGNED-PAYLOAD') {
    return { type: 'InvalidSignatureException', message: 'Unsigned payloads are not accepted.' };
  }
  if (typeof declaredHash === 'string') {
    const actual = createHash('sha256').update(request.body, 'utf8').digest('hex');
    if (actual !== declaredHash) {
      return {
        type: 'InvalidSignatureException',
        message: 'The provided x-amz-content-sha256 header does not match the request body.',
      };
    }
  }

  // Names come from the client's Authorization header: only the request's own headers count, never
  // Object.prototype's members ("constructor", "__proto__"), which node:http's header object inherits.
  const signedHeaders: Record<string, string> = Object.create(null);
  for (const name of signedNames) {
    const value = Object.hasOwn(request.headers, name) ? request.headers[name] : undefined;
    if (value === undefined)
      return { type: 'IncompleteSignatureException', message: `Signed header ${name} is missing.` };
    signedHeaders[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: known.accessKeyId, secretAccessKey: known.secretAccessKey },
    region: region ?? '',
    service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const [hostname, port] = (signedHeaders.host ?? '').split(':');
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: hostname ?? '',
      port: port ? Number(port) : undefined,
      path: request.path,
      query: request.query,
      headers: signedHeaders,
      body: request.body,
    },
    { signingDate },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  const matches =
    expected.length === signature?.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  if (!matches) {
    return {
      type: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided.',
    };
  }
  return undefined;
}
