// The Python analyzer's speed-ups (the text pre-filter, the anchored walk and region parsing) must never
// change a result: every fixture and the example project give the same findings as the slow reference paths.

import { afterEach, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { parseTarget } from '../../src/analysis/versions.js';
import { pythonAnalyzerOptions, pythonParseStats } from '../../src/analysis/analyzers/python.js';
import { logicalLines, topLevelStatementStarts } from '../../src/analysis/analyzers/python-statements.js';

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
    pythonAnalyzerOptions.regions = true;
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

/** Unrelated code that holds no word any rule looks for: region parsing leaves it out. */
const padding = (n: number): string => `
class _Padding${n}:
    """Unrelated code between two statements."""

    def first(self, count):
        acc = 0
        for step in range(count):
            acc += step * 2
        return acc

    def second(self, left, right):
        if left > right:
            return left - right
        return [left, right, {"k": (left, right)}]


def _padding_function_${n}(a, b=3):
    return _Padding${n}().first(a) + b
`;

/** A fixture with padding after each of its top-level statements: most of the file is then never parsed. */
function padded(text: string): string {
  const starts = topLevelStatementStarts(text) ?? [0];
  const parts = starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
  return parts.map((part, i) => `${part}${part.endsWith('\n') ? '' : '\n'}${padding(i)}`).join('');
}

/**
 * The fixture with an unrelated statement after each simple statement, at every depth and with its
 * indentation: inside functions, branches and handlers, region parsing must leave those out and still find
 * everything. Undefined for a file the tokenizer cannot read.
 */
function deepPadded(text: string): string | undefined {
  const lines = logicalLines(text);
  if (!lines) return undefined;
  let out = '';
  let at = 0;
  for (let k = 0; k < lines.lineStarts.length; k++) {
    const code = lines.codeStarts[k]!;
    const indent = text.slice(lines.lineStarts[k]!, code);
    const next = k + 1 < lines.lineStarts.length ? lines.codeStarts[k + 1]! - lines.lineStarts[k + 1]! : 0;
    const endAt = lines.codeEnds[k]!;
    // Not after a decorator, a header (its body follows, deeper) or a last line without a line break.
    if (text[code] === '@' || next > indent.length || !/[\r\n]$/.test(text.slice(code, endAt))) continue;
    out += `${text.slice(at, endAt)}${indent}_pad_${k} = [${k}, (${k}, {"k": ${k}})]\n`;
    at = endAt;
  }
  return out + text.slice(at);
}

describe('region parsing', () => {
  afterEach(() => {
    pythonAnalyzerOptions.regions = true;
  });

  const run = (files: ReturnType<typeof memoryFile>[], target = '3.13') => analyzeFiles({ files, ruleset, target: parseTarget(target), threads: 1 });

  it.each(['3.12', '3.13'])('gives the findings of whole-file parsing on every fixture padded with unrelated code (%s)', async (target) => {
    const resolved = await Promise.all(corpus.map(async (f) => memoryFile(f.path, padded(String(await f.load())))));
    const before = { ...pythonParseStats };
    const regions = await run(resolved, target);
    const parsed = pythonParseStats.parsedChars - before.parsedChars;
    const total = pythonParseStats.fileChars - before.fileChars;
    // Every fixture is cut into regions (but core.py, whose syntax error leaves a bracket open), and most
    // of the padded text is never parsed.
    const splittable = (await Promise.all(resolved.map(async (f) => topLevelStatementStarts(String(await f.load())) !== undefined))).filter(Boolean).length;
    expect(splittable).toBe(resolved.length - 1);
    expect(pythonParseStats.fullParses - before.fullParses).toBeLessThanOrEqual(1);
    expect(pythonParseStats.regionParses - before.regionParses).toBeGreaterThanOrEqual(10);
    expect(parsed / total).toBeLessThan(0.5);
    pythonAnalyzerOptions.regions = false;
    const whole = await run(resolved, target);
    expect(regions.findings.length).toBeGreaterThan(100);
    expect(regions).toEqual(whole);
  });

  it.each(['3.12', '3.13'])('gives the findings of whole-file parsing on every fixture padded inside its blocks too (%s)', async (target) => {
    const texts = await Promise.all(corpus.map(async (f) => ({ path: f.path, text: deepPadded(String(await f.load())) })));
    const resolved = texts.filter((t) => t.text !== undefined).map((t) => memoryFile(t.path, t.text!));
    expect(resolved.length).toBe(corpus.length - 1);
    const before = { ...pythonParseStats };
    const regions = await run(resolved, target);
    expect(pythonParseStats.regionParses - before.regionParses).toBeGreaterThanOrEqual(10);
    pythonAnalyzerOptions.regions = false;
    const whole = await run(resolved, target);
    expect(regions.findings.length).toBeGreaterThan(100);
    expect(regions).toEqual(whole);
  });

  /** The findings as `line:rule`; with regions on, also that the file was parsed as regions (no fallback). */
  const findings = async (code: string, expectRegions = pythonAnalyzerOptions.regions): Promise<string[]> => {
    const before = { ...pythonParseStats };
    const result = await run([memoryFile('a.py', code)]);
    if (expectRegions) expect([pythonParseStats.regionParses - before.regionParses, pythonParseStats.fullParses - before.fullParses]).toEqual([1, 0]);
    return result.findings.map((f) => `${f.line}:${f.rule}`);
  };
  const pad = padding(0) + padding(1) + padding(2);

  it('follows a name an import binds far from where it is used', async () => {
    const code = `from re import split as sp\n${pad}parts = sp(",", "a,b", 1)\n`;
    const line = code.split('\n').length - 1;
    expect(await findings(code)).toEqual([`${line}:py-deprecated-re-split-positional-maxsplit`]);
  });

  it('sees a receiver built by a module-level assignment in another statement', async () => {
    const code = `import gzip\nlog = gzip.GzipFile("x.gz")\n${pad}print(log.filename)\n`;
    const line = code.split('\n').length - 1;
    expect(await findings(code)).toEqual([`${line}:py-removed-gzip-filename`]);
  });

  it('follows base classes defined elsewhere in the file, and the methods they define themselves', async () => {
    const code = [
      'import unittest',
      'class Base(unittest.TestCase):',
      '    def setUp(self):',
      '        self.n = 1',
      '    def other(self):',
      '        return 2',
      'class Helper(Base):',
      '    def failIf(self, x):',
      '        return x',
      pad,
      'class Mine(Base):',
      '    def test_a(self):',
      '        self.failUnless(True)',
      '    def test_b(self):',
      '        return 3',
      'class Own(Helper):',
      '    def test_c(self):',
      '        self.failIf(1)',
      '',
    ].join('\n');
    const line = code.split('\n').indexOf('        self.failUnless(True)') + 1;
    pythonAnalyzerOptions.regions = false;
    const whole = await findings(code);
    pythonAnalyzerOptions.regions = true;
    expect(whole).toEqual([`${line}:py-removed-unittest-fail-unless`]);
    expect(await findings(code)).toEqual(whole);
  });

  /** Findings, and how many characters were handed to tree-sitter for the one file. */
  const measured = async (code: string): Promise<{ found: string[]; parsed: number }> => {
    const before = pythonParseStats.parsedChars;
    const found = await findings(code);
    return { found, parsed: pythonParseStats.parsedChars - before };
  };
  const bigFunction = (n: number, body: string): string => `def big${n}(path):\n${body}${padding(n).split('\n').map((l) => (l ? `    ${l}` : l)).join('\n')}\n    return path\n`;

  it('leaves out a function whose only import binds nothing any parsed statement or rule uses', async () => {
    const code = `import cgi\n${bigFunction(1, '    import json\n')}${pad}`;
    const { found, parsed } = await measured(code);
    expect(found).toEqual(['1:py-removed-module-cgi']);
    expect(parsed).toBeLessThan(code.length / 4);
  });

  it('parses the imports a parsed statement uses, even inside an unrelated function (a module is no logger)', async () => {
    // `warnings.warn` is not `logger.warn`: the receiver is bound by an import, found only in big1.
    const code = `import logging\n${bigFunction(1, '    import warnings\n')}${pad}def run(log):\n    warnings.warn("x")\n    log.warn("y")\n`;
    const line = code.split('\n').length - 1;
    pythonAnalyzerOptions.regions = false;
    const whole = await findings(code);
    pythonAnalyzerOptions.regions = true;
    expect(whole).toEqual([`${line}:py-deprecated-logging-warn`]);
    expect(await findings(code)).toEqual(whole);
  });

  it('parses an import holding a name a rule mentions, wherever it is', async () => {
    const code = `${bigFunction(1, '    import xml.etree.ElementTree as ET\n')}${pad}def check(root):\n    if root.find("a"):\n        return 1\n`;
    const line = code.split('\n').length - 2;
    expect((await measured(code)).found).toEqual([`${line}:py-deprecated-etree-element-truth`]);
  });

  it('does not parse the calls of a method whose rules all need an import the file lacks', async () => {
    const calls = Array.from({ length: 40 }, (_, i) => `def f${i}(s):\n    if s.find("x"):\n        return s.warn("y")\n${padding(i)}`).join('');
    const { found, parsed } = await measured(`import cgi\n${calls}`);
    expect(found).toEqual(['1:py-removed-module-cgi']);
    expect(parsed).toBeLessThan(20);
    // With the import, every one of them is a finding.
    expect((await measured(`import logging\n${calls}`)).found).toHaveLength(40);
  });

  /** Findings with regions off and on (both must agree), and the characters parsed with regions on. */
  const both = async (code: string): Promise<{ found: string[]; parsed: number }> => {
    pythonAnalyzerOptions.regions = false;
    const whole = await findings(code);
    pythonAnalyzerOptions.regions = true;
    const before = pythonParseStats.parsedChars;
    const result = await run([memoryFile('a.py', code)]);
    expect(result.findings.map((f) => `${f.line}:${f.rule}`)).toEqual(whole);
    return { found: whole, parsed: pythonParseStats.parsedChars - before };
  };

  it('does not parse a chain whose root an import binds to a module no rule of that word concerns', async () => {
    // `split` is an anchor for `re.split`; `os.path.split` after `import os` can never be it.
    const uses = Array.from({ length: 30 }, (_, i) => `def g${i}(p):\n    return os.path.split(p)\n${padding(i)}`).join('');
    const { found, parsed } = await both(`import os\nimport cgi\n${uses}def h(s):\n    return re.split(",", s, 1)\n`);
    expect(found).toEqual(['2:py-removed-module-cgi']);
    expect(parsed).toBeLessThan(200);
    const withRe = await both(`import os, re\nimport cgi\n${uses}def h(s):\n    return re.split(",", s, 1)\n`);
    expect(withRe.found.map((f) => f.split(':')[1])).toEqual(['py-removed-module-cgi', 'py-deprecated-re-split-positional-maxsplit']);
    expect(withRe.parsed).toBeLessThan(400);
  });

  it('follows a chain broken over lines inside brackets', async () => {
    for (const chain of ['(re\n        .split(",", s, 1))', '(re.\n        split(",", s, 1))', 're \\\n        .split(",", s, 1)']) {
      const code = `import re\nimport cgi\n${pad}def h(s):\n    return ${chain}\n`;
      const { found } = await both(code);
      expect(found.map((f) => f.split(':')[1])).toEqual(['py-removed-module-cgi', 'py-deprecated-re-split-positional-maxsplit']);
    }
  });

  it('parses an import of a rule name inside an unrelated function, and one under a renamed module', async () => {
    const code = `import cgi\n${bigFunction(1, '    from unittest import makeSuite\n')}${bigFunction(2, '    import typing as t\n    x = t.Text\n')}${pad}`;
    const { found } = await both(code);
    expect(found.map((f) => f.split(':')[1])).toEqual(['py-removed-module-cgi', 'py-removed-unittest-makesuite', 'py-deprecated-typing-text']);
  });

  it('parses `exec` only where its function reads `locals()`, a decorator only with an inner one it chains', async () => {
    const plain = Array.from({ length: 20 }, (_, i) => `def e${i}(code):\n    exec(code)\n    return 1\n\nclass K${i}:\n    @classmethod\n    def make(cls):\n        return cls()\n${padding(i)}`).join('');
    const quiet = await both(`import cgi\n${plain}`);
    expect(quiet.found).toEqual(['1:py-removed-module-cgi']);
    expect(quiet.parsed).toBeLessThan(20);
    const loud = await both(`import cgi\n${plain}def r(code):\n    exec(code)\n    return locals()["x"]\n\nclass P:\n    @classmethod\n    @property\n    def name(cls):\n        return "p"\n`);
    expect(loud.found.map((f) => f.split(':')[1])).toEqual(['py-removed-module-cgi', 'py-locals-exec-readback', 'py-removed-classmethod-chaining']);
  });

  it('finds base classes of class statements written unusually (continued name, form feed)', async () => {
    for (const header of ['class \\\n    Mine(Base):', 'class\fMine(Base):', 'class Mine(\n    Base,  # a comment with a )\n):']) {
      const code = `import unittest\nclass Base(unittest.TestCase):\n    pass\n${pad}${header}\n    def test_a(self):\n        self.failUnless(True)\n`;
      const { found } = await both(code);
      expect(found.map((f) => f.split(':')[1])).toEqual(['py-removed-unittest-fail-unless']);
    }
  });

  it('parses inside functions only the statements that matter, with their headers, clauses and try imports', async () => {
    const body = (n: number, indent: string): string => padding(n).split('\n').map((l) => (l ? `${indent}${l}` : l)).join('\n');
    const code = [
      'def loader(flag):',
      '    if flag:',
      `${body(0, '        ')}`,
      '        try:',
      `${body(1, '            ')}`,
      '            import _imp',
      '            x = 1',
      '        except ImportError:',
      `${body(2, '            ')}`,
      '            import imp',
      '    else:',
      '        import asynchat',
      '',
    ].join('\n');
    const severities = async (): Promise<string[]> => {
      const result = await run([memoryFile('a.py', code)]);
      return result.findings.map((f) => `${f.line}:${f.rule}:${f.severity}`);
    };
    const before = { ...pythonParseStats };
    const regions = await severities();
    // The import in the handler is a fallback (notice) because the try body imports: that import is parsed.
    expect(regions.map((f) => f.replace(/^\d+:/, ''))).toEqual(['py-removed-module-imp:notice', 'py-removed-module-asynchat:error']);
    expect([pythonParseStats.regionParses - before.regionParses, pythonParseStats.fullParses - before.fullParses]).toEqual([1, 0]);
    expect((pythonParseStats.parsedChars - before.parsedChars) / code.length).toBeLessThan(0.25);
    pythonAnalyzerOptions.regions = false;
    expect(await severities()).toEqual(regions);
  });

  it('reports a syntax error in the statements it parses, not one in code no rule looks at', async () => {
    const broken = 'def unrelated:\n    pass\n';
    expect(await findings(`import cgi\n${pad}${broken}`)).toEqual(['1:py-removed-module-cgi']);
    const inside = await findings(`import cgi\n${pad}def f:\n    import imp\n`, false);
    expect(inside).toContain('1:py-removed-module-cgi');
    expect(inside.some((f) => f.endsWith(':pyshift-parse-error'))).toBe(true);
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

  it('keeps string and f-string lines that start with # (the tokenizer knows they are not comments)', async () => {
    // Blanking `#{...}` lines inside this f-string used to break it: a false parse-error notice.
    const code = 'import cgi\nscript = f"""\\\n#coding: latin-1\n#{"a" * 10}\n"""\nx = """\n# \'\'\'\n"""\n';
    const result = await analyzeFiles({ files: [memoryFile('a.py', code)], ruleset, target: parseTarget('3.13') });
    expect(result.findings.map((f) => `${f.line}:${f.rule}`)).toEqual(['1:py-removed-module-cgi']);
  });

  it('blanks comment lines inside the brackets of a parsed statement, and finds what follows them', async () => {
    const comments = '    # a comment inside the call\n'.repeat(3000);
    const code = `import array\nx = array.array(\n${comments}    "u",\n)\nimport imp\n`;
    const result = await analyzeFiles({ files: [memoryFile('a.py', code)], ruleset, target: parseTarget('3.13') });
    expect(result.findings.map((f) => `${f.line}:${f.rule}`)).toEqual(['3003:py-pending-array-u-typecode', '3005:py-removed-module-imp']);
  });

  it('blanks exactly the comment-only lines, character for character', async () => {
    const { blankCommentLines } = await import('../../src/analysis/analyzers/python.js');
    const text = 'x = 1  # keep\n  # gone 😀\r\n#\n"#" # keep\n';
    const blanked = blankCommentLines(text);
    expect(blanked).toBe('x = 1  # keep\n           \r\n \n"#" # keep\n');
    expect(blanked.length).toBe(text.length);
  });
});
