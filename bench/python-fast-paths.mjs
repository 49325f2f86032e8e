// Proves on a large real tree (e.g. a CPython standard library) that the Python analyzer's speed-ups
// change no result: the same scan on one thread with the pre-filter, anchored walk and region parsing on,
// then all off. The one allowed difference is documented: a syntax error in statements that no rule looks
// at (so never parsed) gets no parse-error notice; those are listed.
//   npm run build && node bench/python-fast-paths.mjs DIR
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFiles, memoryFile } from '../lib/analysis/engine.js';
import { loadRuleset } from '../lib/analysis/ruleset.js';
import { parseTarget } from '../lib/analysis/versions.js';
import { pythonAnalyzerOptions, pythonParseStats } from '../lib/analysis/analyzers/python.js';

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
  const before = { ...pythonParseStats };
  const r = await analyzeFiles({ files, ruleset, target: parseTarget('3.13'), threads: 1 });
  const stats = Object.fromEntries(Object.entries(pythonParseStats).map(([k, v]) => [k, v - before[k]]));
  return { r, ms: performance.now() - t, stats };
};
const fast = await run();
pythonAnalyzerOptions.prefilter = false;
pythonAnalyzerOptions.walk = 'captures';
pythonAnalyzerOptions.regions = false;
const slow = await run();
const lines = (r) => r.findings.filter((f) => f.rule !== 'pyshift-parse-error').map((f) => JSON.stringify(f));
const same = JSON.stringify(lines(fast.r)) === JSON.stringify(lines(slow.r)) && JSON.stringify(fast.r.errors) === JSON.stringify(slow.r.errors);
const parseErrors = (r) => r.findings.filter((f) => f.rule === 'pyshift-parse-error').map((f) => `${f.path}:${f.line}`);
const onlyReference = parseErrors(slow.r).filter((p) => !parseErrors(fast.r).includes(p));
const onlyFast = parseErrors(fast.r).filter((p) => !parseErrors(slow.r).includes(p));
const mb = (n) => (n / 1e6).toFixed(1);
console.log(`${files.length} files; fast ${fast.ms.toFixed(0)} ms, reference ${slow.ms.toFixed(0)} ms; ${fast.r.findings.length} vs ${slow.r.findings.length} findings; identical but parse errors: ${same}`);
console.log(`fast: ${fast.stats.files} files parsed (${fast.stats.regionParses} as regions, ${fast.stats.fullParses} whole), ${mb(fast.stats.parsedChars)} of their ${mb(fast.stats.fileChars)} M characters handed to tree-sitter`);
console.log(`reference: ${slow.stats.files} files parsed whole, ${mb(slow.stats.parsedChars)} M characters`);
console.log(`parse-error notices only in the reference (errors in statements no rule looks at): ${onlyReference.join(', ') || 'none'}; only in the fast run: ${onlyFast.join(', ') || 'none'}`);
process.exitCode = same && onlyFast.length === 0 ? 0 : 1;
