import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';

/**
 * A refusal reported as a validation error with its code, instead of thrown from inside
 * validation (armor's default, which leaves it without `extensions.code` and ends validation
 * before the other rules report).
 */
const reported = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(
        new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      ),
  ],
};

/**
 * Query-shape limits (graphql-armor). Sized for this API: a chat start is ~100 tokens and depth 3;
 * aliases bound how many chats one document may start. Limits are named in messages only outside
 * production (graphql-armor exposes them by default).
 */
export function useArmor(production: boolean) {
  const exposeLimits = !production;
  return EnvelopArmorPlugin({
    // Fields only: every result is a union, so `... on X` (and a shared fragment) would otherwise
    // count as levels and refuse the documents a chat page needs (its transcript query).
    maxDepth: { n: 8, exposeLimits, ignoreIntrospection: true, flattenFragments: true, ...reported },
    maxAliases: { n: 5, exposeLimits, ...reported },
    maxTokens: { n: 2000, exposeLimits },
    costLimit: { maxCost: 5000, exposeLimits, ignoreIntrospection: true, ...reported },
    maxDirectives: { n: 20, exposeLimits, ...reported },
    // "Did you mean …?" maps the schema for whoever asks; only in production, where introspection is off too.
    blockFieldSuggestion: { enabled: production },
  });
}
