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
