// `npm run verify:cpython`: proves the Python catalogue's facts with real CPython interpreters (pyenv's
// 3.11, 3.12 and 3.13). For every rule: what it removes works on the release before `removed_in` and fails
// on `removed_in`; what it changes behaves the old way before `changed_in` and differently from it on;
// what is pending removal still works on 3.13 and, where documented, emits its DeprecationWarning.
// Prints a markdown table, writes it to bench/verify-cpython.md and exits 1 on any contradiction.
// A tool, not a test: the interpreters are not a dependency of PyShift.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleset } from '../src/analysis/ruleset.js';
import type { Rule } from '../src/analysis/types.js';

/** How one fact is observed on an interpreter. */
type Probe =
  | { kind: 'import'; module: string }
  | { kind: 'attr'; name: string }
  | { kind: 'param'; callable: string; param: string }
  | { kind: 'code'; code: string };

interface Plan {
  probes: Probe[];
  /** The warning category the pending API is documented to emit on 3.13 (checked), if any. */
  warns?: string;
  /** Why the rule cannot be checked here (another platform, not a CPython fact). */
  skip?: string;
}

interface Outcome {
  ok: boolean;
  error?: string;
  warnings: string[];
}

/** The repository: compiled to lib/verify/scripts/, run by npm from the package root. */
const repoRoot = [process.cwd(), fileURLToPath(new URL('../../../', import.meta.url))].find((d) => existsSync(join(d, 'rules', 'schema.json')))!;

