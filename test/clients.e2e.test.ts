import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { generate } from '@graphql-codegen/cli';
import { preset as clientPreset } from '@graphql-codegen/client-preset';
import { Client, fetchExchange } from '@urql/core';
import { Kind, parse } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import introspection from '../clients/possible-types.js';
import type { StartChatContactInput, StartChatMutation } from './generated/clients/graphql.js';
import { graphql } from './generated/clients/index.js';
import { type ListeningGateway, startListeningGateway } from './helpers/listening-gateway.js';

/**
 * docs/clients.md, run: Apollo Client 4, urql 6 and graphql-request 7 against the gateway as
 * `npm start` wires it (listening on 127.0.0.1, the Connect simulator behind it, the example's
 * tenants file). Every ```ts block of the page is made of lines of this file (checked below), so a
 * snippet that stops working fails here. The documents are typed by codegen (codegen.ts:
 * test/generated/clients/, the configuration the page shows).
 */

const TENANTS = JSON.parse(readFileSync(new URL('../tenants.example.json', import.meta.url), 'utf8'));
const DOCS = new URL('../docs/clients.md', import.meta.url);
const API_KEY = 'demo-public-key';
let GATEWAY_URL: string;

const StartChat = graphql(`
  mutation StartChat($input: StartChatContactInput!) {
    startChatContact(input: $input) {
      __typename
      ... on StartChatContactPayload { contactId participantId participantToken region }
      ... on ChatError { code message }
      ... on InvalidInputError { fieldErrors { path message } }
      ... on RateLimitedError { retryAfterSeconds }
      ... on ChatCapacityExceededError { capacityRetryAfterSeconds: retryAfterSeconds }
      ... on ChatUnavailableError { requestId }
    }
  }
`);
const ChatSettings = graphql(`
  query ChatSettings {
    chatSettings { region displayNameMaxLength initialMessageAllowed supportedContentTypes }
  }
`);

/** What the page shows for each member of the result union. */
function outcome(result: StartChatMutation['startChatContact']) {
  switch (result.__typename) {
    case 'StartChatContactPayload': // contactId, participantId, participantToken, region: for amazon-connect-chatjs
      return { chat: result };
    case 'InvalidInputError': // every broken rule, with the path of its field
      return { message: result.message, fields: result.fieldErrors.map((e) => [e.path.join('.'), e.message]) };
    case 'RateLimitedError':
      return { message: result.message, retryAfterSeconds: result.retryAfterSeconds };
    case 'ChatCapacityExceededError':
      return { message: result.message, retryAfterSeconds: result.capacityRetryAfterSeconds };
    case 'ChatUnavailableError': // quote requestId to support
      return { message: result.message, requestId: result.requestId };
  }
}

const INVALID = {
  __typename: 'InvalidInputError',
  code: 'INVALID_INPUT',
  message: 'The input is invalid: Display name must not be empty.',
  fieldErrors: [{ path: ['input', 'participantDetails', 'displayName'], message: 'Display name must not be empty.' }],
};
/** As Apollo Client returns it: it adds `__typename` to every selection (urql and graphql-request do not). */
const INVALID_IN_APOLLO = {
  ...INVALID,
  fieldErrors: INVALID.fieldErrors.map((error) => ({ __typename: 'FieldError', ...error })),
};

let gateway: ListeningGateway;
beforeAll(async () => {
  gateway = await startListeningGateway({ tenants: TENANTS });
  GATEWAY_URL = gateway.url;
});
afterAll(() => gateway?.close());
afterEach(() => {
  gateway.simulator.faults.clear();
  vi.restoreAllMocks();
});

