import { printSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, lexicographicSortSchema } from 'graphql';

/**
 * The one printer of `schema.graphql`, used by `npm run schema:print`, `npm run schema:check` and
 * the drift test: the subgraph SDL, with `@link` and `@key` (plain `printSchema` drops them).
 */
export function printSchemaSDL(schema: GraphQLSchema): string {
  return `${printSubgraphSchema(lexicographicSortSchema(schema)).trimEnd()}\n`;
}
