import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = new URL('../scripts/test-prerequisites.mjs', import.meta.url).pathname;

describe('npm test, first step: the system programs the suite needs', () => {
  it('passes on this machine (it has them, or the step installed them)', () => {
    const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  it('where it cannot install (no apt-get on PATH), stops with the one command to run', () => {
    // A PATH holding only node: no redis-server, no apt-get.
    const bin = mkdtempSync(join(tmpdir(), 'prereq-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = spawnSync(join(bin, 'node'), [SCRIPT], { encoding: 'utf8', env: { PATH: bin } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('npm test needs redis-server');
    expect(result.stderr).toMatch(/sudo sh -c 'apt-get update && apt-get install -y redis-server( chromium)?'/);
  });
});