describe('Apollo Client 4 with InMemoryCache', () => {
  /** The page's client, with the shipped possibleTypes. */
  function apollo() {
    const client = new ApolloClient({
      link: new HttpLink({ uri: GATEWAY_URL, headers: { 'x-api-key': API_KEY } }),
      cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
    });
    return client;
  }

  it('keeps code, message and fieldErrors of an InvalidInputError (the cache knows ChatError through possibleTypes)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const started = gateway.simulator.count();
    const client = apollo();
    const input: StartChatContactInput = { participantDetails: { displayName: '' } };
    const { data } = await client.mutate({ mutation: StartChat, variables: { input } });
    const result = data!.startChatContact;

    expect(result).toEqual(INVALID_IN_APOLLO);
    expect(outcome(result)).toEqual({
      message: 'The input is invalid: Display name must not be empty.',
      fields: [['input.participantDetails.displayName', 'Display name must not be empty.']],
    });
    expect(warn).not.toHaveBeenCalled();
    expect(gateway.simulator.count()).toBe(started); // refused before Connect
  });

  it('drops them WITHOUT possibleTypes (the defect outside testers found), with a warning in development builds only', async () => {
    // Vitest resolves Apollo's "development" build; a production bundle or plain `node` says nothing.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = new ApolloClient({
      link: new HttpLink({ uri: GATEWAY_URL, headers: { 'x-api-key': API_KEY } }),
      cache: new InMemoryCache(),
    });
    const { data } = await client.mutate({
      mutation: StartChat,
      variables: { input: { participantDetails: { displayName: '' } } },
    });
    // `code` and `message` (`... on ChatError`) are gone; only the fragment on the concrete type survives.
    expect(data!.startChatContact).toEqual({
      __typename: 'InvalidInputError',
      fieldErrors: INVALID_IN_APOLLO.fieldErrors,
    });
    expect(warn.mock.calls.map((args) => format(...args)).join('\n')).toMatch(
      /Cannot match inline fragment on `ChatError` against `InvalidInputError`.*possibleTypes/,
    );
  });

  it('starts a chat: the payload for amazon-connect-chatjs', async () => {
    const started = gateway.simulator.count();
    const client = apollo();
    const input: StartChatContactInput = { participantDetails: { displayName: 'Ada' }, clientToken: 'apollo-1' };
    const { data } = await client.mutate({ mutation: StartChat, variables: { input } });
    const result = data!.startChatContact;

    expect(result).toEqual({
      __typename: 'StartChatContactPayload',
      contactId: expect.any(String),
      participantId: expect.any(String),
      participantToken: expect.any(String),
      region: 'us-east-1',
    });
    expect(outcome(result)).toEqual({ chat: result });
    expect(gateway.simulator.count()).toBe(started + 1);
  });

  it.each([
    ['throttle', { __typename: 'RateLimitedError', code: 'RATE_LIMITED' }, { retryAfterSeconds: expect.any(Number) }],
    [
      'chatLimit',
      { __typename: 'ChatCapacityExceededError', code: 'CHAT_CAPACITY_EXCEEDED' },
      { retryAfterSeconds: null },
    ],
    [
      'serverError',
      { __typename: 'ChatUnavailableError', code: 'CHAT_UNAVAILABLE' },
      { requestId: expect.any(String) },
    ],
  ] as const)('maps Connect answering %s to a union member with its code and message', async (fault, member, extra) => {
    gateway.simulator.faults.inject(fault);
    const client = apollo();
    const input: StartChatContactInput = { participantDetails: { displayName: 'Ada' } };
    const { data } = await client.mutate({ mutation: StartChat, variables: { input } });
    const result = data!.startChatContact;

    expect(result).toMatchObject(member);
    expect(outcome(result)).toEqual({ message: expect.stringMatching(/\S/), ...extra });
  });

  it('reads chatSettings', async () => {
    const client = apollo();
    const { data } = await client.query({ query: ChatSettings });
    expect(data?.chatSettings).toMatchObject({ region: 'us-east-1', displayNameMaxLength: 256 });
  });

  it('rejects a request error as CombinedGraphQLErrors with extensions.code and reason', async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: GATEWAY_URL, headers: { 'x-api-key': 'not-a-key' } }),
      cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
    });
    const failure = await client.query({ query: ChatSettings }).catch((error: unknown) => error);
    expect(CombinedGraphQLErrors.is(failure)).toBe(true);
    if (CombinedGraphQLErrors.is(failure)) {
      const { code, reason } = failure.errors[0]?.extensions ?? {}; // 'UNAUTHENTICATED', 'API_KEY_UNKNOWN'
      expect({ code, reason }).toEqual({ code: 'UNAUTHENTICATED', reason: 'API_KEY_UNKNOWN' });
    }
  });
});

