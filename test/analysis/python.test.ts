// The Python analyzer's context handling: names resolved through imports, sys.version_info branches,
// import guards, the project's own modules, strings and comments, files that do not fully parse.

import { describe, expect, it } from '@jest/globals';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { parseTarget } from '../../src/analysis/versions.js';

const ruleset = loadRuleset();

async function scan(files: Record<string, string>, target = '3.13') {
  const result = await analyzeFiles({ files: Object.entries(files).map(([p, c]) => memoryFile(p, c)), ruleset, target: parseTarget(target) });
  return result.findings;
}

/** `line:rule` of every finding in the one file `a.py`. */
async function found(code: string, target = '3.13'): Promise<string[]> {
  return (await scan({ 'a.py': code }, target)).map((f) => `${f.line}:${f.rule}`);
}

describe('names are resolved through the imports', () => {
  it.each([
    ['import configparser as cp\ncp.SafeConfigParser()', ['2:py-removed-configparser-safeconfigparser']],
    ['from configparser import SafeConfigParser', ['1:py-removed-configparser-safeconfigparser']],
    ['from configparser import SafeConfigParser as Old\nOld()', ['1:py-removed-configparser-safeconfigparser']],
    ['from unittest import makeSuite', ['1:py-removed-unittest-makesuite']],
    ['import unittest.loader\nunittest.loader.makeSuite(T)', ['2:py-removed-unittest-makesuite']],
    ['import unittest as ut\nut.findTestCases(m)', ['2:py-removed-unittest-findtestcases']],
    ['from unittest import *\nmakeSuite(T)', ['2:py-removed-unittest-makesuite']],
    ['import ssl as s\nctx = s.wrap_socket(sock)', ['2:py-removed-ssl-wrap-socket']],
    ['from typing import io', ['1:py-removed-typing-io-re']],
    ['import typing\nx: typing.io.TextIO', ['2:py-removed-typing-io-re']],
    // A name that is not imported is not the standard library's.
    ['SafeConfigParser()\nconfigparser.SafeConfigParser()', []],
    ['def f(ssl):\n    return ssl.wrap_socket(s)', []],
    ['from mylib import configparser\nconfigparser.readthing()', []],
  ])('%j', async (code, expected) => {
    expect(await found(code)).toEqual(expected);
  });
});

describe('method rules look at the receiver', () => {
  it.each([
    // A receiver bound by an import is a module or an imported object, not an instance.
    ['import logging, warnings\nwarnings.warn("x")', []],
    ['import logging\nfrom ..utils import warnings\nwarnings.warn("x")', []],
    ['import logging\nlogging.warn("x")', ['2:py-deprecated-logging-warn']],
    ['import logging\nlog = logging.getLogger()\nlog.warn("x")', ['3:py-deprecated-logging-warn']],
    ['log.warn("x")  # no logging import', []],
    // Through an imported class the instance is the first positional argument.
    ['from unittest import TestLoader\nTestLoader.loadTestsFromModule(loader, module)', []],
    ['from unittest import TestLoader\nTestLoader.loadTestsFromModule(loader, module, False)', ['2:py-removed-unittest-use-load-tests']],
    ['import unittest\nunittest.TestLoader().loadTestsFromModule(module, False)', ['2:py-removed-unittest-use-load-tests']],
    // receiver_type: built by the named callable in the same scope.
    ['import gzip\nf = gzip.open("x.gz")\nf.filename', ['3:py-removed-gzip-filename']],
    ['import gzip\nwith gzip.GzipFile("x.gz") as f:\n    f.filename', ['3:py-removed-gzip-filename']],
    ['import gzip\ngzip.GzipFile("x.gz").filename', ['2:py-removed-gzip-filename']],
    ['import gzip\ndef read(f):\n    return f.filename', []],
    ['import gzip\ndef a():\n    f = gzip.open("x.gz")\ndef b(f):\n    return f.filename', []],
    // A method the class (or a local base) defines itself is the project's own.
    ['import unittest\nclass T(unittest.TestCase):\n    def assertEquals(self, a, b): pass\n    def test(self):\n        self.assertEquals(1, 1)', []],
    ['import unittest\nclass B(unittest.TestCase):\n    def assertEquals(self, a, b): pass\nclass T(B):\n    def test(self):\n        self.assertEquals(1, 1)', []],
    ['import unittest\nclass T(unittest.TestCase):\n    def test(self):\n        self.assertEquals(1, 1)', ['4:py-removed-unittest-assert-equals']],
    // in_condition: only where the value is tested for truth.
    ['import xml.etree.ElementTree as ET\nif root.find("a"):\n    pass', ['2:py-deprecated-etree-element-truth']],
    ['import xml.etree.ElementTree as ET\nwhile (node.find("a")):\n    pass', ['2:py-deprecated-etree-element-truth']],
    ['import xml.etree.ElementTree as ET\nchild = root.find("a")\nif child is not None:\n    pass', []],
    // class_attribute: only a call assigned directly in a class body.
    ['import functools\nclass A:\n    f = functools.partial(print)', ['3:py-changed-functools-partial-method']],
    ['import functools\nf = functools.partial(print)\ndef g():\n    h = functools.partial(print)', []],
  ])('%j', async (code, expected) => {
    expect(await found(code)).toEqual(expected);
  });
});

