import type { CodegenConfig } from '@graphql-codegen/cli';

/** `npm run codegen`: typed documents for the tests' operations, from the committed schema.graphql. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  emitLegacyCommonJSImports: false,
  documents: ['test/operations/*.graphql'],
  generates: {
    'test/generated/': {
      preset: 'client',
      // persistedDocuments: the trusted-documents manifest (TRUSTED_DOCUMENTS_FILE) and a hash per document.
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: { documentMode: 'string', enumsAsTypes: true, useTypeImports: true },
    },
  },
};

export default config;