describe('urql 6', () => {
  it('reads chatSettings (a GET, the key in a header) and returns a union error with its fields', async () => {
    const methods: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      methods.push(init?.method ?? 'GET');
      return fetch(input, init);
    };
    const urql = new Client({
      url: GATEWAY_URL,
      exchanges: [fetchExchange],
      fetchOptions: { headers: { 'x-api-key': API_KEY } },
      fetch: recordingFetch,
    });
    const settings = await urql.query(ChatSettings, {}).toPromise();
    const input: StartChatContactInput = { participantDetails: { displayName: '' } };
    const started = await urql.mutation(StartChat, { input }).toPromise();

    expect(settings.error).toBeUndefined();
    expect(settings.data?.chatSettings).toMatchObject({ region: 'us-east-1', displayNameMaxLength: 256 });
    expect(started.data?.startChatContact).toEqual(INVALID);
    expect(methods).toEqual(['GET', 'POST']);
  });

  it('without x-api-key, a GET and a POST are both told why (401, API_KEY_MISSING)', async () => {
    const get = await new Client({ url: GATEWAY_URL, exchanges: [fetchExchange] }).query(ChatSettings, {}).toPromise();
    expect((get.error?.response as Response | undefined)?.status).toBe(401);
    expect(get.error?.graphQLErrors.map((e) => e.extensions)).toEqual([
      { code: 'UNAUTHENTICATED', reason: 'API_KEY_MISSING' },
    ]);

    const urql = new Client({ url: GATEWAY_URL, exchanges: [fetchExchange], preferGetMethod: false });
    const settings = await urql.query(ChatSettings, {}).toPromise();
    const { code, reason } = settings.error?.graphQLErrors[0]?.extensions ?? {}; // 'UNAUTHENTICATED', 'API_KEY_MISSING'
    expect((settings.error?.response as Response | undefined)?.status).toBe(401);
    expect({ code, reason }).toEqual({ code: 'UNAUTHENTICATED', reason: 'API_KEY_MISSING' });
  });
});

describe('graphql-request 7', () => {
  it('reads chatSettings and returns a union error with its fields', async () => {
    const client = new GraphQLClient(GATEWAY_URL, { headers: { 'x-api-key': API_KEY } });
    const { chatSettings } = await client.request(ChatSettings);
    const input: StartChatContactInput = { participantDetails: { displayName: '' } };
    const { startChatContact } = await client.request(StartChat, { input });

    expect(chatSettings).toMatchObject({ region: 'us-east-1', displayNameMaxLength: 256 });
    expect(startChatContact).toEqual(INVALID);
  });

  it('throws a request error as ClientError with the status and extensions.code', async () => {
    const client = new GraphQLClient(GATEWAY_URL, { headers: { 'x-api-key': 'not-a-key' } });
    const failure = await client.request(ChatSettings).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClientError);
    if (failure instanceof ClientError) {
      const { code, reason } = failure.response.errors?.[0]?.extensions ?? {}; // 'UNAUTHENTICATED', 'API_KEY_UNKNOWN'
      expect(failure.response.status).toBe(401);
      expect({ code, reason }).toEqual({ code: 'UNAUTHENTICATED', reason: 'API_KEY_UNKNOWN' });
    }
  });
});

