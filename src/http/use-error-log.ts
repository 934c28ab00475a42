import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Context } from '../context.js';

/**
 * True for errors we raised on purpose (they carry a code) and for the client's own request errors
 * (no path: variables that do not fit the schema, answered 400 — their messages quote the client's
 * values, customer IDs included, so they are never logged); anything else is unexpected and masked.
 */
function isExpected(error: GraphQLError): boolean {
  return (
    error.originalError === undefined ||
    error.path === undefined ||
    (error.originalError instanceof GraphQLError && !!error.originalError.extensions.code)
  );
}

/**
 * Logs every unexpected resolver error with its stack under the request ID, before Yoga masks it
 * for the client.
 */
export function useErrorLog(): Plugin<Context> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result }) {
          if ('errors' in result && result.errors) logUnexpectedErrors(result.errors, args.contextValue.logger);
        },
      };
    },
  };
}

/** Logs each unexpected error of an execution result (with its stack) under the request's logger. */
export function logUnexpectedErrors(errors: readonly GraphQLError[], logger: Logger): void {
  for (const error of errors) {
    if (!isExpected(error)) logger.error({ err: error.originalError, path: error.path }, 'unexpected error');
  }
}
