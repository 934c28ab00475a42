import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, SAMPLE_SUBGRAPHS } from '../scripts/supergraph/compose.js';

const chat = { name: 'chat', sdl: readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8') };
const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])';

describe('composition with @theguild/federation-composition', () => {
  it('composes the committed subgraph SDL with the sample Customer subgraph', () => {
    const { errors, supergraphSdl } = composeSupergraph([chat, ...SAMPLE_SUBGRAPHS]);
    expect(errors).toEqual([]);
    expect(supergraphSdl).toMatch(/type ChatContact[\s\S]*@join__type\(graph: CHAT, key: "contactId"\)/);
    expect(supergraphSdl).toMatch(/recentChats: \[ChatContact\]!/);
  });

  it.each([
    [
      'another subgraph defines FieldError differently',
      `${link}\ntype Query { orders: [FieldError!]! }\ntype FieldError { field: String! code: Int! }`,
      /FieldError/,
    ],
    [
      'another subgraph resolves a ChatContact field with another type',
      `${link}\ntype Query { chats: [ChatContact!]! }\ntype ChatContact @key(fields: "contactId") { contactId: ID! state: Int }`,
      /state/,
    ],
    [
      'another subgraph also defines the chatSettings root field',
      `${link}\ntype Query { chatSettings: String }`,
      /chatSettings/,
    ],
  ])('fails loudly when %s', (_case, sdl, mentions) => {
    const { errors } = composeSupergraph([chat, ...SAMPLE_SUBGRAPHS, { name: 'other', sdl }]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(mentions);
  });
});
