/**
 * How deeply client JSON may nest: objects and lists, counting the outermost object (the GraphQL
 * variables, a field's arguments, a caller token's payload) as level 1. Connect's model sets no
 * bound (`SegmentAttributeValue.ValueMap` is recursive), but everything that walks such a value
 * recursively — graphql-js variable coercion, zod, json-stable-stringify, structuredClone — runs
 * out of stack at a few hundred levels, so the gateway refuses anything deeper than this before
 * any of them runs. 32 leaves room for nine nested `valueMap`s in a segment attribute
 * (`variables.input.segmentAttributes[i].value` is level 5, and each `valueMap` adds three:
 * the list, its entry, the entry's value). See docs/connect-limits.md.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * Whether `value` nests objects or lists deeper than `max` levels. Iterative (any depth is safe to
 * ask about), and it stops at the first path that goes too deep; a cyclic value counts as too deep.
 */
export function nestsDeeperThan(value: unknown, max: number = MAX_INPUT_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const pending: [object, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}
