import pino, { type DestinationStream, type Logger } from 'pino';

const CENSOR = '[redacted]';

/** Keys redacted wherever they appear at the top of a log line. */
const SECRET_KEYS = [
  'participantToken',
  'ParticipantToken',
  'connectionToken',
  'ConnectionToken',
  'customerId',
  'CustomerId',
  'apiKey',
  'authorization',
  'token',
  // Secrets a caller might pass by name.
  'hmacSecret',
  'routerSecret',
  'secretAccessKey',
  'sessionToken',
];

/**
 * Paths pino removes from every log line. Tokens, customer IDs, keys and auth headers must never
 * reach a log, whatever a caller passes: the secret keys at the top and one level down.
 */
const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'headers["x-api-key"]',
  'req.headers["x-api-key"]',
  'headers["x-participant-token"]',
  'req.headers["x-participant-token"]',
  'req.headers.authorization',
  // The request headers logged at debug ("request received"): credentials of any kind.
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-amz-security-token"]',
];

/** Creates the JSON logger. @param destination tests pass a stream to read lines back. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: CENSOR }, base: { service: 'connect-chat-gateway' } },
    destination,
  );
}

/**
 * A child for lines whose shape the gateway builds field by field from values that are never
 * secrets (the request completion line: IDs, names, codes, numbers): only the top-level secret keys
 * are redacted. Each `*.key` wildcard costs ≈ 1 µs per line, and the eleven of them made this one
 * line per request cost 13.5 µs instead of 1.3 µs (docs/performance.md); a fixed shape leaves them
 * nothing to find.
 */
export function fixedShapeLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: SECRET_KEYS, censor: CENSOR } });
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

/**
 * `parent.child(bindings)`, made on the first line actually written. A chat start that logs nothing
 * at its level (the usual case) never makes it: a pino child runs the redaction over its bindings
 * when it is made, ≈ 21 KB of garbage and 3.4 µs per request (docs/performance.md).
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const real = () => {
    child ??= parent.child(bindings);
    return child;
  };
  return new Proxy(parent, {
    get(_target, property) {
      // A level that is off: pino's own no-op, no child needed. The child's level is the parent's.
      if (typeof property === 'string' && LEVELS.has(property) && !parent.isLevelEnabled(property)) {
        return Reflect.get(parent, property, parent);
      }
      if (property === 'isLevelEnabled') return parent.isLevelEnabled.bind(parent);
      if (property === 'level') return parent.level;
      const target = real();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
