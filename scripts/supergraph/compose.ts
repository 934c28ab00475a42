import { readFileSync } from 'node:fs';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { type DocumentNode, Kind, parse } from 'graphql';

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

/** Input fields and enum values a document defines, by type name. */
function inputsAndEnums(document: DocumentNode): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      members.set(`input ${definition.name.value}`, new Set(definition.fields?.map((f) => f.name.value)));
    } else if (definition.kind === Kind.ENUM_TYPE_DEFINITION) {
      members.set(`enum ${definition.name.value}`, new Set(definition.values?.map((v) => v.name.value)));
    }
  }
  return members;
}

/**
 * What the supergraph dropped from the subgraph's inputs and enums. Federation merges an input
 * type or an input enum defined by several subgraphs into the intersection of their fields and
 * values, with a hint at most: another team's `ResponseMode` could silently remove `COMPLETE`
 * from this API. This makes that loud.
 */
export function contractLosses(subgraphSdl: string, supergraphSdl: string): string[] {
  const ours = inputsAndEnums(parse(subgraphSdl));
  const composed = inputsAndEnums(parse(supergraphSdl));
  const losses: string[] = [];
  for (const [type, members] of ours) {
    const kept = composed.get(type) ?? new Set<string>();
    const lost = [...members].filter((m) => !kept.has(m));
    if (lost.length > 0) {
      losses.push(
        `${type} lost ${lost.join(', ')} in the supergraph: another subgraph defines ${type.split(' ')[1]} differently`,
      );
    }
  }
  return losses;
}
