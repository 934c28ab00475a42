import { readFileSync } from 'node:fs';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';

/** One subgraph to compose: its name and SDL. */
export interface SubgraphSource {
  readonly name: string;
  readonly sdl: string;
  /** Routing URL written into the supergraph. */
  readonly url?: string;
}

/** The sample supergraph the chat subgraph is checked against (`scripts/supergraph/*.graphql`). */
export const SAMPLE_SUBGRAPHS: readonly SubgraphSource[] = [
  { name: 'customers', sdl: readFileSync(new URL('./customers.graphql', import.meta.url), 'utf8') },
];

/** Composes subgraphs into a supergraph; errors are composition's own messages. */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): {
  readonly errors: readonly string[];
  readonly supergraphSdl?: string;
} {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, typeDefs: parse(s.sdl), ...(s.url ? { url: s.url } : {}) })),
  );
  if (compositionHasErrors(result)) return { errors: result.errors.map((e) => e.message) };
  return { errors: [], supergraphSdl: result.supergraphSdl };
}
