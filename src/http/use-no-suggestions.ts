import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const SUGGESTION = / ?Did you mean [^?]*\?/g;

function withoutSuggestion(error: GraphQLError): GraphQLError {
  if (!SUGGESTION.test(error.message)) return error;
  SUGGESTION.lastIndex = 0;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: error.extensions,
  });
}

/**
 * Production: no "Did you mean …?" in any error (unknown enum values, variables, fields): such hints
 * map the schema for whoever asks. graphql-armor covers field suggestions in validation only.
 */
export function useNoSuggestions(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      const results = Array.isArray(result) ? result : [result];
      let changed = false;
      const cleaned = results.map((r) => {
        const clean = withoutSuggestions(r);
        if (clean !== r) changed = true;
        return clean;
      });
      if (changed) setResult((Array.isArray(result) ? cleaned : cleaned[0]) as typeof result);
    },
  };
}

/** The result with no "Did you mean …?" in its errors' messages; the same object when there were none. */
export function withoutSuggestions<R>(result: R): R {
  if (!result || typeof result !== 'object' || !('errors' in result) || !Array.isArray(result.errors)) return result;
  const errors = result.errors.map((e: GraphQLError) => (e instanceof GraphQLError ? withoutSuggestion(e) : e));
  if (errors.every((e: GraphQLError, i: number) => e === (result.errors as GraphQLError[])[i])) return result;
  return { ...result, errors };
}
