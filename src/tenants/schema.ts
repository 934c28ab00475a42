import * as z from 'zod';
import { CHAT_CONTENT_TYPES } from '../chat/content-types.js';
import { ATTACHMENT_CONTENT_TYPES, attachmentLimits } from '../chat/conversation-input.js';
import { ATTRIBUTE_KEY_PATTERN, limits } from '../chat/limits.js';
import { CONNECT_REGIONS, regionMessage } from './regions.js';

/** A secret is never written in the file: it names the environment variable that holds it. */
const SecretRef = z
  .object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name') })
  .strict()
  .describe('Name of the environment variable holding the secret.');

const isOrigin = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
};

/**
 * An exact origin, or one whose leftmost host label is `*` (one label, never the bare domain),
 * under a domain of at least two labels: `https://*.example.com`, never `https://*.com`.
 */
const Origin = z
  .string()
  .refine(
    (value) =>
      value.includes('*')
        ? /^https?:\/\/\*\.[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/.test(value) && isOrigin(value.replace('*', 'x'))
        : isOrigin(value),
    'must be an origin such as "https://www.example.com" or "https://*.example.com" (scheme, host and port only, no trailing slash; a wildcard needs a domain of at least two labels)',
  );

const RoleArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    'must be an IAM role ARN such as "arn:aws:iam::123456789012:role/ConnectChat"',
  );

/** A Connect resource ID as the console shows it (a UUID), not its ARN. */
const ResourceId = z
  .string()
  .regex(
    /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/,
    'must be a Connect resource ID (a UUID, not an ARN)',
  );

const Availability = z
  .object({
    cacheSeconds: z
      .number()
      .int()
      .min(5)
      .max(3600)
      .default(30)
      .describe(
        "How long one answer of chatAvailability is shared by every caller of the tenant (Connect's metrics quota is per account).",
      ),
    refuseStartsWhenClosed: z
      .boolean()
      .default(false)
      .describe(
        'Refuse startChatContact with ChatClosedError, without calling Connect, while the hours say closed. Needs connect.hoursOfOperationId.',
      ),
  })
  .strict()
  .describe('Whether chat is open and how busy it is (chatAvailability).');

const ConnectTarget = z
  .object({
    region: z
      .enum(CONNECT_REGIONS, { error: (issue) => regionMessage(issue.input) })
      .describe('AWS region of the Connect instance: one where Amazon Connect runs.'),
    instanceId: z.string().min(1).max(100).describe('Connect instance ID (not the ARN).'),
    contactFlowId: z.string().min(1).max(500).describe('ID of the contact flow that handles the chat.'),
    credentials: z
      .object({ accessKeyId: SecretRef, secretAccessKey: SecretRef, sessionToken: SecretRef.optional() })
      .strict()
      .optional()
      .describe(
        'Static credentials for this tenant (with roleArn: the credentials that assume the role); omit to use the default AWS credential chain.',
      ),
    roleArn: RoleArn.optional().describe(
      "Cross-account tenants: a role in the tenant's account that the gateway assumes (STS AssumeRole) to call Connect.",
    ),
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters: letters, digits and +=,.@:/-')
      .optional()
      .describe("ExternalId sent with AssumeRole; the tenant's trust policy should require it. Needs roleArn."),
    queueId: ResourceId.optional().describe(
      'The chat queue (its ID) whose agents and waiting contacts chatAvailability reports (GetCurrentMetricData).',
    ),
    hoursOfOperationId: ResourceId.optional().describe(
      'The hours of operation (its ID) that say whether chat is open (GetEffectiveHoursOfOperations).',
    ),
  })
  .strict()
  .refine((c) => c.externalId === undefined || c.roleArn !== undefined, {
    path: ['externalId'],
    message: 'externalId needs roleArn',
  });

const Auth = z
  .object({
    required: z.boolean().default(false).describe('Refuse calls without a token (Authorization: Bearer <JWT>).'),
    issuer: z.string().min(1).describe('Expected "iss" claim.'),
    audience: z.string().min(1).describe('Expected "aud" claim.'),
    maxAgeSeconds: z
      .number()
      .int()
      .min(1)
      .max(86400 * 7)
      .optional()
      .describe('Refuse tokens whose "iat" is older than this.'),
    clockSkewSeconds: z.number().int().min(0).max(300).default(30).describe('Tolerance for exp, nbf and iat.'),
    secret: SecretRef.optional().describe('HS256: the shared secret (at least 32 bytes), from the environment.'),
    jwksUrl: z
      .url({ protocol: /^https?$/ })
      .refine((url) => {
        const { protocol, hostname } = new URL(url);
        return protocol === 'https:' || hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
      }, 'must be https (http only for loopback)')
      .optional()
      .describe("RS256/ES256: the URL of the tenant backend's JSON Web Key Set."),
    algorithms: z
      .array(z.enum(['RS256', 'ES256']))
      .min(1)
      .optional()
      .describe('Algorithms accepted from the JWKS. @default ["RS256", "ES256"]'),
  })
  .strict()
  .superRefine((auth, ctx) => {
    if ((auth.secret === undefined) === (auth.jwksUrl === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'set exactly one of "secret" (HS256) and "jwksUrl" (RS256/ES256)' });
    }
    if (auth.algorithms && !auth.jwksUrl) {
      ctx.addIssue({ code: 'custom', path: ['algorithms'], message: 'algorithms apply to jwksUrl only' });
    }
  })
  .describe("Caller authentication: a JWT signed by the tenant's own backend.");

/** A key an allow-list accepts: an exact name or a pattern where `*` matches any run of characters. */
const KeyPattern = z.string().min(1).max(128);

