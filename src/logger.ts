import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino removes from every log line. Tokens, customer IDs, keys and auth headers must never
 * reach a log, whatever a caller passes.
 */
const REDACT_PATHS = [
  'participantToken',
  '*.participantToken',
  'ParticipantToken',
  '*.ParticipantToken',
  'customerId',
  '*.customerId',
  'CustomerId',
  '*.CustomerId',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'token',
  '*.token',
  'headers.authorization',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  // The request headers logged at debug ("request received"): credentials of any kind.
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-amz-security-token"]',
  // Secrets a caller might pass by name.
  'hmacSecret',
  '*.hmacSecret',
  'routerSecret',
  '*.routerSecret',
  'secretAccessKey',
  '*.secretAccessKey',
  'sessionToken',
  '*.sessionToken',
];

/** Creates the JSON logger. @param destination tests pass a stream to read lines back. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'connect-chat-gateway' } },
    destination,
  );
}
