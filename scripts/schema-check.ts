import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { composeSupergraph, contractLosses, SAMPLE_SUBGRAPHS, type SubgraphSource } from './supergraph/compose.js';

/*
 * `npm run schema:check [-- [--chat chat.graphql] [other-subgraph.graphql ...]]`: composes the
 * committed schema.graphql (or --chat) as the chat subgraph with the sample supergraph and any
 * other subgraph SDL files given (for example your real ones), prints composition errors and any
 * input field or enum value of the chat API that the composition dropped; exits 1 on either.
 */
const args = process.argv.slice(2);
const chatIndex = args.indexOf('--chat');
const chatFile = chatIndex >= 0 ? args.splice(chatIndex, 2)[1] : undefined;
const chat = readFileSync(chatFile ?? new URL('../schema.graphql', import.meta.url), 'utf8');
const others: SubgraphSource[] = args.map((file) => ({
  name: basename(file).replace(/\.graphqls?$/, ''),
  sdl: readFileSync(file, 'utf8'),
}));
const subgraphs = [{ name: 'chat', sdl: chat }, ...SAMPLE_SUBGRAPHS, ...others];
const { errors, supergraphSdl } = composeSupergraph(subgraphs);
const problems = supergraphSdl ? contractLosses(chat, supergraphSdl) : errors;
if (problems.length > 0) {
  const what = supergraphSdl ? 'The supergraph changes the chat API' : 'Composition failed';
  process.stderr.write(`${what} (${problems.length}):\n${problems.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `schema.graphql composes with ${subgraphs
    .slice(1)
    .map((s) => s.name)
    .join(', ')}\n`,
);
