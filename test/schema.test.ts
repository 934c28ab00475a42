import { readFileSync } from 'node:fs';
import { assertObjectType, assertUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createSchema } from '../src/schema/index.js';
import { printSchemaSDL } from '../src/schema/print.js';
import { tenantsJsonSchema } from '../src/tenants/json-schema.js';

describe('schema artefacts', () => {
  it('schema.graphql is the printed schema (run `npm run schema:print` when this fails)', async () => {
    await expect(printSchemaSDL(createSchema())).toMatchFileSnapshot('../schema.graphql');
  });

  it('tenants.schema.json is generated from the zod schema (run `npm run tenants:schema`)', async () => {
    await expect(tenantsJsonSchema()).toMatchFileSnapshot('../tenants.schema.json');
  });

  it('tenants.example.json names its JSON Schema for editors', () => {
    expect(JSON.parse(readFileSync(new URL('../tenants.example.json', import.meta.url), 'utf8')).$schema).toBe(
      './tenants.schema.json',
    );
  });

  it('keeps the contract: the result union and its members', () => {
    const schema = createSchema();
    const union = assertUnionType(schema.getType('StartChatContactResult'));
    expect(
      union
        .getTypes()
        .map((t) => t.name)
        .sort(),
    ).toEqual([
      'ChatCapacityExceededError',
      'ChatClosedError',
      'ChatUnavailableError',
      'InvalidInputError',
      'RateLimitedError',
      'StartChatContactPayload',
    ]);
    const mutation = assertObjectType(schema.getMutationType());
    expect(String(mutation.getFields().startChatContact?.type)).toBe('StartChatContactResult!');
    expect(String(mutation.getFields().startChatContact?.args[0]?.type)).toBe('StartChatContactInput!');
    const input = schema.getType('StartChatContactInput') as { getFields(): Record<string, unknown> };
    // The federation plugin sorts the subgraph schema; the contract is the set of names.
    expect(Object.keys(input.getFields())).toEqual(
      [
        'participantDetails',
        'initialMessage',
        'attributes',
        'segmentAttributes',
        'clientToken',
        'chatDurationInMinutes',
        'supportedMessagingContentTypes',
        'persistentChat',
        'relatedContactId',
        'customerId',
        'participantConfiguration',
        'disconnectOnCustomerExit',
      ].sort(),
    );
  });
});