/** Probes a rule's matcher cannot derive: behaviour, parameters, instances. Keyed by rule id. */
const PLANS: Record<string, Plan> = {
  // removed-3.12
  'py-removed-configparser-readfp': { probes: [{ kind: 'attr', name: 'configparser.RawConfigParser.readfp' }] },
  'py-removed-configparser-parsingerror-filename': { probes: [{ kind: 'code', code: "import configparser\nconfigparser.ParsingError(filename='setup.cfg')" }] },
  'py-removed-ssl-keyfile-ftplib': { probes: [{ kind: 'param', callable: 'ftplib.FTP_TLS', param: 'keyfile' }, { kind: 'param', callable: 'ftplib.FTP_TLS', param: 'certfile' }] },
  'py-removed-ssl-keyfile-imaplib': { probes: [{ kind: 'param', callable: 'imaplib.IMAP4_SSL', param: 'keyfile' }, { kind: 'param', callable: 'imaplib.IMAP4_SSL', param: 'certfile' }] },
  'py-removed-ssl-keyfile-poplib': { probes: [{ kind: 'param', callable: 'poplib.POP3_SSL', param: 'keyfile' }, { kind: 'param', callable: 'poplib.POP3_SSL', param: 'certfile' }] },
  'py-removed-ssl-keyfile-smtplib': { probes: [{ kind: 'param', callable: 'smtplib.SMTP_SSL', param: 'keyfile' }, { kind: 'param', callable: 'smtplib.SMTP_SSL', param: 'certfile' }] },
  'py-removed-ssl-keyfile-starttls': { probes: [{ kind: 'param', callable: 'smtplib.SMTP.starttls', param: 'keyfile' }, { kind: 'param', callable: 'smtplib.SMTP.starttls', param: 'certfile' }] },
  'py-removed-ssl-keyfile-http-client': {
    probes: ['key_file', 'cert_file', 'check_hostname'].map((param) => ({ kind: 'param', callable: 'http.client.HTTPSConnection', param })),
  },
  'py-removed-gzip-filename': { probes: [{ kind: 'attr', name: 'gzip.GzipFile.filename' }] },
  'py-removed-unittest-use-load-tests': {
    probes: [{ kind: 'code', code: "import types, unittest\nunittest.TestLoader().loadTestsFromModule(types.ModuleType('m'), use_load_tests=False)" }],
  },
  'py-removed-webbrowser-get-obsolete': { probes: ['Grail', 'Netscape', 'Galeon'].map((c) => ({ kind: 'attr', name: `webbrowser.${c}` })) },
  'py-removed-zipimport-find-module': { probes: [{ kind: 'attr', name: 'zipimport.zipimporter.find_module' }, { kind: 'attr', name: 'zipimport.zipimporter.find_loader' }] },
  'py-changed-sys-current-exceptions': {
    probes: [{ kind: 'code', code: 'import sys, threading\ntry:\n    raise ValueError\nexcept ValueError:\n    value = sys._current_exceptions()[threading.get_ident()]\nassert isinstance(value, tuple), type(value)' }],
  },
  // removed-3.13
  'py-removed-pathlib-context-manager': { probes: [{ kind: 'code', code: "import pathlib\nwith pathlib.Path('.'):\n    pass" }] },
  'py-removed-turtle-settiltangle': { probes: [{ kind: 'attr', name: 'turtle.RawTurtle.settiltangle' }, { kind: 'attr', name: 'turtle.settiltangle' }] },
  'py-removed-typing-typeddict-kwargs': { probes: [{ kind: 'code', code: "from typing import TypedDict\nTD = TypedDict('TD', x=int)\nassert TD.__annotations__ == {'x': int}" }] },
  'py-removed-unittest-usageexit': { probes: [{ kind: 'attr', name: 'unittest.TestProgram.usageExit' }] },
  'py-removed-urlopen-cafile': { probes: ['cafile', 'capath', 'cadefault'].map((param) => ({ kind: 'param', callable: 'urllib.request.urlopen', param })) },
  // Defined only on macOS: read the module source instead.
  'py-removed-webbrowser-macosx': { probes: [{ kind: 'code', code: "import inspect, webbrowser\nassert 'class MacOSX(BaseBrowser)' in inspect.getsource(webbrowser)" }] },
  'py-changed-importlib-resources-encoding-positional': {
    probes: [{ kind: 'code', code: "import importlib.resources\nassert importlib.resources.read_text('json', '__init__.py', 'utf-8').startswith('r')" }],
  },
  // semantics-3.13
  'py-locals-mutation': { probes: [{ kind: 'code', code: "def f():\n    locals()['x'] = 1\n    return locals().get('x')\nassert f() == 1" }] },
  'py-locals-exec-readback': { probes: [{ kind: 'code', code: "def f():\n    exec('y = 2')\n    return locals()['y']\nassert f() == 2" }] },
  'py-removed-classmethod-chaining': { probes: [{ kind: 'code', code: 'class A:\n    @classmethod\n    @property\n    def x(cls):\n        return 42\nassert A.x == 42, A.x' }] },
  'py-changed-functools-partial-method': {
    probes: [{ kind: 'code', code: "import functools, warnings\nwarnings.simplefilter('error', FutureWarning)\nclass A:\n    m = functools.partial(print, end='')\nA().m" }],
  },
  'py-azure-functions-worker-extension': { probes: [], skip: 'Azure Functions runtime behaviour, not a CPython fact' },
  'py-azure-functions-opencensus-extension': { probes: [], skip: 'Azure Functions runtime behaviour, not a CPython fact' },
  // pending-3.14
  'py-pending-ast-num': { probes: ['Num', 'Str', 'Bytes', 'NameConstant', 'Ellipsis'].map((n) => ({ kind: 'attr', name: `ast.${n}` })), warns: 'DeprecationWarning' },
  'py-pending-asyncio-child-watchers': {
    probes: [{ kind: 'code', code: 'import asyncio\nasyncio.SafeChildWatcher()\nasyncio.get_child_watcher' }],
    warns: 'DeprecationWarning',
  },
  'py-pending-asyncio-policy-child-watcher': { probes: [{ kind: 'code', code: 'import asyncio\nasyncio.get_event_loop_policy().get_child_watcher()' }], warns: 'DeprecationWarning' },
  'py-pending-typing-bytestring': { probes: [{ kind: 'code', code: 'import typing\nisinstance(b"", typing.ByteString)' }], warns: 'DeprecationWarning' },
  'py-pending-email-localtime-isdst': { probes: [{ kind: 'code', code: 'import email.utils\nemail.utils.localtime(isdst=0)' }], warns: 'DeprecationWarning' },
  'py-pending-importlib-abc-resources': {
    probes: ['ResourceReader', 'Traversable', 'TraversableResources'].map((n) => ({ kind: 'attr', name: `importlib.abc.${n}` })),
    warns: 'DeprecationWarning',
  },
  'py-pending-pathlib-relative-to-args': { probes: [{ kind: 'code', code: "import pathlib\npathlib.PurePath('/a/b').relative_to('/', 'a')" }], warns: 'DeprecationWarning' },
  'py-pending-pkgutil-find-loader': { probes: [{ kind: 'code', code: "import pkgutil\npkgutil.find_loader('json')\npkgutil.get_loader('json')" }], warns: 'DeprecationWarning' },
  'py-pending-sqlite3-version': { probes: [{ kind: 'attr', name: 'sqlite3.version' }, { kind: 'attr', name: 'sqlite3.version_info' }], warns: 'DeprecationWarning' },
  'py-pending-urllib-parse-quoter': { probes: [{ kind: 'attr', name: 'urllib.parse.Quoter' }], warns: 'DeprecationWarning' },
  // pending-3.15
  'py-pending-ctypes-setpointertype': {
    probes: [{ kind: 'code', code: "import ctypes\nclass S(ctypes.Structure):\n    pass\nctypes.SetPointerType(ctypes.POINTER('S'), S)" }],
    warns: 'DeprecationWarning',
  },
  'py-pending-importlib-load-module': {
    probes: [{
      kind: 'code',
      code: "import importlib.machinery, os, tempfile\npath = os.path.join(tempfile.mkdtemp(), 'pyshift_probe.py')\nopen(path, 'w').write('x = 1')\nimportlib.machinery.SourceFileLoader('pyshift_probe', path).load_module()",
    }],
    warns: 'DeprecationWarning',
  },
  'py-pending-pathlib-is-reserved': { probes: [{ kind: 'code', code: "import pathlib\npathlib.PurePath('a').is_reserved()" }], warns: 'DeprecationWarning' },
  'py-pending-platform-java-ver': { probes: [{ kind: 'code', code: 'import platform\nplatform.java_ver()' }], warns: 'DeprecationWarning' },
  'py-pending-sysconfig-check-home': { probes: [{ kind: 'code', code: 'import sysconfig\nsysconfig.is_python_build(check_home=True)' }], warns: 'DeprecationWarning' },
  'py-pending-threading-rlock-args': { probes: [{ kind: 'code', code: 'import threading\nthreading.RLock(1)' }], warns: 'DeprecationWarning' },
  'py-pending-code-co-lnotab': { probes: [{ kind: 'code', code: '(lambda: 0).__code__.co_lnotab' }], warns: 'DeprecationWarning' },
  'py-pending-typing-namedtuple-kwargs': { probes: [{ kind: 'code', code: "from typing import NamedTuple\nNamedTuple('P', x=int)" }], warns: 'DeprecationWarning' },
  'py-pending-typing-typeddict-no-fields': { probes: [{ kind: 'code', code: "from typing import TypedDict\nTypedDict('TD')" }], warns: 'DeprecationWarning' },
  'py-pending-typing-no-type-check-decorator': { probes: [{ kind: 'code', code: 'import typing\ntyping.no_type_check_decorator(lambda f: f)' }], warns: 'DeprecationWarning' },
  'py-pending-wave-markers': { probes: [{ kind: 'code', code: 'import wave\nwave.Wave_read.getmarkers(None)' }], warns: 'DeprecationWarning' },
  // pending-3.16
  'py-pending-array-u-typecode': { probes: [{ kind: 'code', code: "import array\narray.array('u', 'abc')" }], warns: 'DeprecationWarning' },
  'py-pending-symtable-get-methods': { probes: [{ kind: 'attr', name: 'symtable.Class.get_methods' }] },
  'py-pending-sys-enablelegacywindowsfsencoding': { probes: [], skip: 'Windows only (sys._enablelegacywindowsfsencoding does not exist elsewhere)' },
  'py-pending-tarfile-tarfile-attribute': {
    probes: [{ kind: 'code', code: "import tarfile\ntarfile.TarInfo('x').tarfile = None" }],
    warns: 'DeprecationWarning',
  },
  // pending-future
  'py-deprecated-argparse-group-prefix-chars': { probes: [{ kind: 'code', code: "import argparse\nargparse.ArgumentParser(prefix_chars='-+').add_argument_group('g', prefix_chars='+')" }] },
  'py-deprecated-calendar-january': { probes: [{ kind: 'attr', name: 'calendar.January' }, { kind: 'attr', name: 'calendar.February' }], warns: 'DeprecationWarning' },
  'py-deprecated-datetime-utcnow': { probes: [{ kind: 'code', code: 'import datetime\ndatetime.datetime.utcnow()\ndatetime.datetime.utcfromtimestamp(0)' }], warns: 'DeprecationWarning' },
  'py-deprecated-importlib-cache-from-source-debug-override': {
    probes: [{ kind: 'code', code: "import importlib.util\nimportlib.util.cache_from_source('m.py', debug_override=True)" }],
    warns: 'DeprecationWarning',
  },
  'py-deprecated-logging-warn': {
    probes: [{ kind: 'code', code: "import logging\nlogger = logging.getLogger('pyshift-probe')\nlogger.disabled = True\nlogger.warn('x')" }],
    warns: 'DeprecationWarning',
  },
  'py-deprecated-shutil-rmtree-onerror': { probes: [{ kind: 'code', code: 'import shutil, tempfile\nshutil.rmtree(tempfile.mkdtemp(), onerror=print)' }] },
  'py-deprecated-ssl-context-without-protocol': { probes: [{ kind: 'code', code: 'import ssl\nssl.SSLContext()' }], warns: 'DeprecationWarning' },
  // Builds without NPN raise AttributeError after the warning: the method is still there.
  'py-deprecated-ssl-npn': {
    probes: [{ kind: 'code', code: "import ssl\ntry:\n    ssl.create_default_context().set_npn_protocols(['h2'])\nexcept AttributeError as e:\n    assert '_set_npn_protocols' in str(e), e" }],
    warns: 'DeprecationWarning',
  },
  'py-deprecated-threading-camelcase-methods': {
    probes: [{ kind: 'code', code: 'import threading\nthreading.Event().isSet()\nthreading.current_thread().getName()\nthreading.Condition().notifyAll' }],
    warns: 'DeprecationWarning',
  },
  'py-deprecated-threading-camelcase-functions': { probes: [{ kind: 'code', code: 'import threading\nthreading.currentThread()\nthreading.activeCount()' }], warns: 'DeprecationWarning' },
  'py-deprecated-urllib-parse-split-functions': { probes: [{ kind: 'code', code: "import urllib.parse\nurllib.parse.splittype('http://x')" }], warns: 'DeprecationWarning' },
  'py-pending-sqlite3-connect-positional': { probes: [{ kind: 'code', code: "import sqlite3\nsqlite3.connect(':memory:', 5.0).close()" }], warns: 'DeprecationWarning' },
  'py-pending-sqlite3-callback-keywords': {
    probes: [{ kind: 'code', code: "import sqlite3\nconn = sqlite3.connect(':memory:')\nconn.create_function(name='f', narg=1, func=len)\nconn.set_trace_callback(trace_callback=None)\nconn.close()" }],
    warns: 'DeprecationWarning',
  },
  'py-deprecated-re-sub-positional-flags': { probes: [{ kind: 'code', code: "import re\nre.sub('a', 'b', 'aa', 1)\nre.subn('a', 'b', 'aa', 1)" }], warns: 'DeprecationWarning' },
  'py-deprecated-re-split-positional-maxsplit': { probes: [{ kind: 'code', code: "import re\nre.split(',', 'a,b', 1)" }], warns: 'DeprecationWarning' },
  'py-deprecated-glob-glob0': { probes: [{ kind: 'code', code: "import glob\nglob.glob0('.', 'x')\nglob.glob1('.', '*')" }], warns: 'DeprecationWarning' },
  'py-deprecated-pydoc-ispackage': { probes: [{ kind: 'code', code: "import pydoc\npydoc.ispackage('.')" }], warns: 'DeprecationWarning' },
  'py-deprecated-traceback-exc-type': {
    probes: [{ kind: 'code', code: 'import traceback\ntraceback.TracebackException.from_exception(ValueError()).exc_type' }],
    warns: 'DeprecationWarning',
  },
  'py-deprecated-etree-element-truth': { probes: [{ kind: 'code', code: "import xml.etree.ElementTree as ET\nbool(ET.Element('a'))" }], warns: 'DeprecationWarning' },
};

