// Shared by the fuzz tests (short runs in CI) and scripts/fuzz-campaign.ts (the long campaign): generators of
// hostile file contents for every analyzer, and the properties every scan result must have.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import type { Ruleset } from '../../src/analysis/ruleset.js';
import type { ScanResult } from '../../src/analysis/types.js';
import type { PythonVersion } from '../../src/analysis/versions.js';

/** Paths each analyzer accepts, by target name. */
export const TARGETS: Record<string, readonly string[]> = {
  python: ['x.py', 'pkg/x.pyi'],
  requirements: ['requirements.txt', 'constraints.txt', 'x.in', 'pyproject.toml', 'setup.cfg', 'Pipfile'],
  dockerfile: ['Dockerfile', 'Containerfile', 'x.Dockerfile'],
};

/** Real fixtures under rules/, by analyzer: the seeds that mutations start from. */
export function fixtureTexts(rulesDir: string): Record<string, string[]> {
  const out: Record<string, string[]> = { python: [], requirements: [], dockerfile: [] };
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!/\.(ya?ml|json|csv)$/.test(name)) {
        const kind = relative(rulesDir, p).split(/[\\/]/)[0]!;
        out[kind]?.push(readFileSync(p, 'utf8'));
      }
    }
  };
  walk(rulesDir);
  return out;
}

/** Fragments of each format's grammar, so that random text reaches past the first token. */
const PIECES: Record<string, readonly string[]> = {
  python: [
    'import ', 'from ', ' as ', 'imp', 'cgi', 'locals()', 'exec(x)', 'def f(self):', 'class A(B):', 'self.', '.', '(', ')', '[', ']', '{', '}',
    ':', '\n    ', '\n', 'if sys.version_info < (3, 13):', 'else:', 'try:', 'except ImportError:', '@classmethod', '@property', 'f"{', '"""', "'",
    '# pyshift: ignore[', '# pyshift: ignore', 'gzip.GzipFile()', 'x.filename', ' and ', ' or ', 'not ', 'lambda: ', '\\', '\t', 'é', '\u{1F600}',
  ],
  requirements: [
    'numpy', '==', '>=1.0', '<2', ',', ';', ' python_version < "3.13"', '[extra]', '@', 'https://x.org/a.whl', '#egg=pkg', ' # c', '\\', '-r ',
    '-c ', '-e ', '--hash=sha256:ab', '[project]', 'dependencies = [', 'requires-python = ', '"', "'", '[tool.poetry.dependencies]',
    'python = "^3.9"', '[options]', 'install_requires =', '    ', '[packages]', '*', '${VAR}', '~=', '===', '.*', '{', '}', '[[', ']]', '=', '\n',
  ],
  dockerfile: [
    'FROM ', 'python:3.11', 'python:3.11-slim@sha256:ab', ' AS b', 'ARG ', 'ENV ', 'RUN ', 'CMD ', '["python", "-X", "gil=0"]', 'pip install ',
    'numpy==1.0', 'yum install -y python3-distutils', ' && ', ' || ', ' | ', '$(', '`', '"', "'", '${PY}', '\\\n', '# escape=`\n', '\n', ';',
    'PYTHON_GIL=0', 'python3.11', '/usr/local/lib/python3.11/site-packages', 'if [ -x y ]; then ', 'fi', '--mount=type=cache ', '<<EOF\n', 'EOF',
  ],
};

const junk = fc.constantFrom('\0', '\r', '\r\n', '\uFEFF', '\u2028', '\uD800', '\uDFFF', '\t', '\f', '\v', '\\', '\u0085', '\u200B');

/** A mutation of `text`: pieces inserted, slices dropped or duplicated, line ends rewritten. */
function mutate(seeds: readonly string[], pieces: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.nat(40), fc.oneof(fc.constantFrom(...pieces), junk, fc.string({ maxLength: 8 })), fc.constantFrom('insert', 'delete', 'duplicate', 'replace'));
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 8 }), fc.constantFrom('keep', 'crlf', 'cr', 'bom')).map(([seed, edits, ends]) => {
    let t = seed;
    for (const [at, len, piece, op] of edits) {
      const i = t.length === 0 ? 0 : at % t.length;
      if (op === 'insert') t = t.slice(0, i) + piece + t.slice(i);
      else if (op === 'delete') t = t.slice(0, i) + t.slice(i + len);
      else if (op === 'duplicate') t = t.slice(0, i + len) + t.slice(i, i + len) + t.slice(i + len);
      else t = t.slice(0, i) + piece + t.slice(i + piece.length);
    }
    if (ends === 'crlf') t = t.replace(/\n/g, '\r\n');
    else if (ends === 'cr') t = t.replace(/\n/g, '\r');
    else if (ends === 'bom') t = `\uFEFF${t}`;
    return t;
  });
}

