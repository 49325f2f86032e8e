// The dependency-file analyzer through the engine: pip's file format, pyproject.toml (PEP 621, PEP 735,
// build-system, Poetry), setup.cfg, Pipfile, bad input, exact positions, and the declared-package facts
// the Python analyzer reads (a removed module's backport declared in a manifest).

import { describe, expect, it } from '@jest/globals';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { parseTarget } from '../../src/analysis/versions.js';
import { ProjectIndex } from '../../src/analysis/project.js';
import { requirementsAnalyzer } from '../../src/analysis/analyzers/requirements.js';
import { manifestKind, readManifest } from '../../src/analysis/dependencies/manifests.js';
import { readPipFile, resolveInclude } from '../../src/analysis/dependencies/pip-file.js';

const ruleset = loadRuleset();

async function scan(files: Record<string, string>, target = '3.13') {
  return analyzeFiles({ files: Object.entries(files).map(([p, c]) => memoryFile(p, c)), ruleset, target: parseTarget(target) });
}

/** `path:line:col-endLine:endCol rule` for every finding. */
async function brief(files: Record<string, string>, target = '3.13'): Promise<string[]> {
  const result = await scan(files, target);
  expect(result.errors).toEqual([]);
  return result.findings.map((f) => `${f.path}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule}`);
}

describe('which files are dependency manifests', () => {
  it.each([
    ['requirements.txt', 'pip'],
    ['requirements-dev.txt', 'pip'],
    ['services/api/requirements_prod.txt', 'pip'],
    ['constraints.txt', 'pip'],
    ['requirements/base.txt', 'pip'],
    ['requirements.in', 'pip'],
    ['dev-requirements.txt', 'pip'],
    ['test_constraints.txt', 'pip'],
    ['requirements.d/lint.txt', 'pip'],
    ['dev.in', 'pip'],
    ['pyproject.toml', 'pyproject'],
    ['pkg/setup.cfg', 'setup-cfg'],
    ['Pipfile', 'pipfile'],
    ['MANIFEST.in', undefined],
    ['Makefile.in', undefined],
    ['config.h.in', undefined],
    ['configure.in', undefined],
    ['notes.txt', undefined],
    ['Pipfile.lock', undefined],
    ['setup.py', undefined],
  ])('%s -> %s', (path, kind) => {
    expect(manifestKind(path)).toBe(kind);
    expect(requirementsAnalyzer.accepts(path)).toBe(kind !== undefined);
  });
});

