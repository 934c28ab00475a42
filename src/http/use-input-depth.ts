import { BREAK, GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { MAX_INPUT_DEPTH, nestsDeeperThan } from '../chat/input-depth.js';

/** `extensions.reason` of the refusal; `extensions.code` is `BAD_USER_INPUT`. */
export const INPUT_TOO_DEEP = 'INPUT_TOO_DEEP';

const tooDeep = (what: string, max: number) =>
  new GraphQLError(`The request's ${what} nest deeper than ${max} levels of objects and lists.`, {
    // `spec: false`: a 400 whatever the Accept header (Yoga answers spec validation errors 200 to
    // plain application/json).
    extensions: { code: 'BAD_USER_INPUT', reason: INPUT_TOO_DEEP, http: { status: 400, spec: false } },
  });

/**
 * Inline values (`input: { … }` in the document) nested deeper than `max`, counting the field's
 * or directive's arguments as level 1, as the variables object is for variables. graphql-js's
 * `visit` is iterative, so this walk is safe at any depth the parser accepted.
 */
export function maxLiteralDepthRule(max: number): ValidationRule {
  return (context) => {
    let depth = 1;
    const enter = () => {
      depth += 1;
      if (depth <= max) return undefined;
      context.reportError(tooDeep('inline values', max));
      return BREAK;
    };
    const leave = () => {
      depth -= 1;
    };
    return { ObjectValue: { enter, leave }, ListValue: { enter, leave } };
  };
}

/**
 * Refuses (400 `BAD_USER_INPUT`, reason `INPUT_TOO_DEEP`) a request whose variables or extensions
 * nest deeper than `max`, as soon as its parameters are parsed: before the router signature
 * serialises the variables, before graphql-js coerces them and before zod checks them, each of
 * which recurses and would overflow the stack (a 500) on a deep enough value. Inline values in
 * the document get the same bound at validation (the token limit already keeps them shallow
 * enough to parse). Put it before every plugin that reads `params.variables`.
 */
export function useInputDepth(max: number = MAX_INPUT_DEPTH): Plugin {
  const literalRule = maxLiteralDepthRule(max);
  return {
    onParams({ params }) {
      assertParamsShallow(params, max);
    },
    onValidate({ addValidationRule }) {
      addValidationRule(literalRule);
    },
  };
}

/** Throws 400 `INPUT_TOO_DEEP` when a request's variables or extensions nest deeper than `max`. */
export function assertParamsShallow(
  params: { variables?: unknown; extensions?: unknown },
  max: number = MAX_INPUT_DEPTH,
) {
  if (nestsDeeperThan(params.variables, max)) throw tooDeep('variables', max);
  if (nestsDeeperThan(params.extensions, max)) throw tooDeep('extensions', max);
}
