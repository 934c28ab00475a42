import { readFileSync } from 'node:fs';
import type * as z from 'zod';
import type { ConnectTarget, StaticCredentials, Tenant, TenantAuth } from '../chat/tenant.js';
import { JsonSyntaxError, parseStrictJson } from './json-strict.js';
import { createTenantRegistry, type TenantRegistry } from './registry.js';
import { type TenantConfig, type TenantsFile, TenantsFileSchema } from './schema.js';

/** Thrown when the tenants file cannot be used; the message names the file and the bad path. */
export class TenantsFileError extends Error {
  override name = 'TenantsFileError';
  /**
   * @param summary safe to show outside the log (readiness): the bad paths and rules, never the
   * file's location or content.
   */
  constructor(
    message: string,
    readonly summary: string = message,
  ) {
    super(message);
  }
}

/** Renders a zod or JSON path as `tenants[0].connect.region`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, '');
}

function issueLines(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path) || '(root)'}: ${issue.message}`);
}

function invalid(source: string, lines: readonly string[]): TenantsFileError {
  return new TenantsFileError(`Invalid tenants file ${source}:\n  ${lines.join('\n  ')}`, lines.join('; '));
}

/**
 * Checks a parsed tenants document against the schema; `earlier` are problems already found in its
 * text (duplicate keys), reported first with the schema's.
 */
function validateTenants(document: unknown, source: string, earlier: readonly string[] = []): TenantsFile {
  const result = TenantsFileSchema.safeParse(document);
  const lines = [...earlier, ...(result.success ? [] : issueLines(result.error.issues))];
  if (lines.length > 0 || !result.success) throw invalid(source, lines);
  return result.data;
}

/**
 * Reads the text of a tenants file as strict JSON (no comments, no trailing commas, no key twice
 * in one object) and validates it. Secrets are not read.
 */
function readTenantsText(text: string, source: string): TenantsFile {
  let parsed: ReturnType<typeof parseStrictJson>;
  try {
    parsed = parseStrictJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new TenantsFileError(
      `Tenants file ${source} is not valid JSON: ${error.message}`,
      // Readiness shows this: the same words for any syntax error, as before; the log has the place.
      'the tenants file is not valid JSON',
    );
  }
  const duplicates = parsed.duplicates.map(
    (d) => `${formatPath(d.path)}: duplicate key "${d.key}" (line ${d.line}, column ${d.column})`,
  );
  return validateTenants(parsed.value, source, duplicates);
}

function readTenantsFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new TenantsFileError(
      `Cannot read tenants file ${file}: ${(error as Error).message}`,
      'the tenants file cannot be read',
    );
  }
}

/**
 * Validates a parsed tenants document and resolves its secret references.
 * @param readSecret reads `{ "env": NAME }` references; a missing variable is an error naming the path.
 */
export function parseTenants(
  document: unknown,
  readSecret: (name: string) => string | undefined,
  source = 'tenants file',
): TenantRegistry {
  return resolveTenants(validateTenants(document, source), readSecret, source);
}

