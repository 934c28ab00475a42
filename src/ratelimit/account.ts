import { hash } from 'node:crypto';
import type { ConnectTarget, StaticCredentials } from '../chat/tenant.js';

/**
 * The AWS account whose StartChatContact quota a chat start spends, as far as the gateway can tell
 * without calling AWS:
 * - a role tenant: the account ID in the role's ARN (`arn:aws:iam::111122223333:role/…`): the
 *   instance lives in that account, whichever credentials assume the role;
 * - static credentials (the tenant's, or the gateway's own in simulator mode): `key-` and a
 *   SHA-256 prefix of the access key ID. An access key belongs to exactly one account, is stable
 *   across secret rotation and is no secret, but it is hashed so it appears neither in logs nor in
 *   Redis. Two keys of one account count as two accounts (each gets the full rate; Connect's own
 *   throttling and the SDK's retries cover the rest): learning the account would take an STS call;
 * - the default credential chain: `default`, one identity, so one account.
 */
export function accountOf(target: ConnectTarget, defaultCredentials?: StaticCredentials): string {
  if (target.role) {
    const account = target.role.roleArn.split(':')[4];
    return account && /^\d{12}$/.test(account) ? account : `role-${digest(target.role.roleArn)}`;
  }
  const credentials = target.credentials ?? defaultCredentials;
  return credentials ? `key-${digest(credentials.accessKeyId)}` : 'default';
}

/** The key of the Connect quota bucket: per account and region, as AWS counts it. */
export function connectQuotaKey(target: ConnectTarget, defaultCredentials?: StaticCredentials): string {
  return `${target.region}:${accountOf(target, defaultCredentials)}`;
}

const digest = (value: string) => hash('sha256', value, 'hex').slice(0, 16);
