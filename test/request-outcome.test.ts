import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../src/observability/request-outcome.js';
import { newRecord, type RootField } from '../src/observability/request-record.js';

/* The outcome label of a request (metrics and the completion line), from its result alone. */

const recordOf = (fields: Record<string, RootField>, resolved?: Record<string, string[]>) => {
  const record = newRecord();
  record.rootFields = new Map(Object.entries(fields));
  if (resolved) record.resolvedTypes = new Map(Object.entries(resolved));
  return record;
};
const settings: RootField = { name: 'chatSettings', typeName: 'ChatSettings', abstract: false };
const start: RootField = { name: 'startChatContact', typeName: 'StartChatContactResult', abstract: true };

describe('outcomeOf', () => {
  it('names the one root field’s type, or the concrete type its union resolved to', () => {
    expect(outcomeOf(recordOf({ chatSettings: settings }), { data: { chatSettings: {} } })).toBe('ChatSettings');
    const record = recordOf({ startChatContact: start }, { startChatContact: ['InvalidInputError'] });
    expect(outcomeOf(record, { data: { startChatContact: {} } })).toBe('InvalidInputError');
    const typed = { data: { startChatContact: { __typename: 'X' } } };
    expect(outcomeOf(recordOf({ startChatContact: start }), typed)).toBe('X');
  });

  it('sorts and joins the distinct outcomes of several root fields', () => {
    const record = recordOf({ a: settings, b: start, c: settings }, { b: ['StartChatContactPayload'] });
    const result = { data: { a: {}, b: {}, c: {} } };
    expect(outcomeOf(record, result)).toBe('ChatSettings,StartChatContactPayload');
  });

  it('takes an error at a root field, or one that nulled it, as that field’s outcome', () => {
    const record = recordOf({ a: settings, b: settings });
    const rate = new GraphQLError('slow down', { path: ['a'], extensions: { code: 'RATE_LIMITED' } });
    const nested = new GraphQLError('broken', { path: ['b', 'x'] });
    expect(outcomeOf(record, { data: { a: null, b: null }, errors: [rate, nested] })).toBe('ERROR,RATE_LIMITED');
    expect(outcomeOf(record, { data: { a: {}, b: null } })).toBe('ChatSettings,null');
  });

  it('without data, names the first error’s code; without fields, says ok', () => {
    const refused = new GraphQLError('no key', { extensions: { code: 'UNAUTHENTICATED' } });
    expect(outcomeOf(recordOf({}), { errors: [refused] })).toBe('UNAUTHENTICATED');
    expect(outcomeOf(recordOf({}), { data: {} })).toBe('ok');
  });
});
