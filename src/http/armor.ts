import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';

/**
 * Query-shape limits (graphql-armor). Sized for this API: a chat start is ~100 tokens and depth 3;
 * aliases bound how many chats one document may start. Limits are named in messages only outside
 * production (graphql-armor exposes them by default).
 */
export function useArmor(production: boolean) {
  const exposeLimits = !production;
  return EnvelopArmorPlugin({
    maxDepth: { n: 8, exposeLimits, ignoreIntrospection: true },
    maxAliases: { n: 5, exposeLimits },
    maxTokens: { n: 2000, exposeLimits },
    costLimit: { maxCost: 5000, exposeLimits, ignoreIntrospection: true },
    maxDirectives: { n: 20, exposeLimits },
    // "Did you mean …?" maps the schema for whoever asks; only in production, where introspection is off too.
    blockFieldSuggestion: { enabled: production },
  });
}
