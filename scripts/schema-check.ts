import { readFileSync } from 'node:fs';
import { composeSupergraph, SAMPLE_SUBGRAPHS } from './supergraph/compose.js';

/*
 * `npm run schema:check [-- file.graphql]`: composes the committed schema.graphql (or the given
 * subgraph SDL) as the chat subgraph with the sample supergraph and prints composition errors;
 * exits 1 when there are any.
 */
const file = process.argv[2] ?? new URL('../schema.graphql', import.meta.url);
const chat = readFileSync(file, 'utf8');
const { errors } = composeSupergraph([{ name: 'chat', sdl: chat }, ...SAMPLE_SUBGRAPHS]);
if (errors.length > 0) {
  process.stderr.write(`Composition failed (${errors.length}):\n${errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`schema.graphql composes with ${SAMPLE_SUBGRAPHS.map((s) => s.name).join(', ')}\n`);
