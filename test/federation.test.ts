import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, contractLosses, SAMPLE_SUBGRAPHS } from '../scripts/supergraph/compose.js';
import { builder } from '../src/schema/builder.js';
import { createSchema, FEDERATION_DIRECTIVES, FEDERATION_SPEC_URL } from '../src/schema/index.js';
import { printSchemaSDL } from '../src/schema/print.js';

const chat = { name: 'chat', sdl: readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8') };
const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])';

describe('the subgraph schema', () => {
  it('links the federation directives it uses: FEDERATION_DIRECTIVES is what the plugin would find itself', () => {
    const linkOf = (sdl: string) => /@link\(url: "[^"]+", import: \[[^\]]*\]\)/.exec(sdl)?.[0];
    // Without the list the plugin builds the schema once more to find the directives it uses.
    const found = builder.toSubGraphSchema({ linkUrl: FEDERATION_SPEC_URL, sortSchema: false });
    const linked = linkOf(printSchemaSDL(createSchema()));
    expect(linked).toBe(linkOf(printSchemaSDL(found)));
    expect(linked).toContain(JSON.stringify(FEDERATION_DIRECTIVES).replaceAll(',', ', '));
  });
});

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

describe('inputs and enums another subgraph would shrink', () => {
  it.each([
    [
      'ResponseMode',
      `${link}\ntype Query { x(mode: ResponseMode): Int }\nenum ResponseMode { INCREMENTAL STREAMING }`,
      /enum ResponseMode lost COMPLETE/,
    ],
    [
      'PersistentChatInput',
      `${link}\ntype Query { y(p: PersistentChatInput): Int }\ninput PersistentChatInput { sourceContactId: String }`,
      /input PersistentChatInput lost rehydrationType/,
    ],
  ])('composes silently, and the contract check names what %s lost', (_name, sdl, loss) => {
    const { errors, supergraphSdl } = composeSupergraph([chat, ...SAMPLE_SUBGRAPHS, { name: 'other', sdl }]);
    expect(errors).toEqual([]);
    expect(contractLosses(chat.sdl, supergraphSdl ?? '').join('\n')).toMatch(loss);
  });

  it('finds no loss in the sample supergraph', () => {
    const { supergraphSdl } = composeSupergraph([chat, ...SAMPLE_SUBGRAPHS]);
    expect(contractLosses(chat.sdl, supergraphSdl ?? '')).toEqual([]);
  });
});

describe('npm run schema:check', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/schema-check.ts', ...args], { encoding: 'utf8' });

  it('passes for the committed schema.graphql', () => {
    const result = run();
    expect([result.status, result.stdout]).toEqual([0, 'schema.graphql composes with customers\n']);
  });

  it('prints the composition errors and exits 1 for a subgraph that does not compose', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
    try {
      const broken = join(dir, 'chat.graphql');
      // ChatContact without the key the sample subgraph references.
      writeFileSync(broken, chat.sdl.replace('@key(fields: "contactId")', ''));
      const result = run('--chat', broken);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/Composition failed[\s\S]*ChatContact/);

      const shrinking = join(dir, 'orders.graphql');
      writeFileSync(shrinking, `${link}\ntype Query { z(m: ResponseMode): Int }\nenum ResponseMode { INCREMENTAL }`);
      const shrunk = run(shrinking);
      expect(shrunk.status).toBe(1);
      expect(shrunk.stderr).toMatch(/The supergraph changes the chat API[\s\S]*enum ResponseMode lost COMPLETE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
