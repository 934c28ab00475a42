#!/usr/bin/env node
/*
 * The first step of `npm test`: the system programs the suite drives must be here. The Redis
 * rate-limit tests start their own redis-server and the browser tests drive Debian's Chromium
 * (playwright-core never downloads a browser). Missing ones are installed where that is possible
 * without asking (root with apt-get, as in CI or a fresh container); otherwise this stops with the
 * one command to run. Plain JavaScript: it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const REQUIRED = [
  { pkg: 'redis-server', present: () => onPath('redis-server') },
  { pkg: 'chromium', present: () => executable('/usr/bin/chromium') },
];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && executable(join(dir, name)));
}

const missing = REQUIRED.filter((r) => !r.present()).map((r) => r.pkg);
if (missing.length === 0) process.exit(0);

const install = `apt-get update && apt-get install -y ${missing.join(' ')}`;
const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!root || !onPath('apt-get')) {
  process.stderr.write(
    `npm test needs ${missing.join(' and ')}, which this machine lacks. Install ${missing.length > 1 ? 'them' : 'it'} once:\n` +
      `  sudo sh -c '${install}'\n` +
      '(on a system without apt: redis-server and a Chromium at /usr/bin/chromium from its package manager)\n',
  );
  process.exit(1);
}
process.stdout.write(`npm test: installing ${missing.join(', ')} (${install})\n`);
const result = spawnSync('sh', ['-c', install], {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
const still = REQUIRED.filter((r) => !r.present()).map((r) => r.pkg);
if (result.status !== 0 || still.length > 0) {
  process.stderr.write(`npm test: installing ${still.join(', ') || missing.join(', ')} failed; run: ${install}\n`);
  process.exit(1);
}
