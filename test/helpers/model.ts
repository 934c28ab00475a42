import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The official Connect service model extract, beside the project in `../shared` (CI has it too). */
export const MODEL_PATH = fileURLToPath(new URL('../../../shared/reference/connect-model.json', import.meta.url));

export interface ModelShape {
  type: string;
  min?: number;
  max?: number;
  enum?: string[];
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  [other: string]: unknown;
}

export const modelAvailable = existsSync(MODEL_PATH);
if (!modelAvailable) {
  console.warn(`SKIPPED: the Connect service model is missing at ${MODEL_PATH}; model-oracle tests did not run.`);
}

/** The model's shapes (empty when the file is missing, in which case the tests skip loudly). */
export const modelShapes: Record<string, ModelShape> = modelAvailable
  ? JSON.parse(readFileSync(MODEL_PATH, 'utf8')).shapes
  : {};

/**
 * Follows a member path from StartChatContactRequest, e.g. `ParticipantDetails.DisplayName`,
 * `Attributes.<key>`, `SegmentAttributes.<value>.ValueString`; returns the shape it ends on.
 */
export function shapeAt(memberPath: string, root = 'StartChatContactRequest'): ModelShape & { name: string } {
  let name = root;
  for (const step of memberPath.split('.')) {
    const shape = modelShapes[name];
    if (!shape) throw new Error(`no shape ${name}`);
    if (step === '<key>') name = shape.key!.shape;
    else if (step === '<value>') name = shape.value!.shape;
    else if (step === '<member>') name = shape.member!.shape;
    else name = shape.members![step]!.shape;
  }
  return { ...modelShapes[name]!, name };
}

/** A character outside the Basic Multilingual Plane: 1 code point, 2 UTF-16 code units, 4 UTF-8 bytes. */
export const ASTRAL = '\u{1F600}';

/** `n` astral characters (emoji): `2n` UTF-16 code units, as Connect counts length. */
export const astral = (n: number) => ASTRAL.repeat(n);

/** The smallest value the model accepts for a shape: required members only, minimum lengths. */
export function minimalValue(shapeName: string): unknown {
  const shape = modelShapes[shapeName];
  if (!shape) throw new Error(`no shape ${shapeName}`);
  switch (shape.type) {
    case 'string':
      return shape.enum?.[0] ?? 'a'.repeat(shape.min ?? 0);
    case 'integer':
    case 'long':
      return shape.min ?? 0;
    case 'structure':
      return Object.fromEntries(
        (shape.required ?? []).map((name) => [name, minimalValue(shape.members![name]!.shape)]),
      );
    case 'list':
      return Array.from({ length: shape.min ?? 0 }, () => minimalValue(shape.member!.shape));
    case 'map':
      return {};
    default:
      throw new Error(`no minimal value for ${shapeName} (${shape.type})`);
  }
}

/**
 * A minimal StartChatContactRequest (Connect's PascalCase body) carrying `value` at a member path
 * as {@link shapeAt} reads it: `ParticipantDetails.DisplayName`, `Attributes.<key>` (the value is
 * the key, with a minimal value), `SegmentAttributes.<value>.ValueString`.
 */
export function requestWith(memberPath: string, value: unknown, root = 'StartChatContactRequest'): unknown {
  const put = (shapeName: string, steps: readonly string[], into: unknown): unknown => {
    const [step, ...rest] = steps;
    if (step === undefined) return value;
    const shape = modelShapes[shapeName]!;
    if (step === '<key>') return { [String(value)]: minimalValue(shape.value!.shape) };
    if (step === '<value>') return { k: put(shape.value!.shape, rest, minimalValue(shape.value!.shape)) };
    if (step === '<member>') return [put(shape.member!.shape, rest, minimalValue(shape.member!.shape))];
    const member = shape.members![step]!.shape;
    const base = (into ?? {}) as Record<string, unknown>;
    return { ...base, [step]: put(member, rest, base[step] ?? minimalValue(member)) };
  };
  return put(root, memberPath.split('.'), minimalValue(root));
}
