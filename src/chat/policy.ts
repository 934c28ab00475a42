import { hash } from 'node:crypto';
import type { ChatRequest, SegmentAttributeValue, StartChatCommand, TrustedClaims } from './command.js';
import type { ChatContentType } from './content-types.js';
import { type FieldError, InvalidInputError } from './errors.js';
import { keyMatcher } from './key-patterns.js';
import { limits } from './limits.js';
import type { TenantPolicy } from './tenant.js';

const matchers = new WeakMap<readonly string[], (key: string) => boolean>();

/** Allow-lists are compiled once per tenant snapshot, not per request. */
function allows(patterns: readonly string[], key: string): boolean {
  let match = matchers.get(patterns);
  if (!match) {
    match = keyMatcher(patterns);
    matchers.set(patterns, match);
  }
  return match(key);
}

const describeAllowed = (patterns: readonly string[]) =>
  patterns.length === 0 ? 'none may be set by the client' : `allowed: ${patterns.join(', ')}`;

const byteLength = (value: string) => Buffer.byteLength(value, 'utf8');

/** A claim usable as an attribute value: strings as they are, numbers and booleans as text. */
function claimText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function mergeAttributes(
  request: ChatRequest,
  policy: TenantPolicy,
  claims: TrustedClaims | undefined,
  errors: FieldError[],
): Record<string, string> | undefined {
  const rules = policy.attributes;
  request.attributes?.forEach((attribute, index) => {
    const path = ['input', 'attributes', String(index), 'key'];
    // Keys the server produces are never the client's, even when a pattern would allow them:
    // otherwise a missing claim would let the client supply the "verified" value.
    if (rules && (Object.hasOwn(rules.set, attribute.key) || Object.hasOwn(rules.fromClaims, attribute.key))) {
      errors.push({ path, message: `Attribute "${attribute.key}" is set by the server for this tenant.` });
    } else if (rules && !allows(rules.allow, attribute.key)) {
      errors.push({
        path,
        message: `Attribute "${attribute.key}" may not be set by the client for this tenant (${describeAllowed(rules.allow)}).`,
      });
    }
  });
  // Precedence, lowest first: client, the token's `attributes` claim, `fromClaims`, `set`.
  // A prototype-less map, so a key such as "__proto__" is data, not a prototype.
  const merged: Record<string, string> = Object.create(null);
  for (const { key, value } of request.attributes ?? []) merged[key] = value;
  Object.assign(merged, claims?.attributes);
  for (const [key, claim] of Object.entries(rules?.fromClaims ?? {})) {
    const value = claims && Object.hasOwn(claims.claims, claim) ? claimText(claims.claims[claim]) : undefined;
    if (value !== undefined) merged[key] = value;
  }
  Object.assign(merged, rules?.set);

  const keys = Object.keys(merged);
  if (keys.length === 0) return request.attributes ? {} : undefined;
  const total = keys.reduce((sum, key) => sum + byteLength(key) + byteLength(merged[key] ?? ''), 0);
  if (total > limits.attributesTotalBytes) {
    errors.push({
      path: ['input', 'attributes'],
      message: `Attributes must total at most ${limits.attributesTotalBytes} bytes (UTF-8) including the ones the tenant adds; these total ${total}.`,
    });
  }
  const tooLong = keys.find((key) => (merged[key]?.length ?? 0) > limits.attributeValue.max);
  if (tooLong) {
    errors.push({
      path: ['input', 'attributes'],
      message: `Attribute "${tooLong}" must be at most ${limits.attributeValue.max} characters.`,
    });
  }
  return merged;
}

function mergeSegmentAttributes(
  request: ChatRequest,
  policy: TenantPolicy,
  claims: TrustedClaims | undefined,
  errors: FieldError[],
): Record<string, SegmentAttributeValue> | undefined {
  const rules = policy.segmentAttributes;
  request.segmentAttributes?.forEach((attribute, index) => {
    if (rules && !allows(rules.allow, attribute.key)) {
      errors.push({
        path: ['input', 'segmentAttributes', String(index), 'key'],
        message: `Segment attribute "${attribute.key}" may not be set by the client for this tenant (${describeAllowed(rules.allow)}).`,
      });
    }
  });
  if (!request.segmentAttributes && !claims?.segmentAttributes) return undefined;
  const merged: Record<string, SegmentAttributeValue> = Object.create(null);
  for (const { key, value } of request.segmentAttributes ?? []) merged[key] = value;
  return Object.assign(merged, claims?.segmentAttributes);
}

