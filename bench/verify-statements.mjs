// Checks the statement splitter behind region parsing against CPython's own parser: over every file of a
// tree (e.g. a standard library), each unit start that statementUnits gives must be the first line of a
// real statement (a top-level one, or one in the body of a top-level class; decorators included).
// A unit start anywhere else would hand tree-sitter half a statement; a missed start only merges two.
//   npm run build && node bench/verify-statements.mjs DIR [--python python3.13]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statementUnits } from '../lib/analysis/analyzers/python-statements.js';

const args = process.argv.slice(2);
const pyFlag = args.indexOf('--python');
const python = pyFlag >= 0 ? args.splice(pyFlag, 2)[1] : 'python3';
const list = (d) => readdirSync(d).flatMap((n) => {
  const p = join(d, n);
  const s = statSync(p, { throwIfNoEntry: false });
  if (!s) return [];
  return s.isDirectory() ? (n === '__pycache__' ? [] : list(p)) : n.endsWith('.py') ? [p] : [];
});
const files = list(args[0]);
const dir = mkdtempSync(join(tmpdir(), 'pyshift-statements-'));
writeFileSync(join(dir, 'files.txt'), files.join('\n'));
writeFileSync(join(dir, 'starts.py'), `
import ast, json, sys
out = {}
first = lambda s: min([s.lineno] + [d.lineno for d in getattr(s, 'decorator_list', [])])
for p in open(sys.argv[1]).read().split('\\n'):
    try:
        tree = ast.parse(open(p, encoding='utf-8').read())
    except Exception:
        continue
    lines = set()
    for s in tree.body:
        lines.add(first(s))
        if isinstance(s, ast.ClassDef):
            lines.update(first(b) for b in s.body)
    out[p] = sorted(lines)
json.dump(out, open(sys.argv[2], 'w'))
`);
execFileSync(python, [join(dir, 'starts.py'), join(dir, 'files.txt'), join(dir, 'out.json')]);
const real = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));

let checked = 0, units = 0, wrong = 0, whole = 0, missed = 0, statements = 0;
for (const file of files) {
  if (!real[file]) continue;
  checked++;
  const text = readFileSync(file, 'utf8');
  const split = statementUnits(text);
  if (!split) { whole++; continue; }
  const lineOf = (offset) => { let n = 1; for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++; return n; };
  const got = split.starts.slice(1).map(lineOf);
  const want = new Set(real[file]);
  statements += want.size;
  units += got.length + 1;
  for (const line of got) if (!want.has(line)) { wrong++; console.log(`not a statement start: ${file}:${line}`); }
  const gotSet = new Set(got);
  missed += [...want].filter((l) => l !== Math.min(...want) && !gotSet.has(l)).length;
}
console.log(`${files.length} files, ${checked} that ${python} parses: ${units} units, ${wrong} starts that are not statement starts, ${missed} of ${statements} statement starts merged into the unit above, ${whole} files left whole`);
process.exitCode = wrong === 0 ? 0 : 1;
