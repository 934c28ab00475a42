/** Why a caller token was refused. Stable: clients and logs may switch on it. */
export type CallerTokenReason =
  | 'TOKEN_MISSING'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_TOO_OLD'
  | 'TOKEN_ISSUER_INVALID'
  | 'TOKEN_AUDIENCE_INVALID'
  | 'TOKEN_ALGORITHM_NOT_ALLOWED'
  | 'TOKEN_SIGNATURE_INVALID'
  | 'TOKEN_KEY_UNKNOWN'
  | 'TOKEN_CLAIMS_INVALID'
  | 'TOKEN_KEYS_UNAVAILABLE';

/**
 * Fixed messages, safe to show a client: none contains the token, a claim value, a secret, the
 * expected issuer or audience, or the JWKS URL.
 */
const messages: Readonly<Record<CallerTokenReason, string>> = {
  TOKEN_MISSING: 'A caller token is required (Authorization: Bearer <token>)',
  TOKEN_MALFORMED: 'The caller token is malformed',
  TOKEN_EXPIRED: 'The caller token has expired',
  TOKEN_NOT_YET_VALID: 'The caller token is not valid yet',
  TOKEN_TOO_OLD: 'The caller token was issued too long ago',
  TOKEN_ISSUER_INVALID: 'The caller token was not issued by the expected issuer',
  TOKEN_AUDIENCE_INVALID: 'The caller token is not meant for this audience',
  TOKEN_ALGORITHM_NOT_ALLOWED: "The caller token's signing algorithm is not allowed",
  TOKEN_SIGNATURE_INVALID: "The caller token's signature is invalid",
  TOKEN_KEY_UNKNOWN: 'The caller token was signed with an unknown key',
  TOKEN_CLAIMS_INVALID: 'The caller token has invalid claims',
  TOKEN_KEYS_UNAVAILABLE: 'The keys needed to verify the caller token are unavailable; try again later',
};

/** 503 when the gateway cannot verify right now (the caller may retry); 401 for every refusal. */
const statusOf = (reason: CallerTokenReason) => (reason === 'TOKEN_KEYS_UNAVAILABLE' ? 503 : 401);

export class CallerTokenError extends Error {
  override readonly name = 'CallerTokenError';
  readonly reason: CallerTokenReason;
  /** The HTTP status a request refused for this reason should get. */
  readonly status: 401 | 503;
  /** For TOKEN_CLAIMS_INVALID (and claim checks): the claim's name, never its value. */
  readonly claim?: string;

  /**
   * @param options.detail a fixed text (no final period) appended to the message; never a claim value.
   * @param options.cause the original (jose) error, for logs only: it may contain claim values.
   */
  constructor(reason: CallerTokenReason, options: { claim?: string; detail?: string; cause?: unknown } = {}) {
    const { claim, detail, cause } = options;
    const base =
      reason === 'TOKEN_CLAIMS_INVALID' && claim !== undefined
        ? `The caller token's "${claim}" claim is invalid`
        : messages[reason];
    super(detail ? `${base}: ${detail}.` : `${base}.`, { cause });
    this.reason = reason;
    this.status = statusOf(reason);
    if (claim !== undefined) this.claim = claim;
  }
}
