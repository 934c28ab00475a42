import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { createRequestSlot } from '../request-slot.js';

/*
 * GraphiQL (Yoga's offline build: 8.8 MB of script, style and Monaco workers) served as a small
 * page plus separate, compressed, immutable assets, instead of Yoga's one 9 MB HTML response that
 * a browser must download and parse whole on every visit (on a busy 2-core machine that page alone
 * took more than 5 s to load). The assets' module stays in graphiql.cjs beside main.cjs
 * (scripts/build.ts), loaded the first time, so starts without GraphiQL never read it.
 */
type GraphiQLAssets = typeof import('@graphql-yoga/render-graphiql/graphiql');
let loaded: Promise<GraphiQLAssets> | undefined;

/**
 * Loads the assets' module once. Entry points call it at start when GraphiQL is on, so a
 * deployment missing graphiql.cjs fails to start, naming the file, instead of on the first visit.
 */
export function loadGraphiQL(): Promise<GraphiQLAssets> {
  loaded ??= import('@graphql-yoga/render-graphiql/graphiql').catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

const assetRequests = createRequestSlot<true>('chat-gateway.graphiql-asset');

/** Whether this request was answered with a GraphiQL asset (the same for everyone: publicly cacheable). */
export function isGraphiQLAsset(request: Request): boolean {
  return assetRequests.get(request) === true;
}

/** Where the assets are served, under the GraphQL endpoint so one proxy route covers both. */
export const GRAPHIQL_ASSETS_PATH = '/graphql/graphiql/';

interface Asset {
  readonly type: string;
  readonly body: Buffer;
  /** Compressed forms, made on first request (brotli of the script takes ≈ 0.3 s). */
  readonly encoded: Map<'br' | 'gzip', Buffer>;
}

interface AssetSet {
  /** Asset names by role, e.g. `script` → `3f2a….js`. */
  readonly names: Readonly<
    Record<'script' | 'style' | 'icon' | 'editorWorker' | 'jsonWorker' | 'graphqlWorker', string>
  >;
  readonly byName: ReadonlyMap<string, Asset>;
}

let assetSet: Promise<AssetSet> | undefined;

/** Content-addressed names: a new GraphiQL build gets new URLs, so each can be cached forever. */
function assetsOf(module: GraphiQLAssets): AssetSet {
  const byName = new Map<string, Asset>();
  const add = (body: Buffer, extension: string, type: string) => {
    const name = `${createHash('sha256').update(body).digest('hex').slice(0, 16)}.${extension}`;
    byName.set(name, { type, body, encoded: new Map() });
    return name;
  };
  const script = (source: string) => add(Buffer.from(source), 'js', 'text/javascript; charset=utf-8');
  const icon = /^data:([^;,]+);base64,(.*)$/s.exec(module.favicon);
  return {
    names: {
      script: script(module.js),
      style: add(Buffer.from(module.css), 'css', 'text/css; charset=utf-8'),
      icon: icon ? add(Buffer.from(icon[2] ?? '', 'base64'), 'ico', icon[1] ?? 'image/x-icon') : '',
      editorWorker: script(module.editorWorkerService),
      jsonWorker: script(module.jsonWorker),
      graphqlWorker: script(module.graphqlWorker),
    },
    byName,
  };
}

function loadAssets(): Promise<AssetSet> {
  assetSet ??= loadGraphiQL()
    .then(assetsOf)
    .catch((error: unknown) => {
      assetSet = undefined;
      throw error;
    });
  return assetSet;
}

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(names: AssetSet['names'], options: GraphiQLOptions): string {
  // Relative to the page (…/graphql), so a path prefix in front of the gateway (an API Gateway
  // stage, a proxy's mount point) is kept.
  const url = (name: string) => `${GRAPHIQL_ASSETS_PATH.slice(1)}${name}`;
  const workers = {
    editorWorkerService: url(names.editorWorker),
    json: url(names.jsonWorker),
    graphql: url(names.graphqlWorker),
  };
  const title = String(options.title ?? 'GraphiQL').replace(/[<>&"]/g, '');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    ${names.icon ? `<link rel="icon" href="${url(names.icon)}" />` : ''}
    <link rel="stylesheet" href="${url(names.style)}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workers)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    </script>
    <script src="${url(names.script)}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}

/** Yoga's `renderGraphiQL`: the page, or, if its assets cannot be loaded, a short page saying so (the reason is logged). */
export const renderGraphiQLPage =
  (logger: Logger) =>
  async (options: GraphiQLOptions): Promise<string> => {
    try {
      return page((await loadAssets()).names, options);
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'GraphiQL page could not be loaded',
      );
      return '<!doctype html><title>GraphiQL unavailable</title><p>GraphiQL is not available on this gateway.</p>';
    }
  };

function encodingFor(acceptEncoding: string | null): 'br' | 'gzip' | undefined {
  const accepted = (acceptEncoding ?? '').toLowerCase();
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return undefined;
}

function encode(asset: Asset, encoding: 'br' | 'gzip'): Buffer {
  let body = asset.encoded.get(encoding);
  if (!body) {
    body =
      encoding === 'br'
        ? brotliCompressSync(asset.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
        : gzipSync(asset.body, { level: 6 });
    asset.encoded.set(encoding, body);
  }
  return body;
}

/** Serves GraphiQL's assets (only when GraphiQL is on): compressed when the browser accepts it, cached for a year. */
export function useGraphiQLAssets(): Plugin {
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const name = url.pathname.slice(GRAPHIQL_ASSETS_PATH.length);
      return loadAssets().then(
        ({ byName }) => {
          const asset = byName.get(name);
          if (!asset) {
            endResponse(new fetchAPI.Response('Not found', { status: 404 }));
            return;
          }
          const encoding = encodingFor(request.headers.get('accept-encoding'));
          const body = encoding ? encode(asset, encoding) : asset.body;
          const headers: Record<string, string> = {
            'content-type': asset.type,
            'content-length': String(body.length),
            'cache-control': 'public, max-age=31536000, immutable',
            vary: 'Accept-Encoding',
          };
          if (encoding) headers['content-encoding'] = encoding;
          assetRequests.set(request, true);
          const bytes = new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
          endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers }));
        },
        () => endResponse(new fetchAPI.Response('GraphiQL is not available on this gateway.', { status: 503 })),
      );
    },
  };
}
