import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, fixedShapeLogger } from '../src/logger.js';

/*
 * patches/pino+9.14.0.patch: pino writes a plain merging object none of whose keys has a serializer
 * or a redaction with one `JSON.stringify`, instead of key by key. These tests hold it to the lines
 * the key-by-key loop writes (the loop still runs for any object that is not plain, which is how
 * the reference lines are made here), and show that the request completion line takes it.
 */

function capture(options: pino.LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = pino({ base: null, timestamp: false, ...options }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}

/** The same own properties on an object whose prototype is not `Object.prototype`: pino's key-by-key loop. */
const notPlain = (object: Record<string, unknown>) => Object.assign(Object.create({}), object);

const OBJECTS: Record<string, Record<string, unknown>> = {
  strings: {
    plain: 'hello',
    quotes: 'say "hi" \\ back',
    control: 'tab\there\nnew line\u0001',
    unicode: 'é ü 😀 \u2028',
    long: `${'x'.repeat(150)}"${'y'.repeat(10)}`,
    empty: '',
  },
  numbers: { int: 42, float: 3.25, negativeZero: -0, nan: Number.NaN, inf: Number.POSITIVE_INFINITY, big: 1e21 },
  others: { yes: true, no: false, nothing: null, missing: undefined, fn: () => 1, symbol: Symbol('s') },
  nested: {
    connect: { calls: 1, attempts: 2, latencyMs: 3.4 },
    list: [1, 'two', undefined, () => 3, { four: 4 }],
    date: { at: new Date(Date.UTC(2026, 11, 4, 16, 42, 13, 123)) },
    deep: { a: { b: { c: [{ d: 'e' }] } } },
  },
  keys: { '1': 'integer-like first', 'k"q': 1, 'back\\slash': 2, é: 3, ' ': 4 },
  completionShaped: {
    requestId: '3f0c1d2e-aaaa-4bbb-8ccc-0123456789ab',
    tenantId: 'acme',
    via: undefined,
    method: 'POST',
    path: '/graphql',
    operationName: 'Send',
    operation: 'sendChatMessage',
    outcome: 'SendChatMessagePayload',
    errors: undefined,
    status: 200,
    durationMs: 3.4,
    connect: { calls: 1, attempts: 1, latencyMs: 2.1 },
    direct: true,
  },
  empty: {},
};

describe("pino's whole-object serialisation (patches/pino)", () => {
  afterEach(() => vi.restoreAllMocks());

  for (const [name, object] of Object.entries(OBJECTS)) {
    it(`writes what the key-by-key loop writes: ${name}`, () => {
      const { logger, lines } = capture();
      logger.info(object, 'message');
      logger.info(notPlain(object), 'message');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe(lines[1]);
      expect(() => JSON.parse(lines[0] ?? '')).not.toThrow();
    });
  }

  it('is taken for a plain object (one JSON.stringify of the whole object), not for another', () => {
    const { logger } = capture();
    const stringify = vi.spyOn(JSON, 'stringify');
    const object = { a: 1, nested: { b: 2 } };
    logger.info(object, 'message');
    expect(stringify.mock.calls.some(([value]) => value === object)).toBe(true);
    stringify.mockClear();
    const other = notPlain(object);
    logger.info(other, 'message');
    expect(stringify.mock.calls.some(([value]) => value === other)).toBe(false);
  });

  it('keeps a lone surrogate (escaped) where the loop wrote it raw', () => {
    const { logger, lines } = capture();
    logger.info({ text: 'x\ud800y' }, 'message');
    expect(lines[0]).toContain('"text":"x\\ud800y"');
    expect(JSON.parse(lines[0] ?? '').text).toBe('x\ud800y');
  });

  it("writes keys named like Object.prototype's members as they are (the loop took them for serializers)", () => {
    const { logger, lines } = capture();
    logger.info({ toString: 'x', constructor: 'y', isPrototypeOf: 'z', other: 1 }, 'message');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ toString: 'x', constructor: 'y', isPrototypeOf: 'z', other: 1 });
  });

  it('leaves serializers, the error key, redaction and toJSON to the loop', () => {
    const { logger, lines } = capture({
      serializers: { user: (user: { name: string }) => ({ name: user.name.toUpperCase() }) },
      redact: { paths: ['password'], censor: '[redacted]' },
    });
    logger.info({ user: { name: 'ada' }, other: 1 }, 'serialized');
    logger.info({ err: new Error('boom'), other: 1 }, 'error');
    logger.info({ password: 'hunter2', other: 1 }, 'redacted');
    logger.info({ toJSON: () => 'replaced', other: 1 }, 'toJSON');
    const [serialized, error, redacted, withToJSON] = lines.map((line) => JSON.parse(line));
    expect(serialized.user).toEqual({ name: 'ADA' });
    expect(error.err).toMatchObject({ type: 'Error', message: 'boom' });
    expect(error.err.stack).toContain('boom');
    expect(redacted.password).toBe('[redacted]');
    expect(withToJSON.other).toBe(1);
    expect(withToJSON.msg).toBe('toJSON');
  });

  it('falls back to the loop where JSON.stringify throws (circular references, BigInt)', () => {
    const { logger, lines } = capture();
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    logger.info({ circular, other: 1 }, 'circular');
    logger.info({ big: 12345678901234567890n, other: 1 }, 'bigint');
    const [withCircular, withBigInt] = lines.map((line) => JSON.parse(line));
    expect(withCircular.circular).toEqual({ name: 'loop', self: '[Circular]' });
    expect(lines[1]).toContain('"big":12345678901234567890,');
    expect(withBigInt.other).toBe(1);
  });

  it("is what the request completion line takes (the gateway's logger keeps the loop for other lines)", () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    const entry = { ...OBJECTS.completionShaped };
    const stringify = vi.spyOn(JSON, 'stringify');
    fixedShapeLogger(logger).info(entry, 'request completed');
    expect(stringify.mock.calls.some(([value]) => value === entry)).toBe(true);
    stringify.mockClear();
    // The parent redacts `*.key` one level down: every line through it still goes key by key.
    logger.info(entry, 'request completed');
    expect(stringify.mock.calls.some(([value]) => value === entry)).toBe(false);
    const [fast, loop] = lines.map((line) => {
      const { time: _time, ...rest } = JSON.parse(line);
      return rest;
    });
    expect(fast).toEqual(loop);
    expect(fast).toMatchObject({ requestId: entry.requestId, connect: entry.connect, service: 'connect-chat-gateway' });
  });
});