function chooseContentTypes(
  request: ChatRequest,
  policy: TenantPolicy,
  errors: FieldError[],
): readonly ChatContentType[] | undefined {
  const offered = policy.chat.supportedContentTypes;
  if (!request.supportedContentTypes) return offered;
  if (offered) {
    request.supportedContentTypes.forEach((type, index) => {
      if (!offered.includes(type)) {
        errors.push({
          path: ['input', 'supportedMessagingContentTypes', String(index)],
          message: `Content type ${type} is not offered by this tenant (offered: ${offered.join(', ')}).`,
        });
      }
    });
  }
  return request.supportedContentTypes;
}

function chooseDuration(request: ChatRequest, policy: TenantPolicy, errors: FieldError[]): number | undefined {
  const { max, default: preferred } = policy.chat.chatDurationInMinutes;
  const asked = request.chatDurationInMinutes;
  if (asked === undefined) {
    // Connect's own default (1500) would break a lower tenant maximum: send the maximum instead.
    return preferred ?? (max !== undefined && max < limits.chatDurationInMinutes.default ? max : undefined);
  }
  if (max !== undefined && asked > max) {
    errors.push({
      path: ['input', 'chatDurationInMinutes'],
      message: `Chat duration must be at most ${max} minutes for this tenant.`,
    });
  }
  return asked;
}

/**
 * For a tenant that authenticates callers, the Customer Profiles ID is identity: it comes from the
 * verified token only, or a client could open another customer's profile for the agent.
 */
function checkCustomerId(request: ChatRequest, authenticated: boolean, errors: FieldError[]) {
  if (authenticated && request.customerId !== undefined) {
    errors.push({
      path: ['input', 'customerId'],
      message: "This tenant takes the customer ID from the caller's token, not from the client.",
    });
  }
}

function checkFeatures(request: ChatRequest, policy: TenantPolicy, errors: FieldError[]) {
  const refuse = (field: string, what: string) =>
    errors.push({ path: ['input', field], message: `This tenant does not allow ${what}.` });
  if (request.initialMessage && !policy.chat.initialMessage) refuse('initialMessage', 'an initial message');
  if (request.persistentChat && !policy.chat.persistentChat) refuse('persistentChat', 'persistent chats');
  if (request.relatedContactId !== undefined && !policy.chat.relatedContacts) {
    refuse('relatedContactId', 'relating a chat to another contact');
  }
}

const GUIDE_CONTENT_TYPES = ['INTERACTIVE', 'INTERACTIVE_RESPONSE'] as const;

/** Connect refuses a guide chat that cannot show interactive messages; checked on the merged result. */
function checkGuide(command: StartChatCommand, errors: FieldError[]) {
  if (command.segmentAttributes?.['connect:Subtype']?.valueString !== 'connect:Guide') return;
  const types = command.supportedContentTypes ?? [];
  const missing = GUIDE_CONTENT_TYPES.filter((t) => !types.includes(t));
  if (missing.length > 0) {
    errors.push({
      path: ['input', 'supportedMessagingContentTypes'],
      message: `A chat with connect:Subtype = connect:Guide must support ${missing.join(' and ')}.`,
    });
  }
}

/**
 * Server-side idempotency token: scoped to the tenant and, when known, the end user, so that two
 * callers who happen to send the same token never share a contact (and its participant token).
 */
export function scopedClientToken(tenantId: string, subject: string | undefined, token: string | undefined) {
  if (token === undefined) return undefined;
  return hash('sha256', `${tenantId}\u0000${subject ?? ''}\u0000${token}`, 'hex');
}

/**
 * Applies a tenant's policy and the caller's verified claims to a request: refuses what the
 * tenant does not allow (every problem at once, each naming its field), fills the tenant's
 * defaults, and merges server values over client values. The result is what Connect receives.
 */
export function applyTenantPolicy(
  tenant: { readonly id: string; readonly policy: TenantPolicy; readonly auth?: unknown },
  request: ChatRequest,
  claims?: TrustedClaims,
): StartChatCommand {
  const { policy } = tenant;
  const errors: FieldError[] = [];
  checkFeatures(request, policy, errors);
  const attributes = mergeAttributes(request, policy, claims, errors);
  const segmentAttributes = mergeSegmentAttributes(request, policy, claims, errors);
  const supportedContentTypes = chooseContentTypes(request, policy, errors);
  const chatDurationInMinutes = chooseDuration(request, policy, errors);
  checkCustomerId(request, tenant.auth !== undefined, errors);
  const command: StartChatCommand = {
    ...request,
    displayName: claims?.displayName ?? request.displayName,
    customerId: tenant.auth !== undefined ? claims?.customerId : request.customerId,
    attributes,
    segmentAttributes,
    supportedContentTypes,
    chatDurationInMinutes,
    clientToken: scopedClientToken(tenant.id, claims?.subject, request.clientToken),
  };
  checkGuide(command, errors);
  if (errors.length > 0) throw new InvalidInputError(errors);
  return command;
}
