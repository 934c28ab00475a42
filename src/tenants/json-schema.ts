import * as z from 'zod';
import { TenantsFileSchema } from './schema.js';

/** The JSON Schema of the tenants file, generated from the zod schema (`tenants.schema.json`). */
export function tenantsJsonSchema(): string {
  const schema = z.toJSONSchema(TenantsFileSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'Connect chat gateway tenants file' }, null, 2)}\n`;
}
