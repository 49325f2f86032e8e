// Python catalogue precision check: every finding the Python rules report on a CPython standard library,
// counted per rule, with a sample of lines to read for false positives. The stdlib is scanned as third-party
// code (`projectPaths: []`), so `import warnings` means the stdlib module and not "a module of this project",
// which is what `pyshift scan <stdlib>` assumes when the stdlib itself is the scanned project.
//
//   npm run build && node bench/stdlib-findings.mjs [STDLIB_DIR] [--target 3.13] [--sample 5] [--rule ID]

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeFiles, memoryFile } from '../lib/analysis/engine.js';
import { loadRuleset } from '../lib/analysis/ruleset.js';
import { parseTarget } from '../lib/analysis/versions.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const target = option('--target', '3.13');
const sample = Number(option('--sample', '5'));
const only = option('--rule', undefined);
const stdlib = args[0] ?? execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();

function listPy(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p, { throwIfNoEntry: false });
    if (s?.isDirectory() && name !== '__pycache__') out.push(...listPy(p));
    else if (s?.isFile() && name.endsWith('.py')) out.push(p);
  }
  return out;
}

const files = listPy(stdlib).map((p) => ({ abs: p, path: relative(stdlib, p) }));
const result = await analyzeFiles({
  files: files.map((f) => memoryFile(f.path, readFileSync(f.abs))),
  ruleset: loadRuleset(),
  target: parseTarget(target),
  projectPaths: [],
});
const byRule = new Map();
for (const f of result.findings) {
  if (only && f.rule !== only) continue;
  if (!byRule.has(f.rule)) byRule.set(f.rule, []);
  byRule.get(f.rule).push(f);
}
const lines = new Map();
const lineOf = (path, n) => {
  if (!lines.has(path)) lines.set(path, readFileSync(join(stdlib, path), 'utf8').split(/\r?\n/));
  return lines.get(path)[n - 1]?.trim().slice(0, 120) ?? '';
};
const inTests = (p) => /(^|\/)(tests?|idle_test|test_\w+)(\/|\.py$)/.test(p);
console.log(`${stdlib}: ${result.files} files, ${result.findings.length} findings (target ${target})\n`);
console.log('| rule | findings | in test code |\n| --- | ---: | ---: |');
for (const [rule, list] of [...byRule].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`| ${rule} | ${list.length} | ${list.filter((f) => inTests(f.path)).length} |`);
}
if (sample > 0) {
  for (const [rule, list] of byRule) {
    console.log(`\n${rule}:`);
    const step = Math.max(1, Math.floor(list.length / sample));
    for (let i = 0; i < list.length && i / step < sample; i += step) {
      const f = list[i];
      console.log(`  ${f.path}:${f.line} [${f.severity}] ${lineOf(f.path, f.line)}`);
    }
  }
}
