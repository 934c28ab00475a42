import { writeFileSync } from 'node:fs';
import { tenantsJsonSchema } from '../src/tenants/json-schema.js';

/* `npm run tenants:schema`: writes tenants.schema.json from the zod schema (drift-tested). */
writeFileSync(new URL('../tenants.schema.json', import.meta.url), tenantsJsonSchema());
process.stdout.write('tenants.schema.json written\n');
