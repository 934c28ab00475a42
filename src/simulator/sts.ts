import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { pushBounded, setBounded } from './history.js';
import type { AuthFailure, KnownKey } from './sigv4.js';

/** A role the simulated STS lets callers assume. */
export interface SimulatedRole {
  readonly roleArn: string;
  /** When set, AssumeRole must send exactly this ExternalId (the trust policy's `sts:ExternalId` condition). */
  readonly externalId?: string;
  /** Caps the lifetime of issued credentials below DurationSeconds, e.g. to make them expire soon in tests. */
  readonly credentialsTtlSeconds?: number;
  /** The role's MaxSessionDuration: a longer DurationSeconds is refused. @default 3600 */
  readonly maxSessionDurationSeconds?: number;
}

/** One STS call the simulator received after authentication, for tests to assert on. */
export interface StsCall {
  readonly operation: string;
  /** The key that signed the call (the credentials that assume the role). */
  readonly accessKeyId: string;
  /** The region in the request's credential scope. */
  readonly region: string;
  readonly roleArn?: string;
  readonly roleSessionName?: string;
  readonly externalId?: string;
  readonly durationSeconds?: number;
  /** The temporary access key ID issued, on success. */
  readonly issuedAccessKeyId?: string;
  /** The error code answered, or undefined for success. */
  readonly error?: string;
}

/** Temporary credentials the simulated STS issued; valid for Connect until `expiresAt`. */
export interface IssuedKey extends KnownKey {
  readonly sessionToken: string;
  readonly expiresAt: number;
  readonly roleArn: string;
}