describe("docs/clients.md's codegen configuration", () => {
  it('generates, in a client project, the committed possibleTypes and typed documents', async () => {
    const config: CodegenConfig = {
      schema: 'schema.graphql', // the gateway's, copied into your project
      documents: ['src/**/*.ts', '!src/gql/**'],
      emitLegacyCommonJSImports: false,
      generates: {
        'src/gql/': {
          preset: 'client',
          presetConfig: { fragmentMasking: false },
          config: { enumsAsTypes: true, useTypeImports: true },
        },
        'src/possible-types.ts': { plugins: ['fragment-matcher'], config: { deterministic: true } },
      },
    };

    const project = mkdtempSync(join(tmpdir(), 'chat-client-'));
    try {
      cpSync(new URL('../schema.graphql', import.meta.url), join(project, 'schema.graphql'));
      mkdirSync(join(project, 'src'));
      // This file's graphql() calls are the documents the page shows.
      writeFileSync(join(project, 'src/chat.ts'), readFileSync(new URL(import.meta.url)));
      // The codegen CLI resolves a preset from the project; its ESM build, which Vitest loads, would
      // import the client-preset nested under @graphql-codegen/cli (an older major): pass the project's.
      const generates = Object.fromEntries(
        Object.entries(config.generates).map(([path, output]) => [
          path,
          'preset' in output && output.preset === 'client' ? { ...output, preset: clientPreset } : output,
        ]),
      ) as CodegenConfig['generates'];
      const files: { filename: string; content: string }[] = await generate(
        { ...config, generates, cwd: project },
        false,
      );
      const output = (name: string) => files.find((f) => f.filename === name)?.content ?? '';

      // The committed file is the same object, with a header and Biome's formatting.
      const generated = /const result: PossibleTypesResultData = (\{[\s\S]*\});/.exec(output('src/possible-types.ts'));
      expect(JSON.parse(generated![1]!)).toEqual(introspection);
      for (const name of ['gql.ts', 'graphql.ts', 'index.ts']) {
        expect(output(`src/gql/${name}`), name).toBe(
          readFileSync(new URL(`./generated/clients/${name}`, import.meta.url), 'utf8'),
        );
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('ships possibleTypes for every interface and union of schema.graphql', () => {
    // The oracle is the SDL itself: each union's members, each interface's implementations.
    const expected: Record<string, string[]> = {};
    const add = (abstract: string, concrete: string) => {
      expected[abstract] = [...(expected[abstract] ?? []), concrete].sort();
    };
    for (const definition of parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8')).definitions) {
      if (definition.kind === Kind.UNION_TYPE_DEFINITION) {
        for (const member of definition.types ?? []) add(definition.name.value, member.name.value);
      }
      if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) {
        for (const implemented of definition.interfaces ?? []) add(implemented.name.value, definition.name.value);
      }
    }
    expect(Object.keys(expected)).toContain('StartChatContactResult');
    expect(expected.ChatError).toContain('InvalidInputError');
    expect(introspection.possibleTypes).toEqual(expected);
  });
});

describe('docs/clients.md', () => {
  /** Trimmed, without a trailing `// comment`, relative imports reduced to the file name. */
  const normalise = (line: string) =>
    line
      .trim()
      .replace(/\s+\/\/ .*$/, '')
      .replace(/from '\.\.?\/(?:[\w.-]+\/)*([\w.-]+)'/, "from './$1'");

  it('has only ```ts blocks whose lines, in order, are lines of this test', () => {
    const page = readFileSync(DOCS, 'utf8');
    const source = readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .map(normalise);
    const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) {
      let at = 0;
      for (const line of block.split('\n').map(normalise)) {
        // Blank lines, comments and a codegen.ts's `export default config;` are not code a test can hold.
        if (line === '' || line.startsWith('//') || line === 'export default config;') continue;
        const found = source.indexOf(line, at);
        expect(found, `docs/clients.md line not in ${import.meta.url} (in order):\n${line}`).toBeGreaterThan(-1);
        at = found + 1;
      }
    }
  });
});