describe('sys.version_info branches that cannot run on the target are skipped', () => {
  const cgi = 'py-removed-module-cgi';
  it.each([
    ['if sys.version_info < (3, 13):\n    import cgi', []],
    ['if sys.version_info >= (3, 13):\n    pass\nelse:\n    import cgi', []],
    ['if sys.version_info >= (3, 13):\n    import cgi', [`2:${cgi}`]],
    ['if sys.version_info[:2] < (3, 13):\n    import cgi', []],
    ['if sys.version_info[0:2] <= (3, 12):\n    import cgi', []],
    ['if sys.version_info.minor < 13:\n    import cgi', []],
    ['if sys.version_info[1] < 13:\n    import cgi', []],
    ['if sys.version_info.major == 3 and sys.version_info.minor < 13:\n    import cgi', []],
    ['if (3, 13) > sys.version_info:\n    import cgi', []],
    ['if (3, 13) <= sys.version_info:\n    pass\nelse:\n    import cgi', []],
    ['if not sys.version_info >= (3, 13):\n    import cgi', []],
    ['if sys.version_info < (3, 12) or sys.version_info < (3, 13):\n    import cgi', []],
    ['if sys.version_info < (3, 13) or has_cgi:\n    import cgi', [`2:${cgi}`]],
    ['if sys.version_info >= (3, 14):\n    pass\nelif sys.version_info >= (3, 13):\n    pass\nelse:\n    import cgi', []],
    ['if sys.version_info >= (3, 13):\n    pass\nelif other:\n    import cgi', []],
    ['if sys.version_info < (3, 12):\n    pass\nelif sys.version_info < (3, 13):\n    import cgi', []],
    ['mod = __import__("cgi") if sys.version_info < (3, 13) else None', []],
    ['mod = None if sys.version_info >= (3, 13) else __import__("cgi")', []],
    ['mod = __import__("cgi") if sys.version_info >= (3, 13) else None', [`1:${cgi}`]],
    ['ok = sys.version_info < (3, 13) and __import__("cgi")', []],
    ['from sys import version_info\nif version_info < (3, 13):\n    import cgi', []],
    // Depends on the micro version: cannot be decided, so it is reported.
    ['if sys.version_info < (3, 13, 1):\n    import cgi', [`2:${cgi}`]],
    ['if sys.version_info < (3, 12):\n    pass\nimport cgi', [`3:${cgi}`]],
  ])('%j', async (code, expected) => {
    expect(await found(`import sys\n${code}`)).toEqual(expected.map((e) => e.replace(/^(\d+)/, (n) => String(Number(n) + 1))));
  });

  it.each([
    ['3.12', 'if sys.version_info < (3, 13):\n    import cgi', ['warning']],
    ['3.12', 'if sys.version_info >= (3, 13):\n    import cgi', []],
    ['3.14', 'if sys.version_info < (3, 14):\n    import cgi', []],
    ['3.14', 'if sys.version_info >= (3, 13):\n    import cgi', ['error']],
  ])('on target %s, %j reports %j', async (target, code, severities) => {
    expect((await scan({ 'a.py': `import sys\n${code}` }, target)).map((f) => f.severity)).toEqual(severities);
  });
});

