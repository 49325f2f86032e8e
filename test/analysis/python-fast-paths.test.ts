// The Python analyzer's speed-ups (the text pre-filter and the anchored walk) must never change a
// result: every fixture and the example project give the same findings as the slow reference paths.

import { afterEach, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { parseTarget } from '../../src/analysis/versions.js';
import { pythonAnalyzerOptions } from '../../src/analysis/analyzers/python.js';

const ruleset = loadRuleset();
const repo = fileURLToPath(new URL('../../', import.meta.url));

function pythonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return pythonFiles(p);
    return /\.pyi?$/.test(name) ? [p] : [];
  });
}

const corpus = [...pythonFiles(join(repo, 'rules')), ...pythonFiles(join(repo, 'examples'))].map((p) => memoryFile(p.slice(repo.length), readFileSync(p, 'utf8')));

async function scan(target: string) {
  return analyzeFiles({ files: corpus, ruleset, target: parseTarget(target) });
}

describe('fast paths equal the reference paths', () => {
  afterEach(() => {
    pythonAnalyzerOptions.prefilter = true;
    pythonAnalyzerOptions.walk = 'anchors';
  });

  it.each(['3.12', '3.13', '3.14'])('on %s', async (target) => {
    const fast = await scan(target);
    pythonAnalyzerOptions.prefilter = false;
    pythonAnalyzerOptions.walk = 'captures';
    const reference = await scan(target);
    expect(fast.findings.length).toBeGreaterThan(100);
    expect(fast).toEqual(reference);
  });

  it('a renamed import of a rule callable is still found at its call site', async () => {
    const code = 'from re import sub as resub\nfrom pathlib import Path as P\nresub("a", "b", "c", 0)\nwith P("x") as p:\n    pass\n';
    const result = await analyzeFiles({ files: [memoryFile('a.py', code)], ruleset, target: parseTarget('3.13') });
    expect(result.findings.map((f) => `${f.line}:${f.rule}`)).toEqual(['3:py-deprecated-re-sub-positional-flags', '4:py-removed-pathlib-context-manager']);
  });
});

describe('comment-only lines are blanked before parsing', () => {
  it('keeps every position: findings after thousands of comment lines are where they were', async () => {
    const comments = '# a comment line that tree-sitter would scan again and again\n'.repeat(5000);
    const code = `import sys\n${comments}    # indented comment\nimport cgi  # trailing comment stays\ns = """\n# not a comment: string content\n"""\nimport imp\n`;
    const result = await analyzeFiles({ files: [memoryFile('a.py', code)], ruleset, target: parseTarget('3.13') });
    expect(result.findings.map((f) => `${f.line}:${f.column}:${f.endColumn}:${f.rule}`)).toEqual([
      '5003:8:11:py-removed-module-cgi',
      '5007:8:11:py-removed-module-imp',
    ]);
  });

  it('blanks exactly the comment-only lines, character for character', async () => {
    const { blankCommentLines } = await import('../../src/analysis/analyzers/python.js');
    const text = 'x = 1  # keep\n  # gone 😀\r\n#\n"#" # keep\n';
    const blanked = blankCommentLines(text);
    expect(blanked).toBe('x = 1  # keep\n           \r\n \n"#" # keep\n');
    expect(blanked.length).toBe(text.length);
  });
});
