import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; dev?: boolean }>;
};

/** The oldest Node of each range our `engines` names (22.15.0, 24.0.0): where an old dependency would break first. */
const lowestSupported = (pkg.engines.node as string)
  .split('||')
  .map((range) => semver.minVersion(range.trim())?.version)
  .filter((v): v is string => v !== undefined);

describe('Node versions', () => {
  it('targets Node 22 and 24 (Node 20 is past end of life; the AWS SDK needs 22 from January 2027)', () => {
    expect(lowestSupported.map((v) => semver.major(v))).toEqual([22, 24]);
    expect(semver.satisfies('20.19.0', pkg.engines.node)).toBe(false);
  });

  it('every locked package runs on every Node our engines accept', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
        if (!range) return [];
        const refused = lowestSupported.filter((v) => !semver.satisfies(v, range, { includePrerelease: true }));
        return refused.length > 0 ? [`${path}@${entry.version} needs node ${range} (not ${refused.join(', ')})`] : [];
      });
    expect(refusing).toEqual([]);
  });

  it('pins the ranges whose next minor needs a newer Node than the suite still runs on (20, until the SDK drops it)', () => {
    // @apollo/subgraph 2.15 requires Node 22: a caret range would install it on a fresh resolve.
    expect(pkg.dependencies['@apollo/subgraph']).toMatch(/^~2\.14\./);
  });
});