/** Modules that only exist on some platforms: an ImportError there says nothing about the removal. */
const PLATFORM_MODULES: Record<string, string> = { msilib: 'Windows only' };

/** Attributes whose presence depends on how the interpreter was built. */
const BUILD_DEPENDENT: Record<string, string> = { 'ssl.PROTOCOL_SSLv3': 'only with an OpenSSL built with SSLv3' };

/** The probes for a rule: its plan, or what its matcher names (modules, attributes). */
function planFor(rule: Rule): Plan | undefined {
  if (PLANS[rule.id]) return PLANS[rule.id];
  const m = rule.match;
  if (typeof m.module === 'string') {
    const platform = PLATFORM_MODULES[m.module];
    return platform ? { probes: [], skip: platform } : { probes: [{ kind: 'import', module: m.module }] };
  }
  if (m.name !== undefined) return { probes: (Array.isArray(m.name) ? m.name : [m.name]).map((name) => ({ kind: 'attr', name: String(name) })) };
  // TestCase methods called on self: the attribute of unittest.TestCase.
  if (m.method !== undefined && Array.isArray(m.in_class_deriving) && m.in_class_deriving.includes('unittest.TestCase')) {
    return { probes: (Array.isArray(m.method) ? m.method : [m.method]).map((name) => ({ kind: 'attr', name: `unittest.TestCase.${String(name)}` })) };
  }
  return undefined;
}

