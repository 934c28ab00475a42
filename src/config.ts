import * as z from 'zod';
import { invalidProxyEntries } from './ratelimit/client-ip.js';

/** How the gateway reaches Amazon Connect. */
export type ConnectMode = 'simulator' | 'aws';

/** An empty variable counts as unset, never as 0. */
const blankAsUnset = (value: unknown) => (value === '' ? undefined : value);
const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(blankAsUnset, z.coerce.number().int().min(min).max(max).default(fallback));

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Every environment variable the gateway reads, with its default. The TSDoc of each key (text, then
 * `@default` as shown to operators) is the settings table of docs/configuration.md:
 * `node --import tsx scripts/print-settings.ts --write` regenerates it, test/docs.test.ts fails on drift.
 */
const EnvSchema = z
  .object({
    /** HTTP port (`0` picks a free one). @default `4000` */
    PORT: integer(4000, 0, 65535),
    /** Interface to listen on; `0.0.0.0` in a container. @default `127.0.0.1` */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** `development`, `production` or `test`. @default `development` */
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** Where clients reach the gateway (`https://chat.example.com`): GraphiQL served from there calls it with any tenant's key; unset, outside production: loopback only. */
    PUBLIC_URL: z.preprocess(blankAsUnset, z.url({ protocol: /^https?$/ }).optional()),
    /** pino level: `fatal` … `trace`, `silent`. @default `info` */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** The tenants file. @default `tenants.example.json` */
    TENANTS_FILE: z.string().min(1).default('tenants.example.json'),
    /** Where chats go. @default `simulator`, or `aws` when `NODE_ENV=production` */
    CONNECT_MODE: z.enum(['simulator', 'aws']).optional(),
    /** Serve GraphiQL on `GET /graphql`. @default `true`, or `false` in production */
    GRAPHIQL: booleanFlag.optional(),
    /** Overall deadline of one Connect call (chat start or contact read), retries included. @default `8000` */
    CONNECT_DEADLINE_MS: integer(8000, 100, 60000),
    /** TCP connect timeout per attempt. @default `1000` */
    CONNECT_CONNECTION_TIMEOUT_MS: integer(1000, 10, 30000),
    /** Response timeout per attempt. @default `3000` */
    CONNECT_REQUEST_TIMEOUT_MS: integer(3000, 10, 60000),
    /** Attempts per Connect call, the first included. @default `3` */
    CONNECT_MAX_ATTEMPTS: integer(3, 1, 10),
    /** DescribeContact calls one request may run at once (Connect's default quota: 2/s). @default `2` */
    CONTACT_READ_CONCURRENCY: integer(2, 1, 50),
    /** Simulator port (`0` picks a free one). @default `0` embedded, `4010` standalone */
    SIMULATOR_PORT: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(65535).optional()),
    /** Faults the simulator injects from the start (format and kinds: docs/simulator.md). @default empty */
    SIMULATOR_FAULTS: z.string().default(''),
    /** Secret shared with the trusted supergraph router (≥ 32 characters); unset: `x-tenant-id` is refused. */
    ROUTER_HMAC_SECRET: z.preprocess(blankAsUnset, z.string().min(32, 'must be at least 32 characters').optional()),
    /** Base64 of ≥ 32 secret bytes: signed-in customers (JWT `sub`) pick up their chat on another device; unset: off. */
    CONTINUATION_KEY: z.preprocess(
      blankAsUnset,
      z
        .string()
        .refine((value) => Buffer.from(value, 'base64').length >= 32, 'must be the base64 of at least 32 bytes')
        .optional(),
    ),
    /** Reload the tenants file when it changes (`SIGHUP` always reloads). @default `true` */
    TENANTS_WATCH: booleanFlag.default(true),
    /** `off` turns every gateway rate limit off (deployments limited elsewhere, benchmarks). @default `on` */
    RATE_LIMIT: z.enum(['on', 'off']).default('on'),
    /** `redis://` / `rediss://` (e.g. `redis://127.0.0.1:6379`): limits shared by every replica (atomic). @default unset (in memory) */
    REDIS_URL: z.preprocess(blankAsUnset, z.url({ protocol: /^rediss?$/ }).optional()),
    /** Chat starts per tenant per minute. @default `600` */
    RATE_LIMIT_TENANT_PER_MINUTE: integer(600, 1, 1_000_000),
    /** Chat starts per client IP (IPv6: per /64) per minute. @default `10` */
    RATE_LIMIT_IP_PER_MINUTE: integer(10, 1, 1_000_000),
    /** Messages, events and uploads one chat may send per minute. @default `120` */
    RATE_LIMIT_CHAT_WRITES_PER_MINUTE: integer(120, 1, 1_000_000),
    /** Messages, events and uploads of all of a tenant's chats per minute. @default `30000` */
    RATE_LIMIT_TENANT_WRITES_PER_MINUTE: integer(30_000, 1, 10_000_000),
    /** Open `chatEvents` streams of one chat in this process (tabs of one customer). @default `3` */
    STREAMS_PER_CHAT: integer(3, 1, 100),
    /** Open `chatEvents` streams from one client IP (IPv6: its /64) in this process. @default `100` */
    STREAMS_PER_IP: integer(100, 1, 1_000_000),
    /** Open `chatEvents` streams of one tenant in this process. @default `10000` */
    STREAMS_PER_TENANT: integer(10_000, 1, 1_000_000),
    /** Open `chatEvents` streams of this process. @default `20000` */
    STREAMS_MAX: integer(20_000, 1, 1_000_000),
    /** StartChatContact per second per AWS account and region (Connect's quota). @default `5` */
    CONNECT_START_CHAT_RATE: integer(5, 1, 10_000),
    /** Burst of that quota, per AWS account and region. @default `8` */
    CONNECT_START_CHAT_BURST: integer(8, 1, 10_000),
    /** Comma-separated IPs/CIDRs whose `x-forwarded-for` is believed. */
    TRUSTED_PROXIES: z
      .string()
      .superRefine((value, ctx) => {
        const bad = invalidProxyEntries(
          value
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean),
        );
        if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR: ${bad.join(', ')}` });
      })
      .default(''),
    /** Prometheus `GET /metrics` on its own server on `HOST` (`0` picks a free one); never the public port. @default unset (off) */
    METRICS_PORT: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(65535).optional()),
    /** Largest request body, any content type (413 beyond). @default `131072` */
    MAX_BODY_BYTES: integer(131_072, 1024, 10_485_760),
    /** `on`, `off`, or `trusted` (only the signed router); also governs `_service { sdl }`. @default `on`, or `trusted` in production */
    INTROSPECTION: z.enum(['on', 'off', 'trusted']).optional(),
    /** Manifest of trusted documents (codegen's `persisted-documents.json`): public callers run only these. */
    TRUSTED_DOCUMENTS_FILE: z.preprocess(blankAsUnset, z.string().optional()),
    /** `on`: the hot mutations (chat start, message, event) and `chatEvents` streams that Yoga validated once run on the direct path; `off`: every request through Yoga. Off while tracing. @default `on` */
    DIRECT_PATH: z.enum(['on', 'off']).default('on'),
    /** Time a client has to send a whole request, headers and body; then 408 and the connection closes. @default `30000` */
    HTTP_REQUEST_TIMEOUT_MS: integer(30_000, 1000, 600_000),
    /** Time a client has to send a request's headers (at most `HTTP_REQUEST_TIMEOUT_MS`). @default `10000` */
    HTTP_HEADERS_TIMEOUT_MS: integer(10_000, 1000, 600_000),
    /** How long SIGTERM waits for in-flight requests. @default `10000` */
    SHUTDOWN_GRACE_MS: integer(10_000, 0, 120_000),
  })
  .refine((env) => env.HTTP_HEADERS_TIMEOUT_MS <= env.HTTP_REQUEST_TIMEOUT_MS, {
    path: ['HTTP_HEADERS_TIMEOUT_MS'],
    message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS',
  })
  .transform((env) => {
    const production = env.NODE_ENV === 'production';
    return {
      port: env.PORT,
      host: env.HOST,
      nodeEnv: env.NODE_ENV,
      logLevel: env.LOG_LEVEL,
      publicUrl: env.PUBLIC_URL,
      tenantsFile: env.TENANTS_FILE,
      connectMode: env.CONNECT_MODE ?? (production ? 'aws' : 'simulator'),
      graphiql: env.GRAPHIQL ?? !production,
      connect: {
        deadlineMs: env.CONNECT_DEADLINE_MS,
        connectionTimeoutMs: env.CONNECT_CONNECTION_TIMEOUT_MS,
        requestTimeoutMs: env.CONNECT_REQUEST_TIMEOUT_MS,
        maxAttempts: env.CONNECT_MAX_ATTEMPTS,
        contactReadConcurrency: env.CONTACT_READ_CONCURRENCY,
      },
      simulator: { port: env.SIMULATOR_PORT, faults: env.SIMULATOR_FAULTS },
      tenantsWatch: env.TENANTS_WATCH,
      rateLimit: {
        enabled: env.RATE_LIMIT === 'on',
        redisUrl: env.REDIS_URL,
        tenantPerMinute: env.RATE_LIMIT_TENANT_PER_MINUTE,
        ipPerMinute: env.RATE_LIMIT_IP_PER_MINUTE,
        chatWritesPerMinute: env.RATE_LIMIT_CHAT_WRITES_PER_MINUTE,
        tenantWritesPerMinute: env.RATE_LIMIT_TENANT_WRITES_PER_MINUTE,
        connectStartChatRate: env.CONNECT_START_CHAT_RATE,
        connectStartChatBurst: env.CONNECT_START_CHAT_BURST,
        trustedProxies: env.TRUSTED_PROXIES.split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      },
      streams: {
        perChat: env.STREAMS_PER_CHAT,
        perIp: env.STREAMS_PER_IP,
        perTenant: env.STREAMS_PER_TENANT,
        total: env.STREAMS_MAX,
      },
      metricsPort: env.METRICS_PORT,
      maxBodyBytes: env.MAX_BODY_BYTES,
      introspection: env.INTROSPECTION ?? (production ? 'trusted' : 'on'),
      trustedDocumentsFile: env.TRUSTED_DOCUMENTS_FILE,
      directPath: env.DIRECT_PATH === 'on',
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
      http: { requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS, headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS },
      routerHmacSecret: env.ROUTER_HMAC_SECRET,
      continuationKey: env.CONTINUATION_KEY,
    } as const;
  });

/** The schema of each environment variable, by name (for scripts/print-settings.ts and its drift test). */
export const settingsShape = EnvSchema.in.shape;

/** The parsed, frozen configuration. */
export type Config = Readonly<Omit<z.output<typeof EnvSchema>, 'routerHmacSecret' | 'continuationKey'>> & {
  /** The router's HMAC secret; a function so it never gets logged with the config. */
  readonly routerSecret: () => string | undefined;
  /** CONTINUATION_KEY's bytes; a function so it never gets logged with the config. */
  readonly continuationKey: () => Buffer | undefined;
  readonly connectMode: ConnectMode;
  /** Reads a secret named by the tenants file (`{ "env": "NAME" }`); a function so it never gets logged. */
  readonly readSecret: (name: string) => string | undefined;
};

/** Thrown when an environment variable is invalid; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment once. Fails fast with the name of every bad variable.
 * @param env defaults to `process.env`; tests pass their own.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const { routerHmacSecret, continuationKey, ...settings } = result.data;
  return Object.freeze({
    ...settings,
    routerSecret: () => routerHmacSecret,
    continuationKey: () => (continuationKey ? Buffer.from(continuationKey, 'base64') : undefined),
    readSecret: (name: string) => env[name],
  });
}
