import type { Logger } from 'pino';

/**
 * Process warnings into the JSON log instead of Node's multi-line text on stderr (the AWS SDK's
 * Node-version notice is eight lines there, which log collectors split into eight entries).
 * Node prints warnings with a 'warning' listener of its own; it is replaced here. Warnings raised
 * before the logger exists are kept (at most 20) and logged once it does.
 */
export function captureProcessWarnings() {
  const early: Error[] = [];
  let logger: Logger | undefined;
  const log = (target: Logger, warning: Error) =>
    target.warn(
      { warning: { name: warning.name, message: warning.message, code: (warning as { code?: unknown }).code } },
      'process warning',
    );
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (logger) log(logger, warning);
    else if (early.length < 20) early.push(warning);
  });
  return {
    /** From now on, warnings go to `target`; those raised so far are logged first. */
    attach(target: Logger) {
      logger = target;
      for (const warning of early.splice(0)) log(target, warning);
    },
    /** The start failed before any logger existed: what was kept goes to stderr, as Node would have written it. */
    flushToStderr() {
      for (const warning of early.splice(0)) process.stderr.write(`${warning.name}: ${warning.message}\n`);
    },
  };
}
