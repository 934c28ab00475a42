import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';

/*
 * `npm run build`: the gateway as dist/main.cjs, with GraphiQL's page and the OpenTelemetry SDK in
 * files of their own beside it (graphiql.cjs, tracing.cjs), loaded when first used. V8 reads every
 * byte of a script it loads, even code that never runs: those two are two thirds of the bytes and
 * ≈ 100 ms of every start, for a page that is off in production and tracing that is off by default.
 * `npm run build:lambda` (`--lambda`): dist/lambda/index.cjs (the handler) with graphiql.cjs.
 * `--outdir DIR` writes the files elsewhere.
 */
const { values } = parseArgs({ options: { outdir: { type: 'string' }, lambda: { type: 'boolean', default: false } } });

/** The dynamic imports left out of the entry file: which module imports what, and the file beside it that holds it. */
const SEPARATE = [
  { importer: 'src/http/graphiql-page.ts', path: '@graphql-yoga/render-graphiql/graphiql', file: './graphiql.cjs' },
  { importer: 'src/main.ts', path: './observability/tracing.js', file: './tracing.cjs' },
];

const loadSeparately: Plugin = {
  name: 'load-separately',
  setup(build) {
    build.onResolve(
      { filter: /^(@graphql-yoga\/render-graphiql\/graphiql|\.\/observability\/tracing\.js)$/ },
      (args) => {
        const split = SEPARATE.find((s) => s.path === args.path && args.importer.endsWith(s.importer));
        if (!split) return undefined;
        // Imported statically (or from elsewhere), it would be bundled into the entry again.
        if (args.kind !== 'dynamic-import') throw new Error(`${args.importer} must import ${args.path} with import()`);
        return { path: split.file, external: true };
      },
    );
  },
};

const graphiql = '@graphql-yoga/render-graphiql/graphiql';
await build({
  entryPoints: values.lambda
    ? { index: 'src/lambda.ts', graphiql }
    : { main: 'src/main.ts', graphiql, tracing: 'src/observability/tracing.ts' },
  outdir: values.outdir ?? (values.lambda ? 'dist/lambda' : 'dist'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  plugins: [loadSeparately],
});
