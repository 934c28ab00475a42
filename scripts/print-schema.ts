import { writeFileSync } from 'node:fs';
import { createSchema } from '../src/schema/index.js';
import { printSchemaSDL } from '../src/schema/print.js';

/* `npm run schema:print`: writes schema.graphql with the one printer the drift test uses. */
writeFileSync(new URL('../schema.graphql', import.meta.url), printSchemaSDL(createSchema()));
process.stdout.write('schema.graphql written\n');
