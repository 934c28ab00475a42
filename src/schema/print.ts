import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';

/** The one printer of `schema.graphql`, used by `npm run schema:print` and the drift test. */
export function printSchemaSDL(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
