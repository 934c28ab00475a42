import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';

/**
 * Trusted documents: with a manifest (`{ "<hash>": "<document>" }`, as codegen's client preset
 * writes it), public callers may only run the documents in it, by ID; the trusted router (which
 * sends `x-tenant-id` and must sign the request) may run any operation.
 */
export function useTrustedDocuments(manifestFile: string) {
  // A Map, not the parsed object: an ID is the client's, and `manifest["__proto__"]` or
  // `manifest["constructor"]` would answer with Object.prototype's members instead of "not found".
  const manifest = new Map(Object.entries(JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>));
  return usePersistedOperations({
    getPersistedOperation: (id) => manifest.get(id) ?? null,
    allowArbitraryOperations: (request) => request.headers.has('x-tenant-id'),
    extractPersistedOperationId: (params) => {
      const extensions = params.extensions as
        | { persistedQuery?: { sha256Hash?: unknown }; documentId?: unknown }
        | undefined;
      const id = (params as { documentId?: unknown }).documentId ?? extensions?.persistedQuery?.sha256Hash;
      return typeof id === 'string' ? id : null;
    },
    customErrors: {
      persistedQueryOnly: {
        message: 'Only trusted documents (by documentId) may run for this caller.',
        extensions: { code: 'TRUSTED_DOCUMENTS_ONLY', http: { status: 400 } },
      },
      notFound: { message: 'Unknown trusted document ID.', extensions: { code: 'TRUSTED_DOCUMENT_NOT_FOUND' } },
      keyNotFound: { message: 'A documentId is required.', extensions: { code: 'TRUSTED_DOCUMENT_ID_REQUIRED' } },
    },
  });
}