const AttributeKey = z
  .string()
  .min(limits.attributeKey.min)
  .max(128)
  .regex(ATTRIBUTE_KEY_PATTERN, 'attribute keys may contain only letters, digits, "_" and "-"');

const Attributes = z
  .object({
    allow: z
      .array(KeyPattern)
      .default([])
      .describe('Keys a client may send: exact names or patterns such as "utm_*" ("*" alone: any key).'),
    set: z
      .record(AttributeKey, z.string().max(limits.attributeValue.max))
      .default({})
      .describe('Attributes the server always sets; they win over claims and client values.'),
    fromClaims: z
      .record(AttributeKey, z.string().min(1).max(200))
      .default({})
      .describe('Attribute key → JWT claim name; the verified claim value wins over client values.'),
  })
  .strict()
  .describe('Attribute policy. Absent: any valid client attribute is accepted.');

const ContentTypes = z
  .array(z.enum(CHAT_CONTENT_TYPES))
  .min(1)
  .refine((types) => types.includes('TEXT_PLAIN'), 'must include TEXT_PLAIN')
  .refine((types) => new Set(types).size === types.length, 'must not repeat a type');

const Attachments = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Whether a customer may share files (the instance must allow them too).'),
    contentTypes: z
      .array(z.enum([...ATTACHMENT_CONTENT_TYPES] as [string, ...string[]]))
      .min(1)
      .refine((types) => new Set(types).size === types.length, 'must not repeat a type')
      .optional()
      .describe('MIME types a customer may upload, among those Connect accepts. Absent: all of them.'),
    maxSizeBytes: z
      .number()
      .int()
      .min(attachmentLimits.sizeBytes.min)
      .max(attachmentLimits.sizeBytes.max)
      .optional()
      .describe("The largest file a customer may upload, in bytes. Absent: Connect's 20 MB (20971520)."),
  })
  .strict()
  .describe("Attachment policy, within Connect's feature limits.");

const Duration = z.number().int().min(limits.chatDurationInMinutes.min).max(limits.chatDurationInMinutes.max);

const Chat = z
  .object({
    supportedContentTypes: ContentTypes.optional().describe(
      'Content types offered when the client names none; a client may name only these.',
    ),
    chatDurationInMinutes: z
      .object({
        default: Duration.optional().describe('Sent when the client gives no duration.'),
        max: Duration.optional().describe('Longest duration a client may ask for.'),
      })
      .strict()
      .refine((d) => d.default === undefined || d.max === undefined || d.default <= d.max, {
        path: ['default'],
        message: 'default must not exceed max',
      })
      .default({}),
    initialMessage: z.boolean().default(true).describe('Whether a client may send an initial message.'),
    persistentChat: z.boolean().default(true).describe('Whether a client may continue an earlier chat.'),
    relatedContacts: z.boolean().default(true).describe('Whether a client may relate the chat to another contact.'),
    messageContentTypes: ContentTypes.refine(
      (types) => !types.includes('INTERACTIVE'),
      'must not include INTERACTIVE (an agent template)',
    )
      .optional()
      .describe(
        'Content types a customer may send after the start. Absent: supportedContentTypes (or every type) less INTERACTIVE.',
      ),
    attachments: Attachments.default({ enabled: true }),
  })
  .strict()
  .describe("Chat policy, within Connect's limits.");

const Tenant = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1-63 lower-case letters, digits, "_" or "-"')
      .describe('Stable tenant ID, used in logs.'),
    name: z.string().min(1).max(200).optional().describe('Display name for operators.'),
    apiKeys: z
      .array(z.string().min(8, 'must be at least 8 characters').max(200))
      .min(1)
      .describe('Public keys that identify the tenant in the x-api-key header (like a widget ID, not a secret).'),
    allowedOrigins: z
      .array(Origin)
      .default([])
      .describe('Browser origins allowed to call for this tenant; requests without Origin are not browsers.'),
    connect: ConnectTarget,
    auth: Auth.optional(),
    attributes: Attributes.optional(),
    segmentAttributes: z
      .object({
        allow: z
          .array(KeyPattern)
          .default([])
          .describe('Segment attribute keys a client may send: exact names or patterns such as "connect:*".'),
      })
      .strict()
      .optional()
      .describe('Segment attribute policy. Absent: any valid client segment attribute is accepted.'),
    availability: Availability.default({ cacheSeconds: 30, refuseStartsWhenClosed: false }),
    chat: Chat.default({
      chatDurationInMinutes: {},
      initialMessage: true,
      persistentChat: true,
      relatedContacts: true,
      attachments: { enabled: true },
    }),
  })
  .strict()
  .refine((t) => !t.availability.refuseStartsWhenClosed || t.connect.hoursOfOperationId !== undefined, {
    path: ['availability', 'refuseStartsWhenClosed'],
    message: 'needs connect.hoursOfOperationId',
  });

/** The tenants file: `TENANTS_FILE`, described for editors by `tenants.schema.json`. */
export const TenantsFileSchema = z
  .object({
    $schema: z.string().optional(),
    tenants: z.array(Tenant).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    const keys = new Map<string, number>();
    file.tenants.forEach((tenant, index) => {
      if (ids.has(tenant.id)) {
        ctx.addIssue({ code: 'custom', path: ['tenants', index, 'id'], message: `duplicate tenant id "${tenant.id}"` });
      }
      ids.add(tenant.id);
      tenant.apiKeys.forEach((key, keyIndex) => {
        const owner = keys.get(key);
        if (owner !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['tenants', index, 'apiKeys', keyIndex],
            message: `API key already used by tenants[${owner}]`,
          });
        }
        keys.set(key, index);
      });
    });
  });

export type TenantsFile = z.output<typeof TenantsFileSchema>;
export type TenantConfig = TenantsFile['tenants'][number];
