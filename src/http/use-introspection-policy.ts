import { GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

/** `on`: everyone; `off`: nobody; `trusted`: only requests from the trusted supergraph router. */
export type IntrospectionMode = 'on' | 'off' | 'trusted';

const SCHEMA_FIELDS = new Set(['__schema', '__type', '_service']);

/** Refuses `__schema`, `__type` and the subgraph's `_service { sdl }`: they all hand out the schema. */
const NoSchemaReadingRule: ValidationRule = (context) => ({
  Field(node) {
    if (SCHEMA_FIELDS.has(node.name.value)) {
      context.reportError(
        new GraphQLError(`Introspection is not allowed for this caller (${node.name.value}).`, {
          nodes: node,
          extensions: { code: 'INTROSPECTION_DISABLED' },
        }),
      );
    }
  },
});

/**
 * Applies the introspection mode per request. Validation runs before the context (and so before
 * the router signature is checked): a request naming `x-tenant-id` passes here, and is then
 * refused with 401 before execution unless the trusted router signed it.
 */
export function useIntrospectionPolicy(mode: IntrospectionMode): Plugin<Context> {
  return {
    onValidate({ context, addValidationRule }) {
      const request = (context as { request?: Request }).request;
      const fromRouter = request?.headers.has('x-tenant-id') ?? false;
      const allowed = mode === 'on' || (mode === 'trusted' && fromRouter);
      if (!allowed) addValidationRule(NoSchemaReadingRule);
    },
  };
}
