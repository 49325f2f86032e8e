// Checks the statement splitter behind region parsing against CPython's own parser: over every file of a
// tree (e.g. a standard library), each unit start that statementTree gives must be the first line of a
// real statement at any depth (decorators included), of an `except` handler or `case`, or an `else:` /
// `finally:` line; and its header must be the statement or clause whose body holds it. A unit start
// anywhere else would hand tree-sitter half a statement; a missed start only merges two.
//   npm run build && node bench/verify-statements.mjs DIR [--python python3.13]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statementTree } from '../lib/analysis/analyzers/python-statements.js';

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
    src = open(p, encoding='utf-8').read().split('\\n')
    # line -> the line of the statement or clause whose body holds it (0: module level; -1: an else or
    # finally body, whose clause line the ast does not give). Clauses belong where their statement does.
    lines = {}
    def body(stmts, parent, clause_outer=None):
        for s in stmts:
            # The body of a one-line else/finally clause: its line is the clause's.
            if parent == -1 and src[first(s) - 1].lstrip().startswith(('else', 'finally')):
                lines.setdefault(first(s), clause_outer)
            lines.setdefault(first(s), parent)
            visit(s, first(s), parent)
    def visit(node, line, outer):
        sub = getattr(node, 'body', None)
        if isinstance(sub, list) and sub and isinstance(sub[0], ast.stmt):
            body(sub, line)
        orelse = getattr(node, 'orelse', None)
        if isinstance(orelse, list) and orelse:
            o = orelse[0]
            if len(orelse) == 1 and isinstance(o, ast.If) and src[o.lineno - 1].lstrip().startswith('elif'):
                lines.setdefault(o.lineno, outer)
                visit(o, o.lineno, outer)
            else:
                body(orelse, -1, outer)
        for h in getattr(node, 'handlers', []):
            lines.setdefault(h.lineno, outer)
            body(h.body, h.lineno)
        if getattr(node, 'finalbody', None):
            body(node.finalbody, -1, outer)
        for c in getattr(node, 'cases', []):
            at = c.pattern.lineno
            while not src[at - 1].lstrip().startswith('case'):
                at -= 1
            lines.setdefault(at, line)
            body(c.body, at)
    body(tree.body, 0)
    out[p] = lines
json.dump(out, open(sys.argv[2], 'w'))
`);
execFileSync(python, [join(dir, 'starts.py'), join(dir, 'files.txt'), join(dir, 'out.json')]);
const real = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));

let checked = 0, units = 0, wrong = 0, whole = 0, missed = 0, statements = 0, wrongParent = 0;
const CLAUSE = /^[ \t\f]*(?:else|finally)[ \t]*:/;
for (const file of files) {
  if (!real[file]) continue;
  checked++;
  const text = readFileSync(file, 'utf8');
  const tree = statementTree(text);
  if (!tree) { whole++; continue; }
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset) => { let lo = 0, hi = lineStarts.length - 1; while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1; } return lo + 1; };
  const want = real[file];
  const got = tree.codes.map(lineOf);
  statements += Object.keys(want).length;
  units += got.length;
  got.forEach((line, k) => {
    const lineText = text.slice(lineStarts[line - 1], lineStarts[line] ?? text.length);
    if (!(String(line) in want)) {
      if (!CLAUSE.test(lineText)) { wrong++; console.log(`not a statement start: ${file}:${line}`); }
      return;
    }
    const parent = tree.parents[k] < 0 ? 0 : got[tree.parents[k]];
    const expected = want[String(line)];
    // -1: an else/finally body, whose clause line the ast does not give; the header must be an else/finally line.
    const ok = expected === -1 ? parent > 0 && CLAUSE.test(text.slice(lineStarts[parent - 1], lineStarts[parent] ?? text.length)) : parent === expected;
    if (!ok) { wrongParent++; console.log(`wrong header: ${file}:${line} (header line ${parent}, expected ${expected})`); }
  });
  const gotSet = new Set(got);
  missed += Object.keys(want).filter((l) => !gotSet.has(Number(l))).length;
}
console.log(`${files.length} files, ${checked} that ${python} parses: ${units} units, ${wrong} starts that are not statement or clause starts, ${wrongParent} with the wrong header, ${missed} of ${statements} statement starts merged into the unit above, ${whole} files left whole`);
process.exitCode = wrong === 0 && wrongParent === 0 ? 0 : 1;