const DRIVER = String.raw`
import importlib, inspect, json, sys, warnings

def resolve(name):
    parts = name.split('.')
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module('.'.join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError('no module in ' + name)

def run(probe):
    kind = probe['kind']
    if kind == 'import':
        importlib.import_module(probe['module'])
    elif kind == 'attr':
        resolve(probe['name'])
    elif kind == 'param':
        params = inspect.signature(resolve(probe['callable'])).parameters
        if probe['param'] not in params:
            raise TypeError('no parameter ' + probe['param'])
    else:
        exec(compile(probe['code'], '<probe>', 'exec'), {'__name__': '__probe__'})

out = []
for probe in json.load(sys.stdin):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            run(probe)
            result = {'ok': True}
        except BaseException as e:
            result = {'ok': False, 'error': type(e).__name__ + ': ' + str(e)[:80]}
    result['warnings'] = sorted({w.category.__name__ for w in caught})
    out.append(result)
print(json.dumps(out))
`;

/** The newest installed patch release of each minor version, as a command to run it. */
function interpreters(): Map<string, string> {
  const found = new Map<string, string>();
  let root = '';
  let versions: string[] = [];
  try {
    root = execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim();
    versions = execFileSync('pyenv', ['versions', '--bare'], { encoding: 'utf8' }).split('\n').map((v) => v.trim());
  } catch {
    // no pyenv: fall back to pythonX.Y on PATH
  }
  for (const minor of ['3.11', '3.12', '3.13']) {
    const patch = versions.filter((v) => new RegExp(`^${minor.replace('.', '\\.')}\\.\\d+$`).test(v)).sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]))[0];
    const candidate = patch ? join(root, 'versions', patch, 'bin', 'python3') : `python${minor}`;
    const probe = spawnSync(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.trim() === minor) found.set(minor, candidate);
  }
  return found;
}

