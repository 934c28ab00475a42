import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `npm run build` will write the gateway for a test: a temporary directory, away from this
 * checkout's node_modules, so the files must run on their own. Call `build()` in a beforeAll.
 */
export function bundleDir(): { dir: string; main: string; build(): void; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-bundle-'));
  return {
    dir,
    main: join(dir, 'main.cjs'),
    build: () => execFileSync('npm', ['run', '--silent', 'build', '--', `--outdir=${dir}`], { stdio: 'pipe' }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
