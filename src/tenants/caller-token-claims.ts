/**
 * The claims the gateway reads from a verified caller token (`sub`, `attributes`,
 * `segmentAttributes`, `customerId`, `displayName`), checked against Connect's limits. Every
 * message is a fixed text: a message must never echo a claim value (nor a key, which is part of the value).
 */
import type { JWTPayload } from 'jose';
import * as z from 'zod';
import type { SegmentAttributeValue } from '../chat/command.js';
import { MAX_INPUT_DEPTH, nestsDeeperThan } from '../chat/input-depth.js';
import { ATTRIBUTE_KEY_PATTERN, limits } from '../chat/limits.js';
import { CallerTokenError } from './caller-token-errors.js';

/** A caller whose token verified: who it is and what its tenant's backend vouches for. */
export interface VerifiedCaller {
  /** The `sub` claim. */
  readonly subject?: string;
  /** The whole verified payload (deeply frozen), for attribute-from-claim mapping. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The `attributes` claim, within Connect's limits. */
  readonly attributes?: Record<string, string>;
  /** The `segmentAttributes` claim, within Connect's limits. */
  readonly segmentAttributes?: Record<string, SegmentAttributeValue>;
  /** The `customerId` claim, within Connect's limits. */
  readonly customerId?: string;
  /** The `displayName` claim, within Connect's limits. */
  readonly displayName?: string;
}

const { attributeKey, attributeValue, attributesTotalBytes } = limits;
const { segmentAttributeKey, segmentAttributeString, customerId, displayName } = limits;
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const byteLength = (value: string) => Buffer.byteLength(value, 'utf8');
/**
 * Connect counts string lengths in UTF-16 code units (JavaScript's `.length`); zod's `.max()`
 * counts code points, under which an emoji counts once instead of twice. docs/connect-limits.md.
 */
const atMostUnits = (max: number) => (value: string) => value.length <= max;

const AttributesClaim = z
  .record(
    z
      .string()
      .min(attributeKey.min)
      .refine(atMostUnits(attributeKey.max))
      .regex(ATTRIBUTE_KEY_PATTERN, { error: 'an attribute key is not valid' }),
    z.string({ error: 'attribute values must be strings' }).refine(atMostUnits(attributeValue.max), {
      error: `attribute values must be at most ${attributeValue.max} characters`,
    }),
    {
      error: (issue) =>
        issue.code === 'invalid_key'
          ? `attribute keys must be ${attributeKey.min} to ${attributeKey.max} characters of A-Z, a-z, 0-9, "_" and "-"`
          : 'it must be an object of string values',
    },
  )
  .refine(
    (attributes) =>
      Object.entries(attributes).reduce((sum, [key, value]) => sum + byteLength(key) + byteLength(value), 0) <=
      attributesTotalBytes,
    { error: `attributes must total at most ${attributesTotalBytes} bytes (UTF-8)` },
  );

const SegmentAttributeKey = z.string().min(segmentAttributeKey.min).refine(atMostUnits(segmentAttributeKey.max));
const segmentKeyError = (issue: { code: string }) =>
  issue.code === 'invalid_key'
    ? `segment attribute keys must be ${segmentAttributeKey.min} to ${segmentAttributeKey.max} characters`
    : 'segment attributes must be an object of values';

const SegmentAttributeValueClaim: z.ZodType<SegmentAttributeValue> = z.lazy(() =>
  z
    .strictObject(
      {
        valueString: z
          .string({ error: 'valueString must be a string' })
          .refine(atMostUnits(segmentAttributeString.max), {
            error: `valueString must be at most ${segmentAttributeString.max} characters`,
          })
          .optional(),
        valueInteger: z
          .number({ error: 'valueInteger must be an integer' })
          .int({ error: 'valueInteger must be an integer' })
          .min(INT32.min, { error: 'valueInteger must be a 32-bit integer' })
          .max(INT32.max, { error: 'valueInteger must be a 32-bit integer' })
          .optional(),
        valueMap: z.record(SegmentAttributeKey, SegmentAttributeValueClaim, { error: segmentKeyError }).optional(),
      },
      { error: 'a segment attribute value must be an object with valueString, valueInteger or valueMap' },
    )
    .refine((value) => Object.keys(value).length === 1, {
      error: 'a segment attribute value must set exactly one of valueString, valueInteger or valueMap',
    }),
);

const claimSchemas = {
  sub: z.string({ error: 'it must be a string' }),
  attributes: AttributesClaim,
  segmentAttributes: z.record(SegmentAttributeKey, SegmentAttributeValueClaim, { error: segmentKeyError }),
  customerId: z
    .string({ error: 'it must be a string' })
    .min(customerId.min, { error: `it must be ${customerId.min} to ${customerId.max} characters` })
    .refine(atMostUnits(customerId.max), { error: `it must be ${customerId.min} to ${customerId.max} characters` }),
  displayName: z
    .string({ error: 'it must be a string' })
    .min(displayName.min, { error: `it must be ${displayName.min} to ${displayName.max} characters` })
    .refine(atMostUnits(displayName.max), {
      error: `it must be ${displayName.min} to ${displayName.max} characters`,
    })
    .refine((name) => name.trim().length > 0, { error: 'it must not be blank' }),
} as const;

type ClaimName = keyof typeof claimSchemas;
type ClaimValues = { [K in ClaimName]?: z.output<(typeof claimSchemas)[K]> };

/**
 * The caller a verified payload vouches for: the claims the gateway reads, each checked against
 * Connect's limits, and the whole payload deeply frozen. Throws a `TOKEN_CLAIMS_INVALID`
 * {@link CallerTokenError} naming the first claim out of bounds.
 */
export function verifiedCallerOf(payload: JWTPayload): VerifiedCaller {
  // zod, structuredClone and deepFreeze below all recurse: a payload nested deeper than the gateway
  // accepts from any client is refused before they run (a 16 KiB token can nest thousands deep).
  // The payload is level 1; no claim is named (an unknown claim's name is the token's data).
  if (nestsDeeperThan(payload, MAX_INPUT_DEPTH)) {
    throw new CallerTokenError('TOKEN_CLAIMS_INVALID', { detail: `they nest deeper than ${MAX_INPUT_DEPTH} levels` });
  }
  const values: ClaimValues = {};
  for (const name of Object.keys(claimSchemas) as ClaimName[]) {
    if (!Object.hasOwn(payload, name)) continue;
    const result = claimSchemas[name].safeParse(payload[name]);
    if (!result.success) {
      throw new CallerTokenError('TOKEN_CLAIMS_INVALID', {
        claim: name,
        detail: result.error.issues[0]?.message ?? 'it has the wrong shape',
        cause: result.error,
      });
    }
    (values as Record<ClaimName, unknown>)[name] = result.data;
  }
  return {
    ...(values.sub !== undefined && { subject: values.sub }),
    claims: deepFreeze(structuredClone(payload)),
    ...(values.attributes !== undefined && { attributes: values.attributes }),
    ...(values.segmentAttributes !== undefined && { segmentAttributes: values.segmentAttributes }),
    ...(values.customerId !== undefined && { customerId: values.customerId }),
    ...(values.displayName !== undefined && { displayName: values.displayName }),
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
