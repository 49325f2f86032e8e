// The CLI contract (README "CLI"): arguments, output formats, exit codes, config, .gitignore.

import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runCli } from '../../src/cli/main.js';
import { tempTree } from '../support/temp-tree.js';

interface Run { code: number; stdout: string; stderr: string }

async function cli(args: string[], cwd: string, opts: { isTTY?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    isTTY: opts.isTTY ?? false,
    env: {},
  });
  return { code, stdout, stderr };
}

const PROJECT = {
  'app/main.py': 'import sys\nimport cgi\n\n\ndef handler():\n    return cgi.escape("x")\n',
  'app/util.py': 'import json\n',
  'app/legacy.py': 'try:\n    import imghdr\nexcept ImportError:\n    imghdr = None\n',
  'vendor/old.py': 'import telnetlib\n',
  'build/generated.py': 'import nntplib\n',
  '.gitignore': 'build/\n',
  'README.md': 'import cgi\n',
};

describe('pyshift scan', () => {
  const root = tempTree(PROJECT);

  it('prints findings grouped by file with a summary, and exits 1 on errors', async () => {
    const run = await cli(['scan', '.'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('app/main.py\n  2:8     error   `cgi` was removed from the standard library in Python 3.13');
    expect(run.stdout).toContain('fix: Replace cgi.FieldStorage with urllib.parse.parse_qsl()');
    expect(run.stdout).not.toContain('build/generated.py');
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('3 findings for Python 3.13 (2 errors, 0 warnings, 1 notice) in 3 files of 4 files analysed.');
  });

  it('colours text only on a terminal', async () => {
    expect((await cli(['scan', '.'], root, { isTTY: true })).stdout).toContain('\u001b[31m');
    expect((await cli(['scan', '.', '--no-color'], root, { isTTY: true })).stdout).not.toContain('\u001b[');
  });

  it('prints the JSON contract with paths relative to the current directory', async () => {
    const run = await cli(['scan', join(root, 'app'), '--format', 'json'], join(root, 'vendor'));
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['target', 'files', 'findings', 'errors']);
    expect(out.target).toBe('3.13');
    expect(out.files).toBe(3);
    expect(out.findings.map((f: { path: string; line: number; rule: string; severity: string }) => [f.path, f.line, f.rule, f.severity])).toEqual([
      ['../app/legacy.py', 2, 'py-removed-module-imghdr', 'notice'],
      ['../app/main.py', 2, 'py-removed-module-cgi', 'error'],
    ]);
    expect(Object.keys(out.findings[0])).toEqual(['rule', 'path', 'line', 'column', 'endLine', 'endColumn', 'severity', 'message', 'fix']);
  });

  it('writes SARIF 2.1.0 that validates against the schema', async () => {
    const run = await cli(['scan', '.', '--format', 'sarif'], root);
    const require = createRequire(import.meta.url);
    const schemaPath = join(require.resolve('@microsoft/jest-sarif/package.json'), '..', 'lib/schemas/sarif-2.1.0-rtm.5.json');
    // The published schema has a pattern that is invalid with the u flag, so ajv compiles it without.
    const ajv = new Ajv04.default({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const log = JSON.parse(run.stdout);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'notice';
    expect(validate(broken)).toBe(false);
    const results = log.runs[0].results;
    expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['py-removed-module-imghdr', 'note'],
      ['py-removed-module-cgi', 'error'],
      ['py-removed-module-telnetlib', 'error'],
    ]);
    expect(log.runs[0].tool.driver.rules[results[1].ruleIndex].id).toBe('py-removed-module-cgi');
    expect(results[1].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'app/main.py' },
      region: { startLine: 2, startColumn: 8, endLine: 2, endColumn: 11 },
    });
  });

  it('prints GitHub Actions workflow commands with escaped data', async () => {
    const run = await cli(['scan', 'app/main.py', '--format', 'github'], root);
    expect(run.stdout).toMatch(/^::error file=app\/main\.py,line=2,endLine=2,col=8,endColumn=11,title=PyShift py-removed-module-cgi::`cgi` was removed .*%0AFix: .*%0Ahttps:\/\/docs\.python\.org\/3\.13\/whatsnew\/3\.13\.html#whatsnew313-pep594\n$/);
  });

  it('prints what the GitHub check run would say, rendered by the App\'s own renderer', async () => {
    const run = await cli(['scan', '.', '--format', 'check-run'], root);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['Check run "Python 3.13 migration": failure', 'Title: 2 errors, 1 notice']);
    expect(run.stdout).toContain('| `app/main.py:2` | [`py-removed-module-cgi`]');
    expect(run.stdout).toContain('Annotations (3):\n  app/legacy.py:2:12  notice  py-removed-module-imghdr');
  });

  it('gates by target: on 3.12 the 3.13 removals are pending warnings, so the exit code is 0', async () => {
    const run = await cli(['scan', 'app/main.py', '--target', '3.12', '--format', 'json'], root);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings.map((f: { severity: string }) => f.severity)).toEqual(['warning']);
  });

  it('exits 0 when nothing fails', async () => {
    const run = await cli(['scan', 'app/util.py'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('No problems for Python 3.13 in 1 file.\n');
  });
});

