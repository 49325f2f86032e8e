// The long fuzz campaign (issue #6): the generators and properties of test/fuzz/inputs.ts, run for many
// more inputs than CI can afford, against the compiled engine. Prints a markdown table for bench/FUZZ.md.
//
//   npm run fuzz:long [-- RUNS_PER_TARGET]      (default 34,000 per analyzer: 102,000 inputs over 11 paths)

import fc from 'fast-check';
import { DEFAULT_RULES_DIR, loadRuleset } from '../src/analysis/ruleset.js';
import { checkScan, contents, fixtureTexts, TARGETS } from '../test/fuzz/inputs.js';

const perTarget = Number(process.argv[2] ?? 34_000);
const ruleset = loadRuleset(DEFAULT_RULES_DIR);
const fixtures = fixtureTexts(DEFAULT_RULES_DIR);
const rows: string[] = [];
let total = 0;
const started = Date.now();

for (const [kind, paths] of Object.entries(TARGETS)) {
  for (const path of paths) {
    const t = Date.now();
    const failures: string[] = [];
    let runs = 0;
    let broken = 0;
    await fc.assert(
      fc.asyncProperty(contents(kind, fixtures[kind]!, { maxDepth: 10_000 }), async (content) => {
        runs++;
        const problems = await checkScan(ruleset, path, content);
        if (problems.length > 0) broken++;
        if (problems.length > 0 && failures.length < 5) failures.push(`${problems[0]} (input: ${JSON.stringify(typeof content === 'string' ? content.slice(0, 120) : [...content.slice(0, 40)])})`);
      }),
      { numRuns: Math.ceil(perTarget / paths.length), seed: 2026 },
    );
    total += runs;
    rows.push(`| ${kind} | \`${path}\` | ${runs.toLocaleString('en-US')} | ${broken} | ${((Date.now() - t) / 1000).toFixed(1)} s |`);
    for (const f of failures) rows.push(`| | | | ${f.replace(/\|/g, '\\|')} | |`);
    console.error(rows.at(-1));
  }
}

console.log('| Analyzer | Path | Inputs | Inputs that broke a property | Time |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log(`\n${total.toLocaleString('en-US')} inputs in ${((Date.now() - started) / 1000).toFixed(0)} s (Node ${process.version}).`);
