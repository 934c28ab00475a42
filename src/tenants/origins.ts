/**
 * Origin allow-lists: exact origins, or `https://*.example.com` where `*` stands for exactly one
 * host label (never the bare domain, never several labels), with the same scheme and port.
 */
type OriginMatcher = (origin: string) => boolean;

const compiled = new WeakMap<readonly string[], OriginMatcher>();

function compile(patterns: readonly string[]): OriginMatcher {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const wildcards = patterns
    .filter((p) => p.includes('*'))
    .map((p) => {
      const [scheme, rest] = p.split('://*.') as [string, string];
      return { prefix: `${scheme}://`, suffix: `.${rest}` };
    });
  return (origin) => {
    if (exact.has(origin)) return true;
    return wildcards.some(({ prefix, suffix }) => {
      if (!origin.startsWith(prefix) || !origin.endsWith(suffix)) return false;
      const label = origin.slice(prefix.length, origin.length - suffix.length);
      return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label);
    });
  };
}

/** Whether `origin` (as a browser sends it) is in the list. Compiled once per list. */
export function originAllowed(patterns: readonly string[], origin: string): boolean {
  let match = compiled.get(patterns);
  if (!match) {
    match = compile(patterns);
    compiled.set(patterns, match);
  }
  return match(origin);
}
