/**
 * What a request ran and how it ended, read from its document and its results: the `operation`
 * label (root fields), the outcome (result types or error codes) and the error codes. The metric
 * labels come from here, so only schema names and error codes may come out, never client text.
 */
import {
  type DocumentNode,
  defaultTypeResolver,
  type ExecutionResult,
  type GraphQLAbstractType,
  type GraphQLError,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  getNamedType,
  getOperationAST,
  isAbstractType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { type RequestRecord, type RootField, records } from './request-record.js';

/**
 * The error code of a GraphQL error (masked unexpected errors are `INTERNAL_SERVER_ERROR`); a
 * request error without one (variables that do not fit the schema, answered 400) is `BAD_REQUEST`.
 */
export function codeOf(error: GraphQLError | undefined): string {
  const code = error?.extensions?.code;
  if (typeof code === 'string') return code;
  return error && error.path === undefined ? 'BAD_REQUEST' : 'ERROR';
}

/** The values without repeats, in first-seen order (most requests have one: no set is made for it). */
export const unique = (values: readonly string[]): readonly string[] =>
  values.length < 2 ? values : [...new Set(values)];

/** The root fields an operation selects, its name and its `operation` label. */
export interface OperationShape {
  readonly fields: Map<string, RootField>;
  readonly name: string | undefined;
  /** The root field names, sorted and joined: the `operation` label. */
  readonly operation: string | undefined;
}

/**
 * Shapes per parsed document and operation name. Yoga's parser cache hands every request with the
 * same query text the same DocumentNode, so the walk runs once per distinct document, not per request.
 */
const shapes = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationShape>>>();

/** The shape of the operation `operationName` of a validated `document` (cached per document). */
export function operationShapeOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
): OperationShape {
  let bySchema = shapes.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    shapes.set(schema, bySchema);
  }
  let byName = bySchema.get(document);
  if (!byName) {
    byName = new Map();
    bySchema.set(document, byName);
  }
  const key = operationName ?? '';
  let shape = byName.get(key);
  if (!shape) {
    const { fields, name } = rootFieldsOf(schema, document, operationName);
    const names = [...new Set([...fields.values()].map((f) => f.name))].sort();
    shape = { fields, name, operation: names.length > 0 ? names.join(',') : undefined };
    // Only names the document defines are kept: any other string a client sends would grow the map.
    if (operationName === undefined || name === operationName) byName.set(key, shape);
  }
  return shape;
}

/** Root fields of the operation a request runs, by response key; fragments at the root are followed. */
function rootFieldsOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined) {
  const fields = new Map<string, RootField>();
  const operation = getOperationAST(document, operationName);
  const name = operation?.name?.value;
  if (!operation) return { fields, name };
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return { fields, name };
  const typeFields = rootType.getFields();
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const visited = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const key = selection.alias?.value ?? name;
        if (name === '__typename') continue;
        if (name === '__schema' || name === '__type') {
          fields.set(key, { name, typeName: name === '__schema' ? '__Schema' : '__Type', abstract: false });
          continue;
        }
        const field = typeFields[name];
        if (!field) continue;
        const type = getNamedType(field.type);
        fields.set(key, { name, typeName: type.name, abstract: isAbstractType(type) });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !visited.has(name)) {
          visited.add(name);
          walk(fragment.selectionSet);
        }
      }
    }
  };
  walk(operation.selectionSet);
  return { fields, name };
}

const wrappedTypes = new WeakSet<GraphQLAbstractType>();
/** Schemas whose root fields were walked: the walk ran on every validated request, ≈ 4 % of its CPU. */
const notedSchemas = new WeakSet<GraphQLSchema>();

/**
 * Lets the outcome of an abstract root field (`StartChatContactResult`) be its concrete type even
 * when the client did not select `__typename`: the type's own resolver (graphql-js's default when it
 * has none) is wrapped to note what it answered for a root position. The schema is otherwise unchanged.
 */
export function noteResolvedTypes(schema: GraphQLSchema): void {
  if (notedSchemas.has(schema)) return;
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const type = getNamedType(field.type);
      if (!isAbstractType(type) || wrappedTypes.has(type)) continue;
      wrappedTypes.add(type);
      const original: GraphQLTypeResolver<unknown, unknown> = type.resolveType ?? defaultTypeResolver;
      type.resolveType = (value, context, info, abstractType) => {
        const answer = original(value, context, info, abstractType);
        // A root field, or an item of a root list field (`_entities`).
        const path = typeof info.path.key === 'number' ? info.path.prev : info.path;
        const request = (context as { request?: Request } | undefined)?.request;
        const record = request ? records.get(request) : undefined;
        if (record && path && path.prev === undefined) {
          const key = String(path.key);
          const note = (name: string | undefined) => {
            if (!name) return;
            record.resolvedTypes ??= new Map();
            const names = record.resolvedTypes.get(key);
            if (!names) record.resolvedTypes.set(key, [name]);
            else if (!names.includes(name)) names.push(name);
          };
          if (answer instanceof Promise) answer.then(note, () => undefined);
          else note(answer);
        }
        return answer;
      };
    }
  }
  notedSchemas.add(schema);
}

/**
 * The outcome of one GraphQL result: the root fields' result types, or the error code of a root
 * field that failed as a whole (an error deeper down, such as the router's `contact`, leaves the
 * root field's type) or of a request refused before execution.
 */
export function outcomeOf(record: RequestRecord, result: ExecutionResult): string {
  const data = result.data as Record<string, unknown> | null | undefined;
  if (!data) return codeOf(result.errors?.[0]);
  // An array, not a Set: nearly every request has one root field and so one outcome. `for...in`
  // rather than Object.entries (an array per entry): graphql-js makes `data` without a prototype,
  // and a key that is not a root field is skipped below anyway.
  const outcomes: string[] = [];
  const add = (outcome: string) => {
    if (!outcomes.includes(outcome)) outcomes.push(outcome);
  };
  for (const key in data) {
    const field = record.rootFields.get(key);
    if (!field) continue;
    const value = data[key];
    const error = result.errors?.find((e) => e.path?.length === 1 && e.path[0] === key);
    if (error) add(codeOf(error));
    else if (value === null || value === undefined) {
      // A null that a deeper error propagated up to the root field.
      const nested = result.errors?.find((e) => e.path?.[0] === key);
      add(nested ? codeOf(nested) : 'null');
    } else if (field.abstract) {
      const typename = (value as { __typename?: unknown }).__typename;
      const resolved = record.resolvedTypes?.get(key);
      if (resolved?.length) for (const name of resolved) add(name);
      else add(typeof typename === 'string' ? typename : field.typeName);
    } else add(field.typeName);
  }
  if (outcomes.length === 0) return result.errors?.length ? codeOf(result.errors[0]) : 'ok';
  return outcomes.length === 1 ? (outcomes[0] as string) : outcomes.sort().join(',');
}
