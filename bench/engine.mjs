// Engine benchmark (issue 6): `pyshift scan` over a CPython standard library, against two fixed
// references on the same files: CPython's own `ast.parse`, and ruff's WebAssembly build linting them.
// Prints a markdown table; results are recorded by hand in bench/RESULTS.md, never asserted in tests.
//
//   npm run build && node bench/engine.mjs [STDLIB_DIR] [--python python3.12] [--repeat 3]
//
// The three runs take turns, --repeat times; the table gives each one's median run, and the ratios are
// of medians (this machine's speed drifts by tens of percent within minutes: taking turns spreads that
// drift over all three instead of charging it to one).
//
// Needs: /usr/bin/time (GNU time) for peak RSS of the pyshift process, a python3 for the ast.parse reference.

import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const pyFlag = args.indexOf('--python');
const python = pyFlag >= 0 ? args.splice(pyFlag, 2)[1] : 'python3';
const repeatFlag = args.indexOf('--repeat');
const repeat = repeatFlag >= 0 ? Number(args.splice(repeatFlag, 2)[1]) : 3;
const stdlib = args[0] ?? execFileSync(python, ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
const repo = fileURLToPath(new URL('..', import.meta.url));

function listPy(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) continue;
    if (s.isDirectory()) {
      if (name === '__pycache__') continue;
      out.push(...listPy(p));
    } else if (name.endsWith('.py')) out.push(p);
  }
  return out;
}

const files = listPy(stdlib);
const lines = files.reduce((n, f) => n + readFileSync(f, 'latin1').split('\n').length - 1, 0);

function timed(cmd, cmdArgs, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...cmdArgs], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const [wall, user, sys, rssKb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys, rssMb: rssKb / 1024, stdout: r.stdout, status: r.status };
}

const runPyshift = () => timed('node', [join(repo, 'bin/pyshift.js'), 'scan', stdlib, '--format', 'json']);

const astScript = join(mkdtempSync(join(tmpdir(), 'pyshift-bench-')), 'ast_parse.py');
writeFileSync(astScript, [
  'import ast, sys, time, warnings',
  'warnings.simplefilter("ignore")',
  'paths = sys.stdin.read().split("\\n")',
  't = time.perf_counter(); bad = 0',
  'for p in paths:',
  '    try: ast.parse(open(p, "rb").read())',
  '    except Exception: bad += 1',
  'print(round(time.perf_counter() - t, 3), bad)',
].join('\n'));
const runAst = () => timed(python, [astScript], { input: files.join('\n') });

const runRuff = () => timed('node', ['--input-type=module', '-e', `
  import { Workspace, PositionEncoding } from '@astral-sh/ruff-wasm-nodejs';
  import { readFileSync } from 'node:fs';
  const files = readFileSync(0, 'utf8').split('\\n');
  const ws = new Workspace({ 'target-version': 'py313', lint: { select: ['E4', 'E7', 'E9', 'F', 'UP'] } }, PositionEncoding.Utf16);
  let n = 0;
  for (const f of files) { try { n += ws.check(readFileSync(f, 'utf8')).length; } catch {} }
  console.log(n);
`], { input: files.join('\n'), cwd: repo });

const samples = { pyshift: [], ast: [], ruff: [] };
for (let i = 0; i < repeat; i++) {
  samples.pyshift.push(runPyshift());
  samples.ast.push(runAst());
  samples.ruff.push(runRuff());
}
const median = (runs) => [...runs].sort((a, b) => a.wall - b.wall)[Math.floor(runs.length / 2)];
const pyshift = median(samples.pyshift);
const ast = median(samples.ast);
const ruff = median(samples.ruff);
const result = JSON.parse(pyshift.stdout);
const byRule = {};
for (const f of result.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
const walls = (runs) => runs.map((r) => r.wall.toFixed(2)).join(', ');

const row = (name, r, extra = '') => `| ${name} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${extra} |`;
console.log(`Standard library: ${stdlib} — ${files.length} files, ${lines} lines (${python} for ast.parse)\n`);
console.log('| run | wall s | CPU s | peak RSS MB | notes |\n| --- | --- | --- | --- | --- |');
console.log(row('pyshift scan', pyshift, `${result.files} files analysed, ${result.findings.length} findings, ${result.errors.length} errors`));
console.log(row('python ast.parse (reference)', ast, `in-loop time ${ast.stdout.trim().split(' ')[0]} s, ${ast.stdout.trim().split(' ')[1]} files not parsed`));
console.log(row('ruff-wasm check (reference)', ruff, `${ruff.stdout.trim()} diagnostics`));
console.log(`\nMedians of ${repeat} runs taking turns; all wall times: pyshift ${walls(samples.pyshift)}; ast.parse ${walls(samples.ast)}; ruff-wasm ${walls(samples.ruff)}`);
console.log(`Ratios of medians: pyshift / ast.parse = ${(pyshift.wall / ast.wall).toFixed(2)}; pyshift / ruff-wasm = ${(pyshift.wall / ruff.wall).toFixed(2)}`);
console.log(`Per turn: ${samples.pyshift.map((p, i) => `${(p.wall / samples.ast[i].wall).toFixed(2)} / ${(p.wall / samples.ruff[i].wall).toFixed(2)}`).join('; ')}\n`);
console.log('Findings per rule:', JSON.stringify(byRule));