/** Deep nesting and long runs of one token: `(((...`, `[[[...`, `[a.a.a...]`, `\\\n` continuations. */
function nesting(kind: string, maxDepth: number): fc.Arbitrary<string> {
  const open: Record<string, readonly [string, string, string][]> = {
    python: [['x = ', '(', ')'], ['x = ', '[', ']'], ['x = ', '{', '}'], ['x = ', 'f(', ')'], ['if ', 'not ', 'x:\n  imp.x'], ['x = ', 'a.', 'b'], ['', 'if x:\n'.padEnd(4), 'pass']],
    requirements: [['x = ', '[', ']'], ['', '[a.', ']'], ['x = ', '{a = ', '}'], ['numpy', ' \\\n', ''], ['numpy', '[', ']'], ['numpy; ', '(', ')']],
    dockerfile: [['RUN ', '$(', ')'], ['RUN ', '(', ')'], ['RUN ', 'a \\\n', 'b'], ['RUN ', '"', '"'], ['RUN ', '{ ', ' }'], ['FROM ', '${A:-', '}']],
  };
  return fc.tuple(fc.constantFrom(...open[kind]!), fc.integer({ min: 1, max: maxDepth }), fc.boolean()).map(([[head, o, c], n, close]) =>
    `${kind === 'python' ? 'import imp\n' : kind === 'dockerfile' ? 'FROM python:3.11\n' : ''}${head}${o.repeat(n)}${close ? c.repeat(n) : ''}\n`);
}

/** Hostile contents for one analyzer: random text and bytes, grammar soup, fixture mutations, deep nesting. */
export function contents(kind: string, seeds: readonly string[], opts: { maxDepth: number }): fc.Arbitrary<string | Uint8Array> {
  const pieces = PIECES[kind]!;
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }),
    fc.array(fc.oneof(fc.constantFrom(...pieces), junk), { maxLength: 60 }).map((p) => p.join('')),
    mutate(seeds, pieces),
    mutate(seeds, pieces).map((t) => Buffer.concat([Buffer.from(t), Buffer.from([0xc3, 0x28, 0xff, 0xfe])])),
    nesting(kind, opts.maxDepth),
  );
}

/** Number of lines of a file as the analyzers count them (every line-end convention is a break). */
export function lineCount(content: string | Uint8Array): number {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;
}

/**
 * Scans one file twice and returns what is wrong with the result (empty when every property holds):
 * the file yields findings or exactly one error, findings sit inside the file with a known rule, a message
 * and a fix, and the second scan gives the same result. `analyzeFiles` itself must not reject.
 */
export async function checkScan(ruleset: Ruleset, path: string, content: string | Uint8Array, target: PythonVersion = [3, 13]): Promise<string[]> {
  const scan = (): Promise<ScanResult> => analyzeFiles({ files: [memoryFile(path, content)], ruleset, target, threads: 1 });
  const first = await scan();
  const problems: string[] = [];
  const lines = lineCount(content);
  if (first.errors.length > 1) problems.push(`${first.errors.length} error entries`);
  if (first.errors.length === 1 && first.findings.length > 0) problems.push('both an error entry and findings');
  for (const e of first.errors) {
    if (e.path !== path || !e.message.trim()) problems.push(`error entry without a path or message: ${JSON.stringify(e)}`);
    if (/internal error/.test(e.message)) problems.push(`internal error: ${e.message}`);
  }
  for (const f of first.findings) {
    const where = `${f.rule} at ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;
    if (!ruleset.byId.has(f.rule)) problems.push(`unknown rule ${f.rule}`);
    if (!(f.line >= 1 && f.column >= 1 && f.endLine >= f.line && f.endLine <= lines)) problems.push(`${where} is outside the file's ${lines} lines`);
    if (f.endLine === f.line && f.endColumn < f.column) problems.push(`${where} ends before it starts`);
    if (!f.message.trim() || !f.fix.trim()) problems.push(`${where} has an empty message or fix`);
    const template = ruleset.byId.get(f.rule)?.message ?? '';
    const unfilled = [...template.matchAll(/\{(\w+)\}/g)].find((m) => f.message.includes(m[0]) && !f.message.includes(`$${m[0]}`));
    if (unfilled) problems.push(`${where} has an unfilled placeholder ${unfilled[0]}: ${f.message}`);
  }
  const second = await scan();
  if (JSON.stringify(second) !== JSON.stringify(first)) problems.push('a second scan of the same input gave another result');
  return problems;
}
