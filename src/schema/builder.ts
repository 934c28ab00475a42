import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
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
  Scalars: { DateTime: { Input: Date; Output: Date } };
}>({
  // Federation last: it must see resolvers after the other plugins wrapped them.
  plugins: [ErrorsPlugin, ValidationPlugin, DirectivePlugin, FederationPlugin],
  defaultFieldNullability: false,
  errors: { unsafelyHandleInputErrors: true },
  validation: { validationError: (failure) => toInvalidInputError(failure.issues) },
});
