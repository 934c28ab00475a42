/*
 * The layout's rules (docs/development.md), checked by `npm run deps` in `npm test`:
 * dependencies point into the core (chat/), the GraphQL surface never touches the AWS SDK, the
 * simulator stands alone, and nothing imports in a circle, type-only imports included.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'chat-is-the-core',
      comment:
        'chat/ owns the use cases and their ports: it imports no other room of src/ (adapters implement its ports).',
      severity: 'error',
      from: { path: '^src/chat/' },
      to: { path: '^src/', pathNot: '^src/chat/' },
    },
    {
      name: 'chat-without-transport-or-sdk',
      comment: 'The core knows no GraphQL, HTTP or AWS SDK: those are the schema, http and connect rooms.',
      severity: 'error',
      from: { path: '^src/chat/' },
      to: {
        path: [
          'node_modules/(graphql|graphql-yoga|@pothos|@graphql-yoga|@envelop|@aws-sdk|@smithy)/',
          '^node:https?$',
          '^https?$',
        ],
      },
    },
    {
      name: 'schema-without-aws-sdk',
      comment: 'schema/ is the GraphQL surface: the AWS SDK appears only in connect/ (and the simulator stands alone).',
      severity: 'error',
      from: { path: '^src/schema/' },
      to: { path: 'node_modules/(@aws-sdk|@smithy|@aws-crypto)/' },
    },
    {
      name: 'simulator-stands-alone',
      comment:
        'The simulator must not share code with what it tests: it imports nothing from src/ outside src/simulator/.',
      severity: 'error',
      from: { path: '^src/simulator/' },
      to: { path: '^src/', pathNot: '^src/simulator/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only ones included (a type cycle still ties two rooms together).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count: the rules are about the design, not about what runs.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
