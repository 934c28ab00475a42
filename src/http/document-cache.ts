import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** Options of {@link createDocumentCache}. */
export interface DocumentCacheOptions {
  /** Documents kept. @default 1000 */
  readonly maxEntries?: number;
  /**
   * Source characters kept, all documents together. A parsed document keeps every token, comments
   * included: up to ≈ 43 bytes per source character (measured), so 100,000 characters pin at most
   * ≈ 4.3 MB, whoever sends them. @default 100_000
   */
  readonly maxSourceChars?: number;
}

/**
 * Yoga's parser and validation cache, bounded so that no caller can pin memory with documents
 * that fail. Yoga's defaults keep 1,024 parse failures and, for each cached document, its
 * validation result; a failure's `GraphQLError`s hold captured stack frames, ≈ 60–75 KB per
 * distinct bad document (measured: +108 MB after 20,000 of them, before any tenant check).
 * Here:
 * - parse failures are not cached (recomputing one costs less than keeping its stack);
 * - a document that fails validation is dropped from the cache, and with it (a WeakMap keyed by
 *   the document) its cached errors;
 * - what stays is bounded by count and by source size, so valid documents cannot pin much either.
 */
export function createDocumentCache(options: DocumentCacheOptions = {}) {
  const documents = new LRUCache<string, DocumentNode>({
    max: options.maxEntries ?? 1000,
    maxSize: options.maxSourceChars ?? 100_000,
    sizeCalculation: (_document, source) => Math.max(1, source.length),
  });
  const sourceOf = new WeakMap<DocumentNode, string>();
  const documentCache = {
    get: (source: string) => documents.get(source),
    set(source: string, document: DocumentNode) {
      sourceOf.set(document, source);
      documents.set(source, document);
    },
  };
  const errorCache = { get: () => undefined, set: () => undefined };
  /** Forgets a document that failed validation; place it after Yoga's own cache plugin (any user plugin is). */
  const plugin: Plugin = {
    onValidate({ params: { documentAST } }) {
      return ({ result }) => {
        if (result.length === 0) return;
        const source = sourceOf.get(documentAST);
        if (source !== undefined) documents.delete(source);
      };
    },
  };
  return {
    options: { documentCache, errorCache },
    plugin,
    get size() {
      return documents.size;
    },
  };
}
