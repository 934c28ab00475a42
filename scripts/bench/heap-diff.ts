import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/*
 * `npx tsx scripts/bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [--per 1000] [--top 40]`
 *
 * What the second heap snapshot holds that the first did not, grouped by V8's node type and
 * constructor name: count and self size, both divided by `--per` (e.g. the number of streams
 * opened between the two), largest first. Self sizes only: it shows which objects an open stream
 * is made of, not who retains them (open the snapshots in Chrome DevTools for that).
 */

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { per: { type: 'string', default: '1' }, top: { type: 'string', default: '40' } },
});
const [beforeFile, afterFile] = positionals;
if (!beforeFile || !afterFile) throw new Error('usage: heap-diff.ts before.heapsnapshot after.heapsnapshot [--per N]');
const PER = Number(opts.per);
const TOP = Number(opts.top);

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Count and self size per "type:name" of one snapshot. */
function groups(file: string): Map<string, { count: number; size: number }> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const result = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + typeAt]!]!;
    let name = data.strings[data.nodes[i + nameAt]!] ?? '';
    // Strings and code are named by their content: group them by type alone.
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'code') name = '';
    if (name.length > 60) name = `${name.slice(0, 57)}...`;
    const key = `${type}:${name}`;
    const group = result.get(key) ?? { count: 0, size: 0 };
    group.count += 1;
    group.size += data.nodes[i + sizeAt]!;
    result.set(key, group);
  }
  return result;
}

const before = groups(beforeFile);
const after = groups(afterFile);
const rows = [...after].map(([key, a]) => {
  const b = before.get(key) ?? { count: 0, size: 0 };
  return { key, count: (a.count - b.count) / PER, size: (a.size - b.size) / PER };
});
rows.sort((x, y) => y.size - x.size);
const total = rows.reduce((sum, r) => sum + r.size, 0);
console.log(`self size added: ${(total / 1024).toFixed(1)} KB per ${PER === 1 ? 'snapshot' : 'unit'} (÷ ${PER})`);
console.log(`${'bytes'.padStart(9)} ${'count'.padStart(8)}  type:constructor`);
for (const row of rows.slice(0, TOP)) {
  console.log(`${row.size.toFixed(0).padStart(9)} ${row.count.toFixed(2).padStart(8)}  ${row.key}`);
}