describe('pending removals by target', () => {
  it.each([
    ['3.12', 'import ast\nast.Num', ['warning']],
    ['3.13', 'import ast\nast.Num', ['warning']],
    ['3.14', 'import ast\nast.Num', ['error']],
    ['3.13', 'import platform\nplatform.java_ver()', ['notice']],
    ['3.14', 'import platform\nplatform.java_ver()', ['notice']],
    ['3.12', 'import platform\nplatform.java_ver()', []],
    ['3.13', 'import codecs\ncodecs.open("f")', []],
    ['3.14', 'import codecs\ncodecs.open("f")', ['notice']],
    ['3.12', 'import locale\nlocale.resetlocale()', ['warning']],
    ['3.13', 'import locale\nlocale.resetlocale()', ['error']],
  ])('on target %s, %j reports %j', async (target, code, severities) => {
    expect((await scan({ 'a.py': code }, target)).map((f) => f.severity)).toEqual(severities);
  });
});

describe('try/except guards lower the severity to notice', () => {
  it.each([
    ['try:\n    import cgi\nexcept ImportError:\n    cgi = None', 'notice'],
    ['try:\n    import cgi\nexcept ModuleNotFoundError:\n    cgi = None', 'notice'],
    ['try:\n    import cgi\nexcept (ValueError, ImportError) as e:\n    cgi = None', 'notice'],
    ['try:\n    import cgi\nexcept:\n    cgi = None', 'notice'],
    ['try:\n    import cgi\nexcept Exception:\n    cgi = None', 'notice'],
    ['try:\n    import cgi\nexcept ValueError:\n    cgi = None', 'error'],
    ['try:\n    pass\nexcept ImportError:\n    import cgi', 'error'],
    ['try:\n    import json\nfinally:\n    import cgi', 'error'],
    ['try:\n    parser = configparser.SafeConfigParser()\nexcept AttributeError:\n    parser = configparser.ConfigParser()', 'notice'],
    // A try around a function definition does not guard the import inside the function when it is called.
    ['try:\n    def load():\n        import cgi\nexcept ImportError:\n    pass', 'error'],
  ])('%j -> %s', async (code, severity) => {
    const findings = await scan({ 'a.py': `import configparser\n${code}` });
    expect(findings.map((f) => f.severity)).toEqual([severity]);
    if (severity === 'notice') expect(findings[0]!.message).toMatch(/guarded by `except /);
  });
});

describe('a fallback import in an except ImportError handler is a notice', () => {
  it.each([
    ['try:\n    import _imp\nexcept ImportError:\n    import imp as _imp', 'notice'],
    ['try:\n    from cStringIO import StringIO\nexcept ImportError:\n    from cgi import escape', 'notice'],
    ['try:\n    import _imp\nexcept (ImportError, AttributeError):\n    import imp', 'notice'],
    ['try:\n    import _imp\nexcept Exception:\n    import imp', 'error'],
    ['try:\n    import _imp\nexcept:\n    import imp', 'error'],
    ['try:\n    x = load()\nexcept ImportError:\n    import imp', 'error'],
    ['try:\n    import _imp\nexcept ImportError:\n    def f():\n        import imp', 'error'],
  ])('%j -> %s', async (code, severity) => {
    const findings = await scan({ 'a.py': code });
    expect(findings.map((f) => f.severity)).toEqual([severity]);
    if (severity === 'notice') expect(findings[0]!.message).toMatch(/It is the fallback in `except ImportError`/);
  });
});

describe('hasattr() tests lower the severity to notice', () => {
  it.each([
    ['if hasattr(ssl, "wrap_socket"):\n    ssl.wrap_socket(s)', 'notice'],
    ['if ready and hasattr(ssl, "wrap_socket"):\n    sock = ssl.wrap_socket(s)', 'notice'],
    ['if x:\n    pass\nelif hasattr(ssl, "wrap_socket"):\n    ssl.wrap_socket(s)', 'notice'],
    ['wrap = ssl.wrap_socket if hasattr(ssl, "wrap_socket") else None', 'notice'],
    ['ok = hasattr(ssl, "wrap_socket") and ssl.wrap_socket(s)', 'notice'],
    ['if hasattr(parser, "readfp"):\n    parser.readfp(f)', 'notice'],
    ['if hasattr(ssl, "match_hostname"):\n    ssl.wrap_socket(s)', 'error'],
    ['if not hasattr(ssl, "wrap_socket"):\n    ssl.wrap_socket(s)', 'error'],
    ['if hasattr(ssl, "wrap_socket") or legacy:\n    ssl.wrap_socket(s)', 'error'],
    ['if hasattr(ssl, "wrap_socket"):\n    pass\nelse:\n    ssl.wrap_socket(s)', 'error'],
  ])('%j -> %s', async (code, severity) => {
    const findings = await scan({ 'a.py': `import configparser, ssl\n${code}` });
    expect(findings.map((f) => f.severity)).toEqual([severity]);
    if (severity === 'notice') expect(findings[0]!.message).toMatch(/only runs when `[^`]*hasattr\(/);
  });
});

describe("the project's own modules are not the standard library's", () => {
  it.each([
    [{ 'app.py': 'from . import cgi\nfrom .pipes import quote' }, []],
    [{ 'app.py': 'import pipes', 'pipes.py': '' }, []],
    [{ 'pkg/__init__.py': '', 'pkg/app.py': 'import cgi', 'pkg/cgi.py': '' }, []],
    [{ 'pkg/__init__.py': '', 'pkg/sub/__init__.py': '', 'pkg/sub/app.py': 'import telnetlib', 'telnetlib.py': '' }, []],
    [{ 'src/tool/app.py': 'import crypt', 'src/crypt/__init__.py': '' }, []],
    [{ 'app.py': 'import configparser\nconfigparser.SafeConfigParser()', 'configparser.py': '' }, []],
    [{ 'app.py': 'from configparser import SafeConfigParser', 'configparser.py': '' }, []],
    [{ 'app.py': 'import pipes', 'other/pipes.py': '' }, ['app.py:1:py-removed-module-pipes']],
  ])('%j -> %j', async (files, expected) => {
    const findings = await scan(files);
    expect(findings.map((f) => `${f.path}:${f.line}:${f.rule}`)).toEqual(expected);
  });
});

describe('strings and comments are not code', () => {
  it.each([
    ['x = "import cgi"'],
    ['# import cgi\n# ssl.wrap_socket(sock)'],
    ['"""\nimport telnetlib\nconfigparser.SafeConfigParser()\n"""'],
    ['import ssl\nmessage = f"ssl.wrap_socket is gone: {ssl.PROTOCOL_TLS_CLIENT}"'],
    ['import unittest\nclass T(unittest.TestCase):\n    def test(self):\n        "self.assertEquals(1, 1)"'],
    ['x = 1  # locals()["y"] = 2'],
  ])('%j', async (code) => {
    expect(await found(code)).toEqual([]);
  });
});

describe('a file that does not parse', () => {
  it.each([
    ['import cgi\ndef broken(:\n    pass\nimport telnetlib\n', ['1:py-removed-module-cgi', '4:py-removed-module-telnetlib']],
    ['import ssl\nssl.wrap_socket(s\nx = [\nimport imp\n', ['2:py-removed-ssl-wrap-socket']],
  ])('%j still reports the valid parts, plus one notice', async (code, expected) => {
    const findings = await scan({ 'a.py': code });
    const parse = findings.filter((f) => f.rule === 'pyshift-parse-error');
    expect(parse).toHaveLength(1);
    expect(parse[0]!.severity).toBe('notice');
    expect(findings.filter((f) => f.rule !== 'pyshift-parse-error').map((f) => `${f.line}:${f.rule}`)).toEqual(expect.arrayContaining(expected));
  });
});
