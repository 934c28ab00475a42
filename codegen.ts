import type { CodegenConfig } from '@graphql-codegen/cli';

// Both outputs: no fragment masking, string documents (no graphql-js in a bundle), and
// persistedDocuments: the trusted-documents manifest (TRUSTED_DOCUMENTS_FILE) and a hash per document.
const clientPreset = {
  preset: 'client',
  presetConfig: { fragmentMasking: false, persistedDocuments: true },
  config: { documentMode: 'string', enumsAsTypes: true, useTypeImports: true },
} as const;

/**
 * `npm run codegen`, from the committed schema.graphql: typed documents for the tests' operations
 * (`test/operations/*.graphql`) and for the example web chat's `graphql()` calls, each with its own
 * trusted-documents manifest (`persisted-documents.json`).
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': { ...clientPreset, documents: ['test/operations/*.graphql'] },
    'examples/web-chat/src/gql/': {
      ...clientPreset,
      documents: ['examples/web-chat/src/**/*.ts', '!examples/web-chat/src/gql/**'],
    },
  },
};

export default config;