/** An awsQuery reply: status and XML body. */
export interface XmlReply {
  readonly status: number;
  readonly body: string;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const VERSION = '2011-06-15';

/** The awsQuery error codes STS answers for authentication failures (REST-JSON names → query codes). */
const AUTH_CODES: Record<string, string> = {
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  ExpiredTokenException: 'ExpiredToken',
};

/** Escapes element text (the simulator writes no attributes from input). */
function escapeXml(value: string): string {
  return value.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An error as STS (awsQuery) sends it: `ErrorResponse/Error{Type,Code,Message}` and `RequestId`. */
export function stsError(status: number, code: string, message: string, type = 'Sender'): XmlReply {
  return {
    status,
    body:
      `<ErrorResponse xmlns="${XMLNS}">\n` +
      `  <Error>\n    <Type>${type}</Type>\n    <Code>${escapeXml(code)}</Code>\n` +
      `    <Message>${escapeXml(message)}</Message>\n  </Error>\n` +
      `  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`,
  };
}

/** STS's answer to a request that failed SigV4 verification. */
export function stsAuthError(failure: AuthFailure): XmlReply {
  return stsError(403, AUTH_CODES[failure.type] ?? failure.type, failure.message);
}

export function sendXml(res: ServerResponse, reply: XmlReply) {
  const requestId = /<RequestId>([^<]+)<\/RequestId>/.exec(reply.body)?.[1] ?? randomUUID();
  res.writeHead(reply.status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(reply.body),
    'x-amzn-requestid': requestId,
  });
  res.end(reply.body);
}

/** Constraint violations of AssumeRole's parameters, worded as STS words them. */
function validateAssumeRole(form: URLSearchParams, maxSessionDurationSeconds: number): string[] {
  const problems: string[] = [];
  const check = (name: string, member: string, ok: (v: string) => boolean, constraint: string, required = false) => {
    const value = form.get(name);
    if (value === null) {
      if (required) problems.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    } else if (!ok(value)) {
      problems.push(`Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
    }
  };
  check(
    'RoleArn',
    'roleArn',
    (v) => v.length >= 20 && v.length <= 2048,
    'Member must have length between 20 and 2048',
    true,
  );
  check(
    'RoleSessionName',
    'roleSessionName',
    (v) => /^[\w+=,.@-]{2,64}$/.test(v),
    'Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64',
    true,
  );
  check(
    'ExternalId',
    'externalId',
    (v) => /^[\w+=,.@:/-]{2,1224}$/.test(v),
    'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length between 2 and 1224',
  );
  check(
    'DurationSeconds',
    'durationSeconds',
    (v) => /^\d+$/.test(v) && Number(v) >= 900 && Number(v) <= 43200,
    'Member must have value between 900 and 43200',
  );
  const duration = form.get('DurationSeconds');
  if (problems.length === 0 && duration !== null && Number(duration) > maxSessionDurationSeconds) {
    return ['The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'];
  }
  return problems.length > 0 ? [`${problems.length} validation error(s) detected: ${problems.join('; ')}`] : [];
}

/** `arn:aws:iam::123456789012:role/path/Name` → partition, account and role name. */
function parseRoleArn(roleArn: string) {
  const parts = roleArn.split(':');
  const resource = parts.slice(5).join(':');
  return {
    partition: parts[1] ?? 'aws',
    account: parts[4] ?? '000000000000',
    name: resource.slice(resource.lastIndexOf('/') + 1),
  };
}

/**
 * The STS part of the simulator: AssumeRole over awsQuery for the configured roles, and the
 * temporary credentials it issued (which the Connect part accepts until they expire).
 */
export function createSts(roles: readonly SimulatedRole[], clock: () => number, historyLimit: number) {
  const issued = new Map<string, IssuedKey>();
  const calls: StsCall[] = [];

  /** The ARN of whoever signed with `accessKeyId`, as STS names the caller in AccessDenied. */
  const callerArn = (accessKeyId: string) => {
    const role = issued.get(accessKeyId)?.roleArn;
    if (!role) return 'arn:aws:iam::000000000000:user/connect-chat-gateway';
    const { partition, account, name } = parseRoleArn(role);
    return `arn:${partition}:sts::${account}:assumed-role/${name}/session`;
  };

  function assumeRole(
    form: URLSearchParams,
    callerKeyId: string,
  ): XmlReply & { issuedAccessKeyId?: string; error?: string } {
    const roleArn = form.get('RoleArn') ?? '';
    const role = roles.find((r) => r.roleArn === roleArn);
    const problems = validateAssumeRole(form, role?.maxSessionDurationSeconds ?? 3600);
    if (problems.length > 0) return { ...stsError(400, 'ValidationError', problems[0]!), error: 'ValidationError' };
    const externalId = form.get('ExternalId') ?? undefined;
    if (!role || (role.externalId !== undefined && role.externalId !== externalId)) {
      const message = `User: ${callerArn(callerKeyId)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
      return { ...stsError(403, 'AccessDenied', message), error: 'AccessDenied' };
    }
    const sessionName = form.get('RoleSessionName')!;
    const requested = Number(form.get('DurationSeconds') ?? 3600);
    const ttlSeconds = Math.min(requested, role.credentialsTtlSeconds ?? requested);
    // Expiration has whole seconds, as STS sends it.
    const now = clock();
    const expiresAt = Math.floor((now + ttlSeconds * 1000) / 1000) * 1000;
    const key: IssuedKey = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(120).toString('base64'),
      expiresAt,
      roleArn,
    };
    // Expired keys go first; past the limit, the oldest still valid ones too.
    for (const [id, old] of issued) if (old.expiresAt <= now) issued.delete(id);
    setBounded(issued, key.accessKeyId, key, historyLimit);
    const { partition, account, name } = parseRoleArn(roleArn);
    const roleId = `AROA${createHash('sha256').update(roleArn).digest('hex').slice(0, 17).toUpperCase()}`;
    const body =
      `<AssumeRoleResponse xmlns="${XMLNS}">\n  <AssumeRoleResult>\n` +
      `    <AssumedRoleUser>\n` +
      `      <AssumedRoleId>${roleId}:${escapeXml(sessionName)}</AssumedRoleId>\n` +
      `      <Arn>arn:${escapeXml(partition)}:sts::${escapeXml(account)}:assumed-role/${escapeXml(name)}/${escapeXml(sessionName)}</Arn>\n` +
      `    </AssumedRoleUser>\n` +
      `    <Credentials>\n` +
      `      <AccessKeyId>${key.accessKeyId}</AccessKeyId>\n` +
      `      <SecretAccessKey>${key.secretAccessKey}</SecretAccessKey>\n` +
      `      <SessionToken>${key.sessionToken}</SessionToken>\n` +
      `      <Expiration>${new Date(expiresAt).toISOString().replace('.000Z', 'Z')}</Expiration>\n` +
      `    </Credentials>\n` +
      `  </AssumeRoleResult>\n` +
      `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n` +
      `</AssumeRoleResponse>\n`;
    return { status: 200, body, issuedAccessKeyId: key.accessKeyId };
  }

  /** Answers an authenticated awsQuery request signed by `caller`. */
  function handle(body: string, caller: { accessKeyId: string; region: string }): XmlReply {
    const form = new URLSearchParams(body);
    const action = form.get('Action') ?? '';
    if (action !== 'AssumeRole' || form.get('Version') !== VERSION) {
      const reply = stsError(
        400,
        'InvalidAction',
        `Could not find operation ${action} for version ${form.get('Version')}`,
      );
      pushBounded(calls, { operation: action, ...caller, error: 'InvalidAction' }, historyLimit);
      return reply;
    }
    const outcome = assumeRole(form, caller.accessKeyId);
    const duration = form.get('DurationSeconds');
    pushBounded(
      calls,
      {
        operation: 'AssumeRole',
        ...caller,
        roleArn: form.get('RoleArn') ?? undefined,
        roleSessionName: form.get('RoleSessionName') ?? undefined,
        externalId: form.get('ExternalId') ?? undefined,
        durationSeconds: duration === null ? undefined : Number(duration),
        ...(outcome.issuedAccessKeyId ? { issuedAccessKeyId: outcome.issuedAccessKeyId } : {}),
        ...(outcome.error ? { error: outcome.error } : {}),
      },
      historyLimit,
    );
    return { status: outcome.status, body: outcome.body };
  }

  return { issued, calls, handle };
}
