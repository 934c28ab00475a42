/**
 * Allow-lists of attribute keys: exact names, or patterns where `*` matches any run of
 * characters ("utm_*", "connect:*", "*"). Compiled once per list.
 */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const wildcards = patterns
    .filter((p) => p.includes('*'))
    .map((p) => new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`, 's'));
  return (key) => exact.has(key) || wildcards.some((re) => re.test(key));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
