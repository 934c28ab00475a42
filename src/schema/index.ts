import { builder } from './builder.js';
import './errors.js';
import './enums.js';
import './chat.js';
import './settings.js';

/** Builds the GraphQL schema from the domain files. */
export function createSchema() {
  return builder.toSchema({ sortSchema: false });
}
