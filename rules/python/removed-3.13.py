# Fixture for rules/python/removed-3.13.yaml: APIs removed or changed in Python 3.13.
import configparser
import importlib.resources
import locale
import opcode
import pathlib
import re
import turtle
import typing
import unittest
import urllib.request
import webbrowser
from pathlib import Path
from typing import TypedDict
# ruleid: py-removed-unittest-makesuite
from unittest import makeSuite  # noqa

# ruleid: py-removed-configparser-legacyinterpolation
interpolation = configparser.LegacyInterpolation()
# ok: py-removed-configparser-legacyinterpolation
interpolation = configparser.BasicInterpolation()
# ruleid: py-removed-locale-resetlocale
locale.resetlocale()
# ok: py-removed-locale-resetlocale
locale.setlocale(locale.LC_ALL, "")
# ruleid: py-removed-opcode-pseudo
pseudo = opcode.is_pseudo(256)
# ok: py-removed-opcode-pseudo
names = opcode.opname
# ruleid: py-removed-pathlib-context-manager
with pathlib.Path("data") as folder:
    pass
# ruleid: py-removed-pathlib-context-manager
with Path("data") as folder, open("x") as handle:
    pass
# ok: py-removed-pathlib-context-manager
with Path("data").open() as handle:
    pass
# ruleid: py-removed-re-template
pattern = re.compile("a+", re.TEMPLATE)
# ok: py-removed-re-template
pattern = re.compile("a+", re.IGNORECASE)
pen = turtle.Turtle()
# ruleid: py-removed-turtle-settiltangle
pen.settiltangle(45)
# ok: py-removed-turtle-settiltangle
pen.tiltangle(45)
# ruleid: py-removed-typing-io-re
from typing.io import TextIO  # noqa
# ruleid: py-removed-typing-io-re
Matcher = typing.re.Match
# ok: py-removed-typing-io-re
Matcher = typing.Match
# ruleid: py-removed-typing-typeddict-kwargs, py-pending-typing-typeddict-no-fields
Movie = TypedDict("Movie", name=str, year=int)
# ok: py-removed-typing-typeddict-kwargs
Movie = TypedDict("Movie", {"name": str, "year": int}, total=False)
suite = makeSuite(unittest.TestCase)  # reported once, at the import
# ruleid: py-removed-unittest-makesuite
suite = unittest.makeSuite(unittest.TestCase)
# ok: py-removed-unittest-makesuite
suite = unittest.TestLoader().loadTestsFromTestCase(unittest.TestCase)
# ruleid: py-removed-unittest-findtestcases
suite = unittest.findTestCases(unittest)
# ok: py-removed-unittest-findtestcases
suite = unittest.TestLoader().loadTestsFromModule(unittest)
# ruleid: py-removed-unittest-gettestcasenames
names = unittest.getTestCaseNames(unittest.TestCase, "test")
# ok: py-removed-unittest-gettestcasenames
names = unittest.TestLoader().getTestCaseNames(unittest.TestCase)


class Program(unittest.TestProgram):
    def parseArgs(self, argv):
        # ruleid: py-removed-unittest-usageexit
        self.usageExit("bad arguments")
        # ok: py-removed-unittest-usageexit
        self.exit_with_usage("bad arguments")


# ruleid: py-removed-urlopen-cafile
page = urllib.request.urlopen("https://example.com", cafile="ca.pem")
# ok: py-removed-urlopen-cafile
page = urllib.request.urlopen("https://example.com", timeout=5)
# ruleid: py-removed-webbrowser-macosx
browser = webbrowser.MacOSX("safari")
# ok: py-removed-webbrowser-macosx
browser = webbrowser.MacOSXOSAScript("safari")
# ruleid: py-changed-importlib-resources-encoding-positional
text = importlib.resources.read_text("pkg", "data.txt", "latin-1")
# ok: py-changed-importlib-resources-encoding-positional
text = importlib.resources.read_text("pkg", "data.txt", encoding="latin-1")
# ok: py-changed-importlib-resources-encoding-positional
text = importlib.resources.read_text("pkg", "subdir", "data.txt", encoding="utf-8")  # 3.13 path segments
