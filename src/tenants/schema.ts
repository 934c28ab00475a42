import { z } from 'zod';

/** A secret is never written in the file: it names the environment variable that holds it. */
const SecretRef = z
  .object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name') })
  .strict()
  .describe('Name of the environment variable holding the secret.');

const Origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}, 'must be an origin such as "https://www.example.com" (scheme, host and port only, no trailing slash)');

const ConnectTarget = z
  .object({
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as "us-east-1"')
      .describe('AWS region of the Connect instance.'),
    instanceId: z.string().min(1).max(100).describe('Connect instance ID (not the ARN).'),
    contactFlowId: z.string().min(1).max(500).describe('ID of the contact flow that handles the chat.'),
    credentials: z
      .object({ accessKeyId: SecretRef, secretAccessKey: SecretRef, sessionToken: SecretRef.optional() })
      .strict()
      .optional()
      .describe('Static credentials for this tenant; omit to use the default AWS credential chain.'),
  })
  .strict();

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
  })
  .strict();

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