describe("pip's requirements-file format", () => {
  it.each([
    ['a plain pin', 'numpy==1.26.4\n', ['1:1-1:14 req-pin-below-313-support']],
    ['a trailing comment', 'numpy==1.26.4  # keep for the model\n', ['1:1-1:14 req-pin-below-313-support']],
    ['a comment line', '# numpy==1.26.4\n', []],
    ['a `#` inside a URL fragment is not a comment', 'pkg @ https://example.org/pkg.whl#sha256=abc\n', []],
    ['spaces and a parenthesised specifier', '  NumPy (==1.26.4)\n', ['1:3-1:19 req-pin-below-313-support']],
    ['extras', 'pandas[performance]==2.1.4\n', ['1:1-1:27 req-pin-below-313-support']],
    ['a marker that excludes the target', 'numpy==1.26.4; python_version < "3.13"\n', []],
    ['a marker that selects the target', 'numpy==1.26.4; python_version >= "3.13"\n', ['1:1-1:14 req-pin-below-313-support']],
    ['a platform marker (may apply)', 'numpy==1.26.4 ; sys_platform == "darwin"\n', ['1:1-1:14 req-pin-below-313-support']],
    ['hashes on the line', 'numpy==1.26.4 --hash=sha256:aaa --hash sha256:bbb\n', ['1:1-1:14 req-pin-below-313-support']],
    ['hashes on continuation lines', 'numpy==1.26.4 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\n', ['1:1-1:14 req-pin-below-313-support']],
    ['a requirement split by a continuation', 'numpy==\\\n1.26.4\n', ['1:1-2:7 req-pin-below-313-support']],
    ['a VCS requirement', 'git+https://github.com/numpy/numpy@v1.26.4#egg=numpy\n', []],
    ['an editable VCS requirement', '-e git+https://github.com/numpy/numpy@v1.26.4#egg=numpy\n', []],
    ['an archive URL', 'https://example.org/numpy-1.26.4.tar.gz\n', []],
    ['a local path', './vendor/numpy\n', []],
    ['a name @ URL', 'numpy @ https://example.org/numpy-1.26.4.tar.gz\n', []],
    ['an environment variable pip expands', 'pkg @ file:///${PROJECT_ROOT}/pkg\nnumpy==${NUMPY_VERSION}\n', []],
    ['a hash-pinned release whose 3.13 wheels came later', 'brotli==1.1.0 --hash=sha256:aaa\nbrotli==1.0.9 --hash=sha256:bbb\nbrotli==1.1.0\n', ['1:1-1:14 req-hash-pin-misses-313-wheels', '2:1-2:14 req-pin-below-313-support']],
    ['option lines', '--index-url https://pypi.org/simple\n--extra-index-url=https://example.org\n--pre\n-f ./wheels\n--only-binary :all:\n--require-hashes\n--trusted-host example.org\n', []],
    ['includes', '-r base.txt\n-c constraints.txt\n--requirement=dev.txt\n-rother.txt\n', []],
    ['pins after option lines keep their own line', '--index-url https://pypi.org/simple\n\nscipy==1.11.4\n', ['3:1-3:14 req-pin-below-313-support']],
  ])('%s', async (_what, text, expected) => {
    expect(await brief({ 'requirements.txt': text })).toEqual(expected.map((e) => `requirements.txt:${e}`));
  });

  it('resolves -r / -c includes relative to the including file', () => {
    const entries = readPipFile('svc/api/requirements.txt', '-r base.txt\n-c ../../constraints.txt\n-r https://example.org/r.txt\n--requirement /abs/r.txt\n');
    expect(entries.map((e) => (e.kind === 'include' ? `${e.option} ${e.resolved}` : e.kind))).toEqual([
      'requirement svc/api/base.txt',
      'constraint constraints.txt',
      'requirement https://example.org/r.txt',
      'requirement /abs/r.txt',
    ]);
    expect(resolveInclude('requirements.txt', 'requirements/dev.txt')).toBe('requirements/dev.txt');
    expect(readManifest('a/requirements.txt', '-r b.txt\n').includes).toEqual(['a/b.txt']);
  });

  it('scans included files that are requirements files of their own', async () => {
    expect(await brief({ 'requirements.txt': '-r requirements/base.txt\n', 'requirements/base.txt': 'grpcio==1.62.0\n' })).toEqual([
      'requirements/base.txt:1:1-1:15 req-pin-below-313-support',
    ]);
  });
});