function runAll(python: string, probes: Probe[]): Outcome[] {
  const result = spawnSync(python, ['-c', DRIVER], { input: JSON.stringify(probes), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PYTHONWARNINGS: '' } });
  if (result.status !== 0) throw new Error(`${python} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Outcome[];
}

const previous = (v: string): string => `3.${Number(v.split('.')[1]) - 1}`;
const describeProbe = (p: Probe): string =>
  p.kind === 'import' ? `import ${p.module}` : p.kind === 'attr' ? p.name : p.kind === 'param' ? `${p.callable}(${p.param}=)` : 'snippet';
const cell = (o: Outcome | undefined, warns?: string): string => {
  if (!o) return 'n/a';
  const w = o.warnings.length ? ` (${o.warnings.join(', ')})` : '';
  return o.ok ? `works${warns && o.warnings.includes(warns) ? ` + ${warns}` : w}` : `fails: ${o.error!.replace(/\|/g, '\\|').replace(/\n/g, ' ')}`;
};

function main(): number {
  const ruleset = loadRuleset(join(repoRoot, 'rules'));
  const rules = ruleset.rules.filter((r) => r.kind === 'python');
  const pythons = interpreters();
  const probes: Probe[] = [];
  const index = new Map<string, number[]>();
  for (const rule of rules) {
    const plan = planFor(rule);
    if (!plan) continue;
    index.set(rule.id, plan.probes.map((p) => probes.push(p) - 1));
  }
  const outcomes = new Map<string, Outcome[]>();
  for (const [minor, python] of pythons) outcomes.set(minor, runAll(python, probes));

  const rows: string[] = [];
  let contradictions = 0;
  let proven = 0;
  let skipped = 0;
  for (const rule of rules) {
    const plan = planFor(rule);
    const version = rule.removed_in ?? rule.changed_in;
    const settled = version !== undefined && ['3.12', '3.13'].includes(version);
    const before = settled ? previous(version!) : undefined;
    const after = settled ? version! : '3.13';
    const expectation = rule.removed_in && settled ? `gone in ${version}` : rule.changed_in ? `changed in ${version}` : `still there on 3.13${plan?.warns ? `, ${plan.warns}` : ''}`;
    if (!plan || plan.skip || plan.probes.length === 0) {
      skipped++;
      rows.push(`| ${rule.id} | ${expectation} | | | | skipped: ${plan?.skip ?? 'no probe for this matcher'} |`);
      continue;
    }
    for (const [i, probe] of plan.probes.entries()) {
      const at = (minor: string | undefined): Outcome | undefined => (minor ? outcomes.get(minor)?.[index.get(rule.id)![i]!] : undefined);
      const problems: string[] = [];
      const old = at(before);
      const now = at(after);
      if (settled) {
        if (!old || !now) problems.push(`needs Python ${before} and ${after}`);
        else {
          if (!old.ok) problems.push(`should work on ${before}`);
          if (now.ok) problems.push(`should fail on ${after}`);
        }
      } else if (!now) problems.push('needs Python 3.13');
      else {
        if (!now.ok) problems.push('should still work on 3.13');
        if (plan.warns && !now.warnings.includes(plan.warns)) problems.push(`should emit ${plan.warns} on 3.13`);
      }
      const build = probe.kind === 'attr' ? BUILD_DEPENDENT[probe.name] : undefined;
      if (build && now && !now.ok) problems.splice(0, problems.length, `needs an interpreter ${build}`);
      const missing = problems.some((p) => p.startsWith('needs'));
      if (missing) skipped++;
      else if (problems.length) contradictions++;
      else proven++;
      const verdict = problems.length === 0 ? 'proven' : missing ? `skipped: ${problems.join('; ')}` : `**CONTRADICTION**: ${problems.join('; ')}`;
      rows.push(`| ${i === 0 ? rule.id : '〃'} | ${i === 0 ? expectation : ''} | \`${describeProbe(probe)}\` | ${cell(at('3.11'), plan.warns)} | ${cell(at('3.12'), plan.warns)} | ${cell(at('3.13'), plan.warns)} | ${verdict} |`);
    }
  }
  const versions = [...pythons].map(([minor, python]) => `${minor} (\`${python}\`)`).join(', ');
  const report = [
    '# The Python catalogue, checked against real CPython interpreters',
    '',
    '<!-- Written by `npm run verify:cpython` (scripts/verify-cpython.ts); rerun it to refresh. -->',
    '',
    `Interpreters: ${versions || 'none found'}. Catalogue version ${ruleset.version}, ${rules.length} Python rules.`,
    '',
    'A removal is proven when the probe works on the release before `removed_in` and fails on it; a change when the',
    'snippet (which asserts the old behaviour) passes before `changed_in` and fails from it on; a pending removal when',
    'it still works on 3.13 and, where the plan names a warning, emits it there. Snippet probes are in the script.',
    '',
    `**${proven} probes proven, ${contradictions} contradictions, ${skipped} skipped.**`,
    '',
    '| rule | expectation | probe | 3.11 | 3.12 | 3.13 | verdict |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(join(repoRoot, 'bench', 'verify-cpython.md'), report);
  process.stdout.write(report);
  return contradictions > 0 ? 1 : 0;
}

process.exitCode = main();
