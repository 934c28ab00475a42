import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateShape } from '../src/simulator/model.js';
import {
  PARTICIPANT_ERROR_STATUS,
  PARTICIPANT_OPERATIONS,
  PARTICIPANT_SHAPES,
} from '../src/simulator/participant-model.js';

/** The official Participant Service model (botocore JSON), beside the project in `../shared`. */
const MODEL_PATH = fileURLToPath(new URL('../../shared/reference/connect-participant-model.json', import.meta.url));
const modelAvailable = existsSync(MODEL_PATH);
if (!modelAvailable) {
  console.warn(`SKIPPED: the Participant Service model is missing at ${MODEL_PATH}; model-oracle tests did not run.`);
}

interface ModelShape {
  type: string;
  min?: number;
  max?: number;
  enum?: string[];
  required?: string[];
  members?: Record<string, { shape: string; location?: string; locationName?: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  error?: { httpStatusCode: number };
  exception?: boolean;
  [other: string]: unknown;
}
interface Model {
  metadata: Record<string, unknown>;
  operations: Record<
    string,
    { http: { method: string; requestUri: string }; input: { shape: string }; errors: { shape: string }[] }
  >;
  shapes: Record<string, ModelShape>;
}
const model: Model = modelAvailable
  ? JSON.parse(readFileSync(MODEL_PATH, 'utf8'))
  : { metadata: {}, operations: {}, shapes: {} };

/** The model's shape as the simulator transcribes it: no documentation or SDK-only traits. */
function normalized(name: string): Record<string, unknown> {
  const { documentation: _d, sensitive: _s, box: _b, ...rest } = model.shapes[name] as Record<string, unknown>;
  if (rest.members) {
    rest.members = Object.fromEntries(
      Object.entries(rest.members as Record<string, Record<string, unknown>>).map(([k, v]) => {
        const { documentation: _doc, idempotencyToken: _i, box: _box, ...member } = v;
        return [k, member];
      }),
    );
  }
  return rest;
}

/** Every shape a shape reaches through members, list members, map keys and values. */
function reachable(root: string, seen = new Set<string>()): Set<string> {
  if (seen.has(root)) return seen;
  seen.add(root);
  const shape = model.shapes[root]!;
  const next = [
    ...Object.values(shape.members ?? {}).map((m) => m.shape),
    shape.member?.shape,
    shape.key?.shape,
    shape.value?.shape,
  ];
  for (const name of next) if (name) reachable(name, seen);
  return seen;
}

describe.skipIf(!modelAvailable)('the Participant Service transcription equals the official model', () => {
  it('is rest-json, and says its operations are not SigV4-authenticated', () => {
    expect(model.metadata.protocol).toBe('rest-json');
    for (const name of Object.keys(PARTICIPANT_OPERATIONS)) {
      if (name === 'DescribeView') continue; // its documentation does not repeat it
      const docs = (model.operations[name] as { documentation?: string }).documentation ?? '';
      expect(docs, name).toMatch(/do not use .*Signature Version 4 authentication/);
    }
  });

  it('serves every operation of the model at its method and URI, with its modelled errors', () => {
    expect(Object.keys(PARTICIPANT_OPERATIONS).sort()).toEqual(Object.keys(model.operations).sort());
    for (const [name, spec] of Object.entries(PARTICIPANT_OPERATIONS)) {
      const official = model.operations[name]!;
      expect({ method: spec.method, requestUri: spec.requestUri }, name).toEqual(official.http);
      expect(spec.input, name).toBe(official.input.shape);
      expect([...spec.errors].sort(), name).toEqual(official.errors.map((e) => e.shape).sort());
    }
  });

  it('answers each error with the HTTP status the model gives it', () => {
    const errors = Object.entries(model.shapes).filter(([, shape]) => shape.exception);
    expect(PARTICIPANT_ERROR_STATUS).toEqual(
      Object.fromEntries(errors.map(([name, shape]) => [name, shape.error!.httpStatusCode])),
    );
  });

  it('transcribes exactly the shapes the request shapes reach, each equal to the model', () => {
    const wanted = new Set<string>();
    for (const op of Object.values(model.operations)) reachable(op.input.shape, wanted);
    expect(Object.keys(PARTICIPANT_SHAPES).sort()).toEqual([...wanted].sort());
    for (const [name, shape] of Object.entries(PARTICIPANT_SHAPES)) {
      expect(shape, name).toEqual(normalized(name));
    }
  });

  it('carries the tokens in the X-Amz-Bearer header, as the model locates them', () => {
    for (const op of Object.values(model.operations)) {
      const members = model.shapes[op.input.shape]!.members!;
      const bearer = Object.entries(members).filter(([, m]) => m.locationName === 'X-Amz-Bearer');
      expect(
        bearer.map(([, m]) => [m.location, m.shape]),
        op.input.shape,
      ).toEqual([['header', 'ParticipantToken']]);
      const name = bearer[0]![0];
      expect(name).toBe(
        op.input.shape === 'CreateParticipantConnectionRequest' ? 'ParticipantToken' : 'ConnectionToken',
      );
    }
  });

  /** Every string and number member of every request, at min−1, min, max, max+1 (UTF-16 units). */
  const boundaries = Object.values(modelAvailable ? model.operations : {}).flatMap((op) =>
    Object.entries(model.shapes[op.input.shape]!.members!).flatMap(([member, ref]) => {
      const shape = model.shapes[ref.shape]!;
      return ['min', 'max'].flatMap((edge) => {
        const limit = shape[edge] as number | undefined;
        if (limit === undefined) return [];
        return [
          {
            request: op.input.shape,
            member,
            type: shape.type,
            value: edge === 'min' ? limit - 1 : limit + 1,
            ok: false,
          },
          { request: op.input.shape, member, type: shape.type, value: limit, ok: true },
        ]
          .filter((c) => !(c.type === 'string' && c.value < 0))
          .map((c) => ({ field: `${c.request}.${c.member}`, ...c }));
      });
    }),
  );

  it.each(boundaries)('$field = $value ($type) is accepted: $ok', ({ request, member, type, value, ok }) => {
    const shapeName = PARTICIPANT_SHAPES[request]!.type === 'structure' ? request : '';
    const base = minimal(shapeName) as Record<string, unknown>;
    const memberShape = model.shapes[model.shapes[request]!.members![member]!.shape]!;
    const v =
      type === 'string'
        ? 'x'.repeat(value)
        : type === 'list'
          ? Array.from({ length: value }, () => minimal(memberShape.member!.shape))
          : value;
    const problems = validateShape(PARTICIPANT_SHAPES, request, { ...base, [member]: v });
    expect(problems, JSON.stringify(problems)).toHaveLength(ok ? 0 : 1);
  });

  it('refuses values outside the model enums and missing required members', () => {
    expect(
      validateShape(PARTICIPANT_SHAPES, 'GetTranscriptRequest', { ConnectionToken: 't', SortOrder: 'UP' }),
    ).toEqual(['SortOrder: not one of DESCENDING, ASCENDING']);
    expect(
      validateShape(PARTICIPANT_SHAPES, 'CreateParticipantConnectionRequest', { ParticipantToken: 't', Type: ['X'] }),
    ).toEqual(['Type[0]: not one of WEBSOCKET, CONNECTION_CREDENTIALS, WEBRTC_CONNECTION']);
    expect(validateShape(PARTICIPANT_SHAPES, 'SendMessageRequest', {})).toEqual([
      'ContentType: required',
      'Content: required',
      'ConnectionToken: required',
    ]);
    expect(
      validateShape(PARTICIPANT_SHAPES, 'CreateParticipantConnectionRequest', {
        ParticipantToken: 't',
        ConnectParticipant: 'yes',
      }),
    ).toEqual(['ConnectParticipant: expected a boolean']);
  });
});

/** The smallest request the model accepts for a shape: required members only, minimum lengths. */
function minimal(shapeName: string): unknown {
  const shape = model.shapes[shapeName]!;
  switch (shape.type) {
    case 'string':
      return shape.enum?.[0] ?? 'x'.repeat(Math.max(shape.min ?? 0, 1));
    case 'integer':
    case 'long':
      return shape.min ?? 0;
    case 'boolean':
      return true;
    case 'list':
      return Array.from({ length: shape.min ?? 0 }, () => minimal(shape.member!.shape));
    case 'structure':
      return Object.fromEntries((shape.required ?? []).map((m) => [m, minimal(shape.members![m]!.shape)]));
    default:
      return {};
  }
}
