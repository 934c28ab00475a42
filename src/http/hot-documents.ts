import { type DocumentNode, Kind, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/**
 * The operations a chat runs many times (one start, then tens of messages and events): the ones
 * the direct path serves once their document validated.
 */
export const HOT_FIELDS: ReadonlySet<string> = new Set(['startChatContact', 'sendChatMessage', 'sendChatEvent']);

/** The subscription every open chat keeps: its events are relayed by the direct path's SSE writer. */
export const HOT_STREAM_FIELD = 'chatEvents';

/** A document Yoga validated (every rule: spec, armor, input depth) whose one operation is hot. */
export interface HotDocument {
  readonly document: DocumentNode;
  /** The operation's name, if it has one: a request naming another is not this document's. */
  readonly operationName: string | undefined;
  /** A hot mutation (one result) or the `chatEvents` subscription (a stream). */
  readonly kind: 'mutation' | 'subscription';
}

/**
 * The one operation of `document` if it is a mutation selecting nothing but hot fields (and
 * `__typename`), or the `chatEvents` subscription. Its validation cannot depend on the caller: the
 * introspection policy's rule only refuses `__schema`, `__type` and `_service`, which only a query
 * can select, and every other rule is the same for all.
 */
function hotOperationOf(document: DocumentNode): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const [operation] = operations;
  if (operations.length !== 1 || !operation) return undefined;
  const fields = operation.selectionSet.selections;
  if (operation.operation === 'subscription') {
    const [field] = fields;
    // A directive on the root field (`@skip`, `@include`) makes graphql-js's subscribe throw: Yoga's.
    const plain = field?.kind === Kind.FIELD && field.name.value === HOT_STREAM_FIELD && !field.directives?.length;
    return fields.length === 1 && plain ? operation : undefined;
  }
  if (operation.operation !== 'mutation') return undefined;
  const hot = fields.every(
    (s) => s.kind === Kind.FIELD && (HOT_FIELDS.has(s.name.value) || s.name.value === '__typename'),
  );
  return hot ? operation : undefined;
}

/**
 * Remembers, by source text, the hot documents that passed Yoga's validation, so that the direct
 * path runs them without parsing or validating again. Only what Yoga accepted gets in: a document
 * the direct path has not seen goes through Yoga first. Bounded, as the document cache is.
 */
export function createHotDocuments(options: { maxEntries?: number; maxSourceChars?: number } = {}) {
  // Bounded by source size too, as the document cache is: a hot document may carry a long comment.
  const documents = new LRUCache<string, HotDocument>({
    max: options.maxEntries ?? 100,
    maxSize: options.maxSourceChars ?? 100_000,
    sizeCalculation: (_document, source) => Math.max(1, source.length),
  });
  const plugin: Plugin = {
    onValidate({ params: { documentAST }, context }) {
      const source: unknown = (context as { params?: { query?: unknown } }).params?.query;
      if (typeof source !== 'string' || documents.has(source) || source.length > (options.maxSourceChars ?? 100_000))
        return;
      const operation = hotOperationOf(documentAST);
      if (!operation) return;
      return ({ valid }) => {
        if (valid) {
          const kind = operation.operation === 'subscription' ? 'subscription' : 'mutation';
          documents.set(source, { document: documentAST, operationName: operation.name?.value, kind });
        }
      };
    },
  };
  return {
    plugin,
    /** The validated hot document of this source text, if Yoga accepted it before. */
    get: (source: string) => documents.get(source),
    get size() {
      return documents.size;
    },
  };
}

export type HotDocuments = ReturnType<typeof createHotDocuments>;
