// The npm mirror this project is built on serves only Biome's Linux binaries, so `npm install`
// leaves the other platforms' optional packages out of package-lock.json and `npm ci` then refuses
// the lock. This adds those entries back (as the public registry would); npm skips them on Linux.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const biome = lock.packages['node_modules/@biomejs/biome'];
const platforms = {
  'win32-x64': [['win32'], ['x64']],
  'win32-arm64': [['win32'], ['arm64']],
  'darwin-x64': [['darwin'], ['x64']],
  'darwin-arm64': [['darwin'], ['arm64']],
  'linux-x64-musl': [['linux'], ['x64']],
  'linux-arm64-musl': [['linux'], ['arm64']],
  'android-x64': [['android'], ['x64']],
  'android-arm64': [['android'], ['arm64']],
};
for (const [name, [os, cpu]] of Object.entries(platforms)) {
  const key = `node_modules/@biomejs/cli-${name}`;
  lock.packages[key] ??= {
    version: biome.version,
    cpu,
    dev: true,
    license: 'MIT OR Apache-2.0',
    optional: true,
    os,
    engines: { node: '>=14.21.3' },
  };
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
