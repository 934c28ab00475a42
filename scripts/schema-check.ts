import { readFileSync } from 'node:fs';
import { composeSupergraph, SAMPLE_SUBGRAPHS } from './supergraph/compose.js';

/*
 * `npm run schema:check`: composes the committed schema.graphql (the chat subgraph) with the
 * sample supergraph and prints composition errors; exits 1 when there are any.
 */
const chat = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
const { errors } = composeSupergraph([{ name: 'chat', sdl: chat }, ...SAMPLE_SUBGRAPHS]);
if (errors.length > 0) {
  process.stderr.write(`Composition failed (${errors.length}):\n${errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`schema.graphql composes with ${SAMPLE_SUBGRAPHS.map((s) => s.name).join(', ')}\n`);
