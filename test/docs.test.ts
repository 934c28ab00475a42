import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_PAGE, settingsTable, TABLE_END, TABLE_START } from '../scripts/print-settings.js';
import { settingsShape } from '../src/config.js';

/*
 * The README is a short front door and docs/ holds the rest: every relative link between them
 * resolves (file and heading), and the settings table of docs/configuration.md is the one
 * scripts/print-settings.ts generates from src/config.ts.
 */

const PAGES = ['README.md', ...readdirSync('docs').flatMap((name) => (name.endsWith('.md') ? [`docs/${name}`] : []))];

/** The lines of a page outside fenced code blocks, with inline code spans blanked. */
function prose(text: string): string[] {
  let fenced = false;
  return text.split('\n').flatMap((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return [];
    }
    return fenced ? [] : [line.replace(/`[^`]*`/g, (code) => (code.includes('](') ? '``' : code))];
  });
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of prose(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every relative link target of a page (inline `[text](target)` and `[label]: target`). */
function relativeLinks(text: string): string[] {
  const targets = prose(text).flatMap((line) => [
    ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...line.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]!),
  ]);
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Each link of each page that does not resolve, as `page: target (why)`. */
function brokenLinks(read: (page: string) => string = (page) => readFileSync(page, 'utf8')): string[] {
  const broken: string[] = [];
  for (const page of PAGES) {
    for (const target of relativeLinks(read(page))) {
      const [path = '', anchor] = target.split('#');
      const file = path === '' ? page : normalize(join(dirname(page), decodeURIComponent(path)));
      if (!existsSync(file)) {
        broken.push(`${page}: ${target} (no file ${file})`);
      } else if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(read(file)).has(anchor)) {
        broken.push(`${page}: ${target} (no heading #${anchor} in ${file})`);
      }
    }
  }
  return broken;
}

/** The lines of docs/configuration.md between the generated table's markers. */
function committedTable(): string {
  const page = readFileSync(SETTINGS_PAGE, 'utf8');
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  expect(start, 'docs/configuration.md has the settings table markers').toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return page.slice(start + TABLE_START.length, end).trim();
}

describe('README.md and docs/', () => {
  it('keeps the README a front door of at most 200 lines', () => {
    expect(readFileSync('README.md', 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(200);
  });

  it('has only relative links that reach an existing file and heading', () => {
    expect(PAGES.length).toBeGreaterThan(5);
    expect(brokenLinks()).toEqual([]);
  });

  it('finds a link to a missing file or heading (the check itself works)', () => {
    const read = (page: string) =>
      page === 'README.md'
        ? '[a](docs/nope.md) [b](docs/operations.md#nope) [c](docs/operations.md#rate-limits) [d](#tests)\n## Tests'
        : readFileSync(page, 'utf8');
    expect(brokenLinks(read).filter((line) => line.startsWith('README.md'))).toEqual([
      'README.md: docs/nope.md (no file docs/nope.md)',
      'README.md: docs/operations.md#nope (no heading #nope in docs/operations.md)',
    ]);
  });

  it.each([
    ['## Beyond one machine: Lambda, container', 'beyond-one-machine-lambda-container'],
    ['### Cross-account tenants (assume a role)', 'cross-account-tenants-assume-a-role'],
    ['## `ChatContact` — an entity', 'chatcontact--an-entity'],
    ['## Tests\n## Tests', 'tests-1'],
  ])('makes GitHub anchors: %j → #%s', (heading, anchor) => {
    expect(anchorsOf(heading)).toContain(anchor);
  });
});

describe('docs/configuration.md', () => {
  it('lists every setting of the config schema exactly once in its table', () => {
    const rows = readFileSync(SETTINGS_PAGE, 'utf8')
      .split('\n')
      .flatMap((line) => /^\|\s*`([A-Z0-9_]+)`\s*\|/.exec(line)?.[1] ?? []);
    for (const name of Object.keys(settingsShape)) {
      expect(rows.filter((row) => row === name).length, `rows for ${name}`).toBe(1);
    }
  });

  it('holds the table scripts/print-settings.ts generates (run it with --write when this fails)', () => {
    expect(committedTable()).toBe(settingsTable());
  });
});
