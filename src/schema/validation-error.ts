import type { StandardSchemaV1 } from '@pothos/plugin-validation';
import { InvalidInputError } from '../chat/errors.js';

/** Turns Standard Schema issues into the domain error, with string paths such as `["input","attributes","2","key"]`. */
export function toInvalidInputError(issues: readonly StandardSchemaV1.Issue[]): InvalidInputError {
  return new InvalidInputError(
    issues.map((issue) => ({
      path: (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)),
      message: issue.message,
    })),
  );
}
