/**
 * AWS Lambda entry point for API Gateway HTTP APIs (payload format 2.0). Like main.ts it is an
 * entry point, so it may have side effects — but only at cold start: importing this module builds
 * the default `handler` (a closure, nothing more), and the first invocation builds the gateway
 * (config, tenants, client pool, Yoga app) once for the container's life. Every invocation after
 * that is one event → Fetch Request → `app.fetch` → result.
 *
 * The simulator is never embedded here: NODE_ENV defaults to `production`, so CONNECT_MODE
 * defaults to `aws` (AWS_ENDPOINT_URL_CONNECT still points it at any Connect-compatible endpoint).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import pino, { type DestinationStream } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { createGateway } from './gateway.js';
import { loadGraphiQL } from './http/graphiql-page.js';
import { createLogger } from './logger.js';
import { createFileTenantStore } from './tenants/file-store.js';

/**
 * The server context the app receives, shaped like node:http's `{ req }` so code that reads the
 * client address (`serverContext.req.socket.remoteAddress`, e.g. a per-IP rate limit) reads
 * API Gateway's `requestContext.http.sourceIp` the same way.
 */
export interface LambdaServerContext {
  readonly req: { readonly socket: { readonly remoteAddress: string } };
}

/** An async API Gateway v2 handler; `close` frees the gateway (tests; Lambda just freezes). */
export interface LambdaHandler {
  (event: APIGatewayProxyEventV2, context?: LambdaContext): Promise<APIGatewayProxyStructuredResultV2>;
  close(): Promise<void>;
}

export interface LambdaHandlerOptions {
  /** Where logs go. @default stdout, written synchronously so nothing is pending when Lambda freezes */
  readonly logDestination?: DestinationStream;
}

/** Content types answered as text; anything else (or anything encoded) is base64. */
const TEXT_CONTENT = /^(text\/|application\/([\w.-]+\+)?(json|xml|javascript|x-www-form-urlencoded)\b)/i;

/**
 * The Fetch Request API Gateway received. A named stage's `/stage` prefix is removed from
 * `rawPath` (the `$default` stage has none), so `/prod/graphql` reaches `/graphql`.
 */
export function toFetchRequest(event: APIGatewayProxyEventV2): Request {
  const { http, stage, domainName } = event.requestContext;
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers.set(name, value);
  }
  // Payload 2.0 moves the Cookie header into `cookies`.
  if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));
  let path = event.rawPath || '/';
  if (stage && stage !== '$default' && (path === `/${stage}` || path.startsWith(`/${stage}/`))) {
    path = path.slice(stage.length + 1) || '/';
  }
  const protocol = headers.get('x-forwarded-proto') ?? 'https';
  // The URL comes from API Gateway's own domain, never the client's Host header (which could smuggle a path).
  const host = domainName || 'localhost';
  const url = `${protocol}://${host}${path}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
  const method = http.method.toUpperCase();
  const hasBody = event.body !== undefined && method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    ...(hasBody ? { body: event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : event.body } : {}),
  });
}

/** The server context of an event: the client address as node:http would give it. */
export function serverContextOf(event: APIGatewayProxyEventV2): LambdaServerContext {
  return { req: { socket: { remoteAddress: event.requestContext.http.sourceIp } } };
}

/** A payload 2.0 result: every Set-Cookie in `cookies`, text bodies as text, others base64. */
export async function toLambdaResult(response: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  const body = Buffer.from(await response.arrayBuffer());
  const text =
    body.length === 0 ||
    (!response.headers.has('content-encoding') && TEXT_CONTENT.test(response.headers.get('content-type') ?? ''));
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    body: text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !text,
  };
}

async function buildGateway(env: NodeJS.ProcessEnv, options: LambdaHandlerOptions) {
  const config = loadConfig({ NODE_ENV: 'production', ...env });
  if (config.connectMode !== 'aws') {
    throw new ConfigError(
      'CONNECT_MODE=simulator is not available in Lambda; use CONNECT_MODE=aws (AWS_ENDPOINT_URL_CONNECT may point at a simulator)',
    );
  }
  if (config.graphiql) await loadGraphiQL();
  const logger = createLogger(config.logLevel, options.logDestination ?? pino.destination({ dest: 1, sync: true }));
  // The deployment package is read-only and replaced as a whole: nothing to watch.
  const tenants = createFileTenantStore({
    file: config.tenantsFile,
    readSecret: config.readSecret,
    logger,
    watch: false,
  });
  logger.info(
    { tenantsFile: config.tenantsFile, tenants: tenants.current.tenants.map((t) => t.id), runtime: 'lambda' },
    'tenants loaded',
  );
  logger.info('CONNECT_MODE=aws: chats go to Amazon Connect (AWS_ENDPOINT_URL_CONNECT honoured)');
  const gateway = createGateway({
    config,
    logger,
    tenants,
    demoApiKey: tenants.current.demoApiKey,
    connect: {},
  });
  return { ...gateway, tenants };
}

/**
 * A handler reading its settings from `env` (the AWS SDK still reads its own, such as credentials
 * and AWS_ENDPOINT_URL_CONNECT, from `process.env`). The gateway is built on the first invocation
 * and reused; a failed build (a bad setting, an unreadable tenants file) fails that invocation
 * with the reason and is retried by the next one.
 */
export function createLambdaHandler(
  env: NodeJS.ProcessEnv = process.env,
  options: LambdaHandlerOptions = {},
): LambdaHandler {
  let gateway: ReturnType<typeof buildGateway> | undefined;
  const gatewayOnce = () => {
    gateway ??= Promise.resolve()
      .then(() => buildGateway(env, options))
      .catch((error: unknown) => {
        gateway = undefined;
        throw error;
      });
    return gateway;
  };

  const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const { app } = await gatewayOnce();
    // API Gateway buffers a Lambda's whole answer: a live stream (chatEvents over SSE) would hold
    // the invocation until its timeout and then deliver nothing. Refused before anything starts.
    if (/text\/event-stream/i.test(event.headers?.accept ?? '')) {
      return {
        statusCode: 406,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          errors: [
            {
              message: 'Subscriptions (chatEvents over SSE) need the container gateway; this Lambda buffers answers.',
              extensions: { code: 'SUBSCRIPTIONS_NOT_SUPPORTED' },
            },
          ],
        }),
      };
    }
    let request: Request;
    try {
      request = toFetchRequest(event);
    } catch {
      return {
        statusCode: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ errors: [{ message: 'Malformed HTTP request.' }] }),
      };
    }
    // Yoga types its server context as node:http's; LambdaServerContext is the part the app reads.
    const response = await app.fetch(request, serverContextOf(event) as unknown as Record<string, never>);
    return toLambdaResult(response);
  };

  return Object.assign(handler, {
    async close() {
      const built = await gateway?.catch(() => undefined);
      gateway = undefined;
      if (!built) return;
      built.tenants.close();
      await built.close();
    },
  });
}

/** The function Lambda invokes: handler `index.handler` in the bundle of `npm run build:lambda` (dist/lambda/index.cjs). */
export const handler = createLambdaHandler();