describe('pyproject.toml', () => {
  const pep621 = [
    '[build-system]',
    'requires = ["setuptools>=61", "cython<3.0"]',
    '',
    '[project]',
    'name = "demo"',
    'requires-python = ">=3.9,<3.13"',
    'dependencies = [',
    '  "numpy==1.26.4",',
    "  'pillow<11; python_version < \"3.13\"',",
    '  "requests>=2",',
    ']',
    '',
    '[project.optional-dependencies]',
    'audio = ["pydub==0.25.1"]',
    '',
    '[dependency-groups]',
    'test = ["pytest", "uvloop==0.19.0"]',
    '',
  ].join('\n');

  it('reads PEP 621 dependencies, optional dependencies, requires-python, build-system and dependency groups', async () => {
    expect(await brief({ 'pyproject.toml': pep621 })).toEqual([
      'pyproject.toml:2:32-2:42 req-pin-below-313-support',
      'pyproject.toml:6:20-6:31 req-requires-python-excludes-target',
      'pyproject.toml:8:4-8:17 req-pin-below-313-support',
      'pyproject.toml:14:11-14:24 req-package-no-313-release',
      'pyproject.toml:17:20-17:34 req-pin-below-313-support',
    ]);
  });

  it('names the package, the specifier, the version to move to and its changelog', async () => {
    const result = await scan({ 'pyproject.toml': pep621 });
    const numpy = result.findings.find((f) => f.line === 8)!;
    expect(numpy.message).toBe(
      '`numpy==1.26.4` admits no numpy release at or above 2.1.0, the first one that supports Python 3.13: releases before 2.1.0 ship no wheels for CPython 3.13, so pip has to build them from source, which needs a compiler and often fails against 3.13.',
    );
    expect(numpy.fix).toBe('Allow `numpy>=2.1.0` (change `==1.26.4`), then run your tests on Python 3.13.');
    expect(numpy.docs).toBe('https://github.com/numpy/numpy/blob/main/doc/source/release/2.1.0-notes.rst');
    const python = result.findings.find((f) => f.rule === 'req-requires-python-excludes-target')!;
    expect(python.message).toBe('`requires-python = >=3.9,<3.13` admits no Python 3.13 release (>=3.9,<3.13), so installers refuse this project on Python 3.13.');
    const pydub = result.findings.find((f) => f.rule === 'req-package-no-313-release')!;
    expect(pydub.fix).toContain('audioop-lts');
  });

  it('checks requires-python against any target', async () => {
    expect(await brief({ 'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.13"\n' }, '3.12')).toEqual(['pyproject.toml:3:20-3:26 req-requires-python-excludes-target']);
    expect(await brief({ 'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.8,<3.13"\n' }, '3.12')).toEqual([]);
  });

  const poetry = [
    '[tool.poetry]',
    'name = "demo"',
    '',
    '[tool.poetry.dependencies]',
    'python = ">=3.9,<3.12"',
    'pandas = "^1.5"',
    'numpy = { version = "^1.26", python = "<3.13" }',
    'scipy = [',
    '  { version = "~1.11", markers = "sys_platform == \'win32\'" },',
    '  { version = "^1.14.1", markers = "sys_platform != \'win32\'" },',
    ']',
    'mylib = { git = "https://github.com/example/mylib.git" }',
    'orjson = "3.10.* || 3.9.*"',
    '',
    '[tool.poetry.group.dev.dependencies]',
    'pyzmq = "~25.1"',
    '',
  ].join('\n');

  it('reads Poetry dependencies, groups, per-dependency python and the python constraint', async () => {
    expect(await brief({ 'pyproject.toml': poetry })).toEqual([
      'pyproject.toml:5:11-5:22 req-requires-python-excludes-target',
      'pyproject.toml:6:1-6:16 req-pin-below-313-support',
      'pyproject.toml:8:1-8:10 req-pin-below-313-support',
      'pyproject.toml:16:1-16:16 req-pin-below-313-support',
    ]);
  });

  it.each([
    ['a missing bracket', '[project\nname = "x"\n', 1],
    ['an unterminated array', '[project]\ndependencies = [\n  "numpy"\nname = "x"\n', 4],
    ['a duplicate key', '[project]\nname = "x"\nname = "y"\n', 3],
  ])('malformed TOML (%s) is one parse error on its line, and the scan goes on', async (_what, text, line) => {
    const result = await scan({ 'pyproject.toml': text, 'requirements.txt': 'numpy==1.26.4\n' });
    const problems = result.findings.filter((f) => f.path === 'pyproject.toml');
    expect(problems.map((f) => [f.rule, f.severity, f.line])).toEqual([['pyshift-parse-error', 'error', line]]);
    expect(problems[0]!.message).toMatch(/^pyproject\.toml is not valid TOML: /);
    expect(result.findings.filter((f) => f.path === 'requirements.txt').map((f) => f.rule)).toEqual(['req-pin-below-313-support']);
  });
});

