import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';

/*
 * `npm run build`: the gateway as dist/main.cjs, with GraphiQL's page and the OpenTelemetry SDK in
 * files of their own beside it (graphiql.cjs, tracing.cjs), loaded when first used. V8 reads every
 * byte of a script it loads, even code that never runs: those two are two thirds of the bytes and
 * ≈ 100 ms of every start, for a page that is off in production and tracing that is off by default.
 * main.cjs itself only starts tracing (when asked) and then loads the gateway, gateway.cjs: built
 * as an entry of its own, the gateway's modules are bundled with static imports, which esbuild can
 * prune; reached through main.ts's import() inside one file, every module would be wrapped in a
 * lazy initialiser and kept whole.
 * `npm run build:lambda` (`--lambda`): dist/lambda/index.cjs (the handler) with graphiql.cjs.
 * `--outdir DIR` writes the files elsewhere.
 */
const { values } = parseArgs({ options: { outdir: { type: 'string' }, lambda: { type: 'boolean', default: false } } });

/** The dynamic imports left out of the entry file: which module imports what, and the file beside it that holds it. */
const SEPARATE = [
  { importer: 'src/http/graphiql-page.ts', path: '@graphql-yoga/render-graphiql/graphiql', file: './graphiql.cjs' },
  { importer: 'src/main.ts', path: './observability/tracing.js', file: './tracing.cjs' },
  { importer: 'src/main.ts', path: './run-gateway.js', file: './gateway.cjs' },
];

const loadSeparately: Plugin = {
  name: 'load-separately',
  setup(build) {
    build.onResolve(
      { filter: /^(@graphql-yoga\/render-graphiql\/graphiql|\.\/observability\/tracing\.js|\.\/run-gateway\.js)$/ },
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

/**
 * The AWS SDK clients from their ES module builds (`module`, dist-es), which esbuild can prune to
 * the commands the gateway sends; their CommonJS builds (`main`, what esbuild picks for Node) are
 * one file each with all of the service's commands and schemas: 790 KB for Connect's 400-odd
 * commands, read, compiled and run at every start. Only these two packages: nothing else imports
 * them, so no module ends up in the bundle twice (once from each build).
 */
const ES_MODULE_CLIENTS = ['@aws-sdk/client-connect', '@aws-sdk/client-connectparticipant'];
const require = createRequire(import.meta.url);
const sdkClientsAsModules: Plugin = {
  name: 'sdk-clients-as-modules',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/client-connect(participant)?$/ }, (args) => {
      if (!ES_MODULE_CLIENTS.includes(args.path)) return undefined;
      const manifest = require.resolve(`${args.path}/package.json`);
      const { module } = JSON.parse(readFileSync(manifest, 'utf8')) as { module?: string };
      if (!module) throw new Error(`${args.path} has no ES module build (package.json "module")`);
      return { path: join(dirname(manifest), module) };
    });
  },
};

/**
 * The text of a built file in ASCII only. esbuild already escapes every non-ASCII character of
 * strings, templates, regular expressions and identifiers (its default `charset: 'ascii'`), but
 * keeps comments as written: the 7 MB main file had 14 characters such as "—" and "≥" in comments
 * of ours and of our dependencies. One such character makes Node decode the whole file as UTF-16
 * and V8 read it as a two-byte source: ≈ 25 ms more of every start on the bench machine
 * (docs/performance.md). Escaped as `\uXXXX`, which leaves a comment a comment and means the same
 * character anywhere else.
 */
const asciiOnly = (text: string) =>
  text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const graphiql = '@graphql-yoga/render-graphiql/graphiql';
const built = await build({
  entryPoints: values.lambda
    ? { index: 'src/lambda.ts', graphiql }
    : { main: 'src/main.ts', gateway: 'src/run-gateway.ts', graphiql, tracing: 'src/observability/tracing.ts' },
  outdir: values.outdir ?? (values.lambda ? 'dist/lambda' : 'dist'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  plugins: [loadSeparately, sdkClientsAsModules],
  // The files beside the entry are loaded with require(), not import(): Node would load a CommonJS
  // file imported with import() through its ES module loader, which scans the whole file for
  // export names first (≈ 300 ms for the 6.5 MB gateway.cjs on the bench machine).
  supported: { 'dynamic-import': false },
  write: false,
});
for (const file of built.outputFiles ?? []) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, asciiOnly(file.text));
}