/** Resolves the secret references of a valid tenants file and builds the registry. */
function resolveTenants(
  file: TenantsFile,
  readSecret: (name: string) => string | undefined,
  source: string,
): TenantRegistry {
  const missing: string[] = [];
  const secret = (ref: { env: string }, path: string) => {
    const value = readSecret(ref.env);
    if (!value) missing.push(`${path}: environment variable ${ref.env} is not set`);
    return value ?? '';
  };
  const credentialsOf = (tenant: TenantConfig, index: number): StaticCredentials | undefined => {
    const c = tenant.connect.credentials;
    if (!c) return undefined;
    const base = `tenants[${index}].connect.credentials`;
    return {
      accessKeyId: secret(c.accessKeyId, `${base}.accessKeyId`),
      secretAccessKey: secret(c.secretAccessKey, `${base}.secretAccessKey`),
      ...(c.sessionToken ? { sessionToken: secret(c.sessionToken, `${base}.sessionToken`) } : {}),
    };
  };

  const authOf = (config: TenantConfig, index: number): TenantAuth | undefined => {
    const auth = config.auth;
    if (!auth) return undefined;
    const base = `tenants[${index}].auth`;
    let key: TenantAuth['key'];
    if (auth.secret) {
      const value = secret(auth.secret, `${base}.secret`);
      // HS256 needs a key at least as long as the hash (RFC 7518 §3.2).
      if (value && Buffer.byteLength(value) < 32) {
        missing.push(`${base}.secret: environment variable ${auth.secret.env} must hold at least 32 bytes`);
      }
      key = { kind: 'secret', secret: value };
    } else {
      key = { kind: 'jwks', url: auth.jwksUrl ?? '', algorithms: auth.algorithms ?? ['RS256', 'ES256'] };
    }
    return {
      required: auth.required,
      issuer: auth.issuer,
      audience: auth.audience,
      ...(auth.maxAgeSeconds !== undefined ? { maxAgeSeconds: auth.maxAgeSeconds } : {}),
      clockSkewSeconds: auth.clockSkewSeconds,
      key,
    };
  };

  const entries = file.tenants.map((config, index) => {
    const credentials = credentialsOf(config, index);
    const auth = authOf(config, index);
    const { roleArn, externalId, queueId, hoursOfOperationId } = config.connect;
    const tenant: Tenant = {
      id: config.id,
      ...(config.name ? { name: config.name } : {}),
      allowedOrigins: config.allowedOrigins,
      connect: {
        region: config.connect.region,
        instanceId: config.connect.instanceId,
        contactFlowId: config.connect.contactFlowId,
        ...(credentials ? { credentials } : {}),
        ...(roleArn ? { role: { roleArn, ...(externalId ? { externalId } : {}) } } : {}),
        ...(queueId ? { queueId } : {}),
        ...(hoursOfOperationId ? { hoursOfOperationId } : {}),
      },
      availability: config.availability,
      ...(auth ? { auth } : {}),
      policy: {
        ...(config.attributes ? { attributes: config.attributes } : {}),
        ...(config.segmentAttributes ? { segmentAttributes: config.segmentAttributes } : {}),
        chat: config.chat,
      },
    };
    return { tenant, apiKeys: config.apiKeys };
  });
  if (missing.length > 0) throw invalid(source, missing);
  return createTenantRegistry(entries);
}

/** Parses (strict JSON) and resolves the text of a tenants file; `source` names it in errors. */
export function parseTenantsText(
  text: string,
  readSecret: (name: string) => string | undefined,
  source: string,
): TenantRegistry {
  return resolveTenants(readTenantsText(text, source), readSecret, source);
}

/** Reads, validates and resolves the tenants file at start. */
export function loadTenantsFile(file: string, readSecret: (name: string) => string | undefined): TenantRegistry {
  return parseTenantsText(readTenantsFile(file), readSecret, file);
}

/** Where one tenant's chats go, without its credentials: what a Connect simulator must know. */
export interface TenantTarget {
  readonly id: string;
  readonly connect: Omit<ConnectTarget, 'credentials'>;
}

/**
 * Reads and validates the tenants file as the gateway does, but reads no secret: the standalone
 * simulator needs every tenant's region, instance, flow and role, never its credentials or keys.
 */
export function loadTenantTargets(file: string): TenantTarget[] {
  return readTenantsText(readTenantsFile(file), file).tenants.map(({ id, connect }) => {
    const { region, instanceId, contactFlowId, roleArn, externalId, queueId, hoursOfOperationId } = connect;
    return {
      id,
      connect: {
        region,
        instanceId,
        contactFlowId,
        ...(roleArn ? { role: { roleArn, ...(externalId ? { externalId } : {}) } } : {}),
        ...(queueId ? { queueId } : {}),
        ...(hoursOfOperationId ? { hoursOfOperationId } : {}),
      },
    };
  });
}