describe('setup.cfg', () => {
  const cfg = [
    '[metadata]',
    'name = demo',
    '',
    '[options]',
    'python_requires = >=3.8, <3.13',
    'install_requires =',
    '    requests>=2',
    '    # grpcio==1.50.0 is commented out',
    '    grpcio==1.62.0',
    '    numpy<2; python_version<"3.13"',
    'setup_requires = cython<3',
    '',
    '[options.extras_require]',
    'db =',
    '    psycopg2-binary==2.9.9',
    'docs: sphinx>=7',
    '',
  ].join('\n');

  it('reads install_requires, setup_requires, extras_require and python_requires with their positions', async () => {
    expect(await brief({ 'setup.cfg': cfg })).toEqual([
      'setup.cfg:5:19-5:31 req-requires-python-excludes-target',
      'setup.cfg:9:5-9:19 req-pin-below-313-support',
      'setup.cfg:11:18-11:26 req-pin-below-313-support',
      'setup.cfg:15:5-15:27 req-pin-below-313-support',
    ]);
  });

  it.each([
    ['an option before any section', 'install_requires = numpy\n', 1],
    ['a line that is not an option', '[options]\nthis is not an option\n', 2],
    ['an invalid requirement', '[options]\ninstall_requires =\n    numpy>=>1\n', 3],
    ['an invalid python_requires', '[options]\npython_requires = 3.9+\n', 2],
  ])('bad input (%s) is a parse error on its line', async (_what, text, line) => {
    const result = await scan({ 'setup.cfg': text });
    expect(result.findings.map((f) => [f.rule, f.severity, f.line])).toEqual([['pyshift-parse-error', 'error', line]]);
  });
});

describe('Pipfile', () => {
  const pipfile = [
    '[[source]]',
    'url = "https://pypi.org/simple"',
    'name = "pypi"',
    '',
    '[packages]',
    'aiohttp = "==3.9.5"',
    'requests = "*"',
    'numpy = {version = "<2", markers = "python_version < \'3.13\'"}',
    'greenlet = {version = "==3.0.3", sys_platform = "== \'linux\'"}',
    'mylib = {git = "https://github.com/example/mylib.git", editable = true}',
    '',
    '[dev-packages]',
    '"nose" = "*"',
    '',
    '[requires]',
    'python_version = "3.11"',
    '',
  ].join('\n');

  it('reads packages, dev-packages, markers and [requires] python_version', async () => {
    expect(await brief({ Pipfile: pipfile })).toEqual([
      'Pipfile:6:1-6:20 req-pin-below-313-support',
      'Pipfile:9:1-9:62 req-pin-below-313-support',
      'Pipfile:13:1-13:13 req-package-no-313-release',
      'Pipfile:16:19-16:23 req-requires-python-excludes-target',
    ]);
  });

  it('a bad version is a parse error on its line', async () => {
    const result = await scan({ Pipfile: '[packages]\nnumpy = "=>1.0"\n' });
    expect(result.findings.map((f) => [f.rule, f.line])).toEqual([['pyshift-parse-error', 2]]);
  });
});

describe('bad requirement lines', () => {
  it.each([
    ['an incomplete specifier', 'numpy>=\n'],
    ['two names', 'numpy pandas\n'],
    ['an unknown option', '--frobnicate\n'],
    ['an option pip dropped', 'numpy==2.1.0 --install-option=--prefix=/x\n'],
    ['an option without its value', '--index-url\n'],
    ['a compatible release with one segment', 'numpy~=2\n'],
  ])('%s is one parse error for that line, and the other lines are still checked', async (_what, bad) => {
    const result = await scan({ 'requirements.txt': `grpcio==1.62.0\n${bad}numpy==1.26.4\n` });
    expect(result.findings.map((f) => [f.line, f.rule, f.severity])).toEqual([
      [1, 'req-pin-below-313-support', 'error'],
      [2, 'pyshift-parse-error', 'error'],
      [3, 'req-pin-below-313-support', 'error'],
    ]);
  });

  it('a `*.in` file not named as requirements may be another template: its problems are notices', async () => {
    const result = await scan({ 'version.in': '@VERSION@\n', 'requirements.in': '@VERSION@\n' });
    expect(result.findings.map((f) => [f.path, f.rule, f.severity])).toEqual([
      ['requirements.in', 'pyshift-parse-error', 'error'],
      ['version.in', 'pyshift-parse-error', 'notice'],
    ]);
  });
});

