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

/** What the entry imports dynamically → the file beside it that holds it. */
const SEPARATE: Record<string, string> = {
  '@graphql-yoga/render-graphiql': './graphiql.cjs',
  './observability/tracing.js': './tracing.cjs',
};

const loadSeparately: Plugin = {
  name: 'load-separately',
  setup(build) {
    build.onResolve({ filter: /./ }, (args) => {
      const file = SEPARATE[args.path];
      if (!file || args.kind !== 'dynamic-import') return undefined;
      return { path: file, external: true };
    });
  },
};

const graphiql = '@graphql-yoga/render-graphiql';
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
