import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';

/** Trusted document ID → its source. */
export type TrustedDocuments = ReadonlyMap<string, string>;

/**
 * The manifest (`{ "<hash>": "<document>" }`, as codegen's client preset writes it). A Map, not the
 * parsed object: an ID is the client's, and `manifest["__proto__"]` or `manifest["constructor"]`
 * would answer with Object.prototype's members instead of "not found".
 */
export function readTrustedDocuments(manifestFile: string): TrustedDocuments {
  return new Map(Object.entries(JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>));
}

/** Only the trusted router (which must also sign the request) may run documents outside the manifest. */
export const mayRunAnyDocument = (request: Request): boolean => request.headers.has('x-tenant-id');

/** The trusted document a request names: `documentId`, or the APQ-style `extensions.persistedQuery.sha256Hash`. */
export function trustedDocumentIdOf(params: { extensions?: unknown }): string | null {
  const extensions = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const id = (params as { documentId?: unknown }).documentId ?? extensions?.persistedQuery?.sha256Hash;
  return typeof id === 'string' ? id : null;
}

/**
 * Trusted documents: with a manifest (`{ "<hash>": "<document>" }`, as codegen's client preset
 * writes it), public callers may only run the documents in it, by ID; the trusted router (which
 * sends `x-tenant-id` and must sign the request) may run any operation.
 */
export function useTrustedDocuments(manifest: TrustedDocuments) {
  return usePersistedOperations({
    getPersistedOperation: (id) => manifest.get(id) ?? null,
    allowArbitraryOperations: mayRunAnyDocument,
    extractPersistedOperationId: trustedDocumentIdOf,
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
