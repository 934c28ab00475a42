import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ValidationPlugin from '@pothos/plugin-validation';
import type { Context } from '../context.js';
import { toInvalidInputError } from './validation-error.js';

/**
 * The one schema builder. It defines no types: those live in one file per domain.
 *
 * `unsafelyHandleInputErrors` lets validation failures become `InvalidInputError` values. It is
 * safe here because the caller's tenant is resolved in the context, before any field runs.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
}>({
  plugins: [ErrorsPlugin, ValidationPlugin],
  defaultFieldNullability: false,
  errors: { unsafelyHandleInputErrors: true },
  validation: { validationError: (failure) => toInvalidInputError(failure.issues) },
});
