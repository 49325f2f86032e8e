// Proves on a large real tree (e.g. a CPython standard library) that the Python analyzer's speed-ups
// change no result: the same scan with the pre-filter and anchored walk on, then off.
//   npm run build && node bench/python-fast-paths.mjs DIR
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFiles, memoryFile } from '../lib/analysis/engine.js';
import { loadRuleset } from '../lib/analysis/ruleset.js';
import { parseTarget } from '../lib/analysis/versions.js';
import { pythonAnalyzerOptions } from '../lib/analysis/analyzers/python.js';

const list = (d) => readdirSync(d).flatMap((n) => {
  const p = join(d, n);
  const s = statSync(p, { throwIfNoEntry: false });
  if (!s) return [];
  return s.isDirectory() ? (n === '__pycache__' ? [] : list(p)) : /\.pyi?$/.test(n) ? [p] : [];
});
const files = list(process.argv[2]).map((p) => memoryFile(p, readFileSync(p)));
const ruleset = loadRuleset();
const run = async () => {
  const t = performance.now();
  const r = await analyzeFiles({ files, ruleset, target: parseTarget('3.13') });
  return { r, ms: performance.now() - t };
};
const fast = await run();
pythonAnalyzerOptions.prefilter = false;
pythonAnalyzerOptions.walk = 'captures';
const slow = await run();
const same = JSON.stringify(fast.r) === JSON.stringify(slow.r);
console.log(`${files.length} files; fast ${fast.ms.toFixed(0)} ms, reference ${slow.ms.toFixed(0)} ms; ${fast.r.findings.length} vs ${slow.r.findings.length} findings; identical: ${same}`);
process.exitCode = same ? 0 : 1;