describe('declared packages (cross-file with the Python analyzer)', () => {
  it('collect() declares every requirement with its line and records the manifest', () => {
    const project = new ProjectIndex();
    requirementsAnalyzer.collect!({ path: 'requirements.txt', text: '# deps\nLegacy_CGI>=2.6\n-e git+https://github.com/x/zombie-imp.git#egg=zombie-imp\nnumpy; python_version < "3.13"\n' }, project);
    expect([...project.declaredPackages.entries()]).toEqual([
      ['legacy-cgi', { path: 'requirements.txt', line: 2 }],
      ['zombie-imp', { path: 'requirements.txt', line: 3 }],
      ['numpy', { path: 'requirements.txt', line: 4 }],
    ]);
    expect(project.manifests).toEqual(['requirements.txt']);
  });

  const code = 'import cgi\n\nform = cgi.FieldStorage()\n';
  it.each([
    ['requirements.txt', 'flask==3.0.0\n', 'requirements.txt', 'flask==3.0.0\nlegacy-cgi>=2.6\n'],
    ['pyproject.toml', '[project]\nname = "x"\ndependencies = ["flask"]\n', 'pyproject.toml', '[project]\nname = "x"\ndependencies = ["flask", "legacy-cgi"]\n'],
    ['setup.cfg', '[options]\ninstall_requires =\n    flask\n', 'setup.cfg', '[options]\ninstall_requires =\n    flask\n    legacy-cgi\n'],
    ['Pipfile', '[packages]\nflask = "*"\n', 'Pipfile', '[packages]\nflask = "*"\nlegacy-cgi = "*"\n'],
    ['Poetry', '[tool.poetry.dependencies]\npython = "^3.9"\n', 'pyproject.toml', '[tool.poetry.dependencies]\npython = "^3.9"\nlegacy_cgi = "^2.6"\n'],
  ])('%s: `import cgi` is reported until legacy-cgi is declared', async (_kind, without, path, withBackport) => {
    const missing = await scan({ [path]: without, 'app/views.py': code });
    const cgi = missing.findings.filter((f) => f.rule === 'py-removed-module-cgi');
    expect(cgi.map((f) => [f.path, f.line])).toEqual([['app/views.py', 1]]);
    expect(cgi[0]!.message).toContain('No dependency file of this project declares `legacy-cgi`');
    const declared = await scan({ [path]: withBackport, 'app/views.py': code });
    expect(declared.findings.filter((f) => f.rule === 'py-removed-module-cgi')).toEqual([]);
  });
});

describe('findings quote the declaration as written', () => {
  it.each([
    ['requirements.txt', 'pandas >= 2.0, < 2.2\n', '`pandas>=2.0,<2.2` admits no pandas release at or above 2.2.3', 'Allow `pandas>=2.2.3` (change `>=2.0,<2.2`)'],
    ['pyproject.toml', '[tool.poetry.dependencies]\npandas = "^1.5"\n', '`pandas = "^1.5"` admits no pandas release at or above 2.2.3', 'Allow `pandas>=2.2.3` (change `^1.5`)'],
    ['Pipfile', '[packages]\npandas = "~=2.1.0"\n', '`pandas~=2.1.0` admits no pandas release at or above 2.2.3', 'Allow `pandas>=2.2.3` (change `~=2.1.0`)'],
  ])('%s', async (path, text, message, fix) => {
    const [finding, ...rest] = (await scan({ [path]: text })).findings;
    expect(rest).toEqual([]);
    expect(finding!.message.startsWith(message)).toBe(true);
    expect(finding!.fix.startsWith(fix)).toBe(true);
  });
});

describe('line endings', () => {
  it('CRLF files give the same findings at the same positions as LF files', async () => {
    const files: Record<string, string> = {
      'pyproject.toml': '[build-system]\nrequires = ["cython<3.0"]\n\n[project]\nname = "x"\nrequires-python = ">=3.9,<3.13"\ndependencies = [\n  "numpy==1.26.4",\n]\n[tool.poetry.dependencies]\npandas = "^1.5"\n',
      'setup.cfg': '[options]\npython_requires = >=3.8,<3.13\ninstall_requires =\n    numpy==1.26.4\n',
      Pipfile: '[packages]\naiohttp = "==3.9.5"\n[requires]\npython_version = "3.11"\n',
      'requirements.txt': 'numpy==\\\n1.26.4\nlxml==5.2.2 \\\n  --hash=sha256:aa\n',
    };
    const withEol = (eol: string) => Object.fromEntries(Object.entries(files).map(([p, c]) => [p, c.replace(/\n/g, eol)]));
    const lf = await brief(withEol('\n'));
    expect(lf).toHaveLength(10);
    expect(await brief(withEol('\r\n'))).toEqual(lf);
  });
});