describe('configuration', () => {
  it('reads .github/pyshift.yml under the scanned folder: excludes, rule settings, fail_on', async () => {
    const root = tempTree({
      ...PROJECT,
      '.github/pyshift.yml': 'target: "3.13"\nfail_on: never\npaths: { exclude: ["vendor/**"] }\nrules: { py-removed-module-cgi: warning }\n',
    });
    const run = await cli(['scan', '.', '--format', 'json'], root);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings.map((f: { path: string; severity: string }) => [f.path, f.severity])).toEqual([
      ['app/legacy.py', 'notice'],
      ['app/main.py', 'warning'],
    ]);
  });

  it.each([
    ['an unknown key', 'targt: "3.13"\n', 'targt: unknown key'],
    ['an unknown rule id', 'rules: { py-no-such-rule: off }\n', 'rules.py-no-such-rule: unknown rule id'],
    ['a bad severity', 'rules: { py-removed-module-cgi: fatal }\n', 'rules.py-removed-module-cgi: must be one of off, error, warning, notice'],
    ['an unknown target', 'target: "3.9"\n', 'target: "3.9" is not a supported target'],
    ['a number that YAML turns into 3.1', 'target: 3.10\n', 'target: "3.1" is not a supported target'],
    ['invalid YAML', 'rules: [\n', 'invalid YAML'],
  ])('a config with %s exits 2 and names the key', async (_what, yaml, message) => {
    const root = tempTree({ 'a.py': 'import cgi\n', '.github/pyshift.yml': yaml });
    const run = await cli(['scan', '.'], root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('pyshift: .github/pyshift.yml is not valid: ');
    expect(run.stderr).toContain(message);
  });

  it('--config names another file, and a missing one is an error', async () => {
    const root = tempTree({ 'a.py': 'import cgi\n', 'ci.yml': 'rules: { py-removed-module-cgi: off }\n' });
    expect((await cli(['scan', '.', '--config', 'ci.yml'], root)).code).toBe(0);
    const missing = await cli(['scan', '.', '--config', 'nope.yml'], root);
    expect([missing.code, missing.stderr]).toEqual([2, 'pyshift: cannot read config file nope.yml: ENOENT\n']);
  });
});

describe('usage and bad input', () => {
  const root = tempTree({ 'a.py': 'import cgi\n', 'blob.py': new Uint8Array([0x69, 0x6d, 0, 0xff]), 'latin.py': Buffer.from('# -*- coding: latin-1 -*-\nimport uu  # caf\xe9\n', 'latin1'), 'bad.py': Buffer.from([0x69, 0x3d, 0xff, 0xfe, 0x0a]) });

  it.each([
    [['scan', '.', '--target', '3.9'], 'pyshift: unknown target Python version "3.9": use one of 3.12, 3.13, 3.14\n'],
    [['scan', '.', '--format', 'xml'], 'pyshift: unknown format "xml": use one of text, json, sarif, github, check-run\n'],
    [['scan', 'missing-folder'], 'pyshift: cannot read missing-folder: no such file or directory\n'],
    [['lint', '.'], 'pyshift: unknown command "lint" (the command is: pyshift scan [PATH...])\n'],
    [[], 'pyshift: missing command (the command is: pyshift scan [PATH...])\n'],
  ])('%j exits 2 with a one-line reason', async (args, message) => {
    const run = await cli(args, root);
    expect([run.code, run.stderr, run.stdout]).toEqual([2, message, '']);
  });

  it('reports binary and undecodable files as errors and goes on; honours PEP 263 cookies', async () => {
    const run = await cli(['scan', '.', '--format', 'json'], root);
    const out = JSON.parse(run.stdout);
    expect(out.errors).toEqual([
      { path: 'bad.py', message: 'skipped: not valid UTF-8 text and no PEP 263 coding cookie names another encoding' },
      { path: 'blob.py', message: 'skipped: binary file (it contains NUL bytes)' },
    ]);
    expect(out.findings.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`)).toEqual(['a.py py-removed-module-cgi', 'latin.py py-removed-module-uu']);
    expect(out.files).toBe(2);
  });

  it('reports a file over the size limit from its size, and reads files at the limit and empty ones', async () => {
    const big = tempTree({ 'huge.py': `x = "${'a'.repeat(2 * 1024 * 1024)}"\n`, 'edge.py': `import cgi\n${'#'.repeat(2 * 1024 * 1024 - 12)}\n`, 'empty.py': '' });
    const out = JSON.parse((await cli(['scan', '.', '--format', 'json'], big)).stdout);
    expect(out.errors).toEqual([{ path: 'huge.py', message: 'skipped: 2097159 bytes is over the 2097152-byte limit for one file' }]);
    expect(out.findings.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`)).toEqual(['edge.py py-removed-module-cgi']);
    expect(out.files).toBe(2);
  });

  it('an unknown option exits 2 and points at --help', async () => {
    const run = await cli(['scan', '--bogus'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pyshift: Unknown option '--bogus'.* \(see pyshift --help\)\n$/);
  });

  it('prints help and version', async () => {
    expect((await cli(['--help'], root)).stdout).toContain('Usage: pyshift scan [PATH...] [options]');
    expect((await cli(['--version'], root)).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
