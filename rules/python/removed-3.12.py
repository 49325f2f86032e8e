# Fixture for rules/python/removed-3.12.yaml: APIs removed in Python 3.12, in every form the analyzer resolves.
import configparser
import configparser as cp
import ftplib
import gzip
import http.client
import imaplib
import importlib.abc
import importlib.machinery
import importlib.util
import io
import locale
import pkgutil
import poplib
import smtplib
import sqlite3
import ssl
import sys
import unittest
import webbrowser
import zipimport
# ruleid: py-removed-configparser-safeconfigparser
from configparser import SafeConfigParser as Legacy  # noqa
from unittest import TestCase

# ruleid: py-removed-configparser-safeconfigparser
parser = configparser.SafeConfigParser()
# ruleid: py-removed-configparser-safeconfigparser
parser = cp.SafeConfigParser()
# ok: py-removed-configparser-safeconfigparser
parser = configparser.ConfigParser()
# ok: py-removed-configparser-safeconfigparser
text = "configparser.SafeConfigParser()"  # strings are not code
# ruleid: py-removed-configparser-readfp
parser.readfp(open("setup.cfg"))
# ok: py-removed-configparser-readfp
parser.read_file(open("setup.cfg"))
# ruleid: py-removed-configparser-parsingerror-filename
error = configparser.ParsingError(filename="setup.cfg")
# ok: py-removed-configparser-parsingerror-filename
error = configparser.ParsingError(source="setup.cfg")

# ruleid: py-removed-ftplib-ftp-tls-ssl-version
ftplib.FTP_TLS.ssl_version = ssl.PROTOCOL_TLS_CLIENT
# ok: py-removed-ftplib-ftp-tls-ssl-version
ftp = ftplib.FTP_TLS(context=ssl.create_default_context())
# ruleid: py-removed-ssl-keyfile-ftplib
ftp = ftplib.FTP_TLS("host", keyfile="k.pem")
# ruleid: py-removed-ssl-keyfile-ftplib
ftp = ftplib.FTP_TLS("host", "user", "pw", "acct", "k.pem")
# ok: py-removed-ssl-keyfile-ftplib
ftp = ftplib.FTP_TLS("host", "user", "pw", "acct")
# ruleid: py-removed-ssl-keyfile-imaplib
imap = imaplib.IMAP4_SSL("host", certfile="c.pem")
# ok: py-removed-ssl-keyfile-imaplib
imap = imaplib.IMAP4_SSL("host", 993, ssl_context=ssl.create_default_context())
# ruleid: py-removed-ssl-keyfile-poplib
pop = poplib.POP3_SSL("host", 995, "k.pem")
# ok: py-removed-ssl-keyfile-poplib
pop = poplib.POP3_SSL("host", 995, context=ssl.create_default_context())
# ruleid: py-removed-ssl-keyfile-smtplib
smtp = smtplib.SMTP_SSL("host", keyfile="k.pem", certfile="c.pem")  # ruleid on each keyword, one line
# ok: py-removed-ssl-keyfile-smtplib
smtp = smtplib.SMTP_SSL("host", 465, "localhost", context=ssl.create_default_context())
# ruleid: py-removed-ssl-keyfile-starttls
smtp.starttls(keyfile="k.pem")
# ok: py-removed-ssl-keyfile-starttls
smtp.starttls(context=ssl.create_default_context())
# ruleid: py-removed-ssl-keyfile-http-client
conn = http.client.HTTPSConnection("host", 443, check_hostname=False)
# ok: py-removed-ssl-keyfile-http-client
conn = http.client.HTTPSConnection("host", 443, context=ssl.create_default_context())

with gzip.open("data.gz") as compressed:
    # ruleid: py-removed-gzip-filename
    print(compressed.filename)
    # ok: py-removed-gzip-filename
    print(compressed.name)
archive = gzip.GzipFile("data.gz")
# ruleid: py-removed-gzip-filename
print(archive.filename)
upload = object()
# ok: py-removed-gzip-filename
print(upload.filename)  # not built by gzip

# ruleid: py-removed-importlib-util-loader-helpers
importlib.util.set_package(None)
# ok: py-removed-importlib-util-loader-helpers
importlib.util.spec_from_loader("m", None)
# ruleid: py-removed-importlib-find-module
loader = importlib.find_loader("json")
# ruleid: py-removed-importlib-find-module
loader = importlib.machinery.PathFinder.find_module("json")
# ok: py-removed-importlib-find-module
spec = importlib.util.find_spec("json")
# ruleid: py-removed-importlib-abc-finder
class Finder(importlib.abc.Finder):
    pass
# ok: py-removed-importlib-abc-finder
class PathFinder(importlib.abc.MetaPathFinder):
    pass
# ruleid: py-removed-pkgutil-impimporter
importer = pkgutil.ImpImporter()
# ok: py-removed-pkgutil-impimporter
modules = list(pkgutil.iter_modules())
# ruleid: py-removed-io-openwrapper
wrapper = io.OpenWrapper
# ok: py-removed-io-openwrapper
wrapper = io.open
# ruleid: py-removed-locale-format
formatted = locale.format("%d", 1000, grouping=True)
# ok: py-removed-locale-format
formatted = locale.format_string("%d", 1000, grouping=True)
# ruleid: py-removed-sqlite3-enable-shared-cache
sqlite3.enable_shared_cache(True)
# ok: py-removed-sqlite3-enable-shared-cache
db = sqlite3.connect("file:db.sqlite?cache=shared", uri=True)
# ruleid: py-removed-sqlite3-optimizedunicode
db.text_factory = sqlite3.OptimizedUnicode
# ok: py-removed-sqlite3-optimizedunicode
db.text_factory = str
# ruleid: py-removed-ssl-rand-pseudo-bytes
token = ssl.RAND_pseudo_bytes(16)
# ok: py-removed-ssl-rand-pseudo-bytes
token = ssl.RAND_bytes(16)
# ruleid: py-removed-ssl-match-hostname
ssl.match_hostname(cert, "example.com")
# ok: py-removed-ssl-match-hostname
context = ssl.create_default_context()
# ruleid: py-removed-ssl-wrap-socket
sock = ssl.wrap_socket(raw)
# ok: py-removed-ssl-wrap-socket
sock = context.wrap_socket(raw, server_hostname="example.com")


class LegacyTests(TestCase):
    def test_aliases(self):
        # ruleid: py-removed-unittest-fail-unless
        self.failUnless(1, 1)
        # ok: py-removed-unittest-fail-unless
        self.assertTrue(1, 1)
        # ruleid: py-removed-unittest-fail-if
        self.failIf(1, 1)
        # ok: py-removed-unittest-fail-if
        self.assertFalse(1, 1)
        # ruleid: py-removed-unittest-fail-unless-equal
        self.failUnlessEqual(1, 1)
        # ok: py-removed-unittest-fail-unless-equal
        self.assertEqual(1, 1)
        # ruleid: py-removed-unittest-fail-if-equal
        self.failIfEqual(1, 1)
        # ok: py-removed-unittest-fail-if-equal
        self.assertNotEqual(1, 1)
        # ruleid: py-removed-unittest-fail-unless-almost-equal
        self.failUnlessAlmostEqual(1, 1)
        # ok: py-removed-unittest-fail-unless-almost-equal
        self.assertAlmostEqual(1, 1)
        # ruleid: py-removed-unittest-fail-if-almost-equal
        self.failIfAlmostEqual(1, 1)
        # ok: py-removed-unittest-fail-if-almost-equal
        self.assertNotAlmostEqual(1, 1)
        # ruleid: py-removed-unittest-fail-unless-raises
        self.failUnlessRaises(1, 1)
        # ok: py-removed-unittest-fail-unless-raises
        self.assertRaises(1, 1)
        # ruleid: py-removed-unittest-assert
        self.assert_(1, 1)
        # ok: py-removed-unittest-assert
        self.assertTrue(1, 1)
        # ruleid: py-removed-unittest-assert-equals
        self.assertEquals(1, 1)
        # ok: py-removed-unittest-assert-equals
        self.assertEqual(1, 1)
        # ruleid: py-removed-unittest-assert-not-equals
        self.assertNotEquals(1, 1)
        # ok: py-removed-unittest-assert-not-equals
        self.assertNotEqual(1, 1)
        # ruleid: py-removed-unittest-assert-almost-equals
        self.assertAlmostEquals(1, 1)
        # ok: py-removed-unittest-assert-almost-equals
        self.assertAlmostEqual(1, 1)
        # ruleid: py-removed-unittest-assert-not-almost-equals
        self.assertNotAlmostEquals(1, 1)
        # ok: py-removed-unittest-assert-not-almost-equals
        self.assertNotAlmostEqual(1, 1)
        # ruleid: py-removed-unittest-assert-regexp-matches
        self.assertRegexpMatches(1, 1)
        # ok: py-removed-unittest-assert-regexp-matches
        self.assertRegex(1, 1)
        # ruleid: py-removed-unittest-assert-raises-regexp
        self.assertRaisesRegexp(1, 1)
        # ok: py-removed-unittest-assert-raises-regexp
        self.assertRaisesRegex(1, 1)
        # ruleid: py-removed-unittest-assert-not-regexp-matches
        self.assertNotRegexpMatches(1, 1)
        # ok: py-removed-unittest-assert-not-regexp-matches
        self.assertNotRegex(1, 1)
        # ruleid: py-removed-unittest-assert-dict-contains-subset
        self.assertDictContainsSubset({"a": 1}, {"a": 1, "b": 2})
        # ok: py-removed-unittest-assert-dict-contains-subset
        self.assertLessEqual({"a": 1}.items(), {"a": 1, "b": 2}.items())


class Base(unittest.TestCase):
    pass


class Derived(Base):
    def test_through_local_base(self):
        # ruleid: py-removed-unittest-assert-equals
        self.assertEquals(1, 1)


class OwnHelpers(unittest.TestCase):
    def assertEquals(self, a, b):  # the project's own helper of that name
        assert a == b

    def test_own_helper(self):
        # ok: py-removed-unittest-assert-equals
        self.assertEquals(1, 1)


class NotATest:
    def check(self):
        # ok: py-removed-unittest-assert-equals
        self.assertEquals(1, 1)


# ok: py-removed-unittest-assert-equals
other.assertEquals(1, 1)  # not self
# ruleid: py-removed-unittest-use-load-tests
suite = unittest.TestLoader().loadTestsFromModule(sys.modules[__name__], use_load_tests=False)
# ok: py-removed-unittest-use-load-tests
suite = unittest.TestLoader().loadTestsFromModule(sys.modules[__name__], pattern="test*")
# ruleid: py-removed-unittest-texttestresult-alias
result_class = unittest._TextTestResult
# ok: py-removed-unittest-texttestresult-alias
result_class = unittest.TextTestResult
# ruleid: py-removed-webbrowser-obsolete-browsers
browser = webbrowser.Netscape("netscape")
# ok: py-removed-webbrowser-obsolete-browsers
browser = webbrowser.Mozilla("firefox")
# ruleid: py-removed-webbrowser-get-obsolete
browser = webbrowser.get("netscape")
# ok: py-removed-webbrowser-get-obsolete
browser = webbrowser.get("firefox")
zipped = zipimport.zipimporter("lib.zip")
# ruleid: py-removed-zipimport-find-module
loader = zipped.find_module("pkg")
# ok: py-removed-zipimport-find-module
spec = zipped.find_spec("pkg")
finder = sys.path_importer_cache.get("lib")
if hasattr(finder, "find_loader"):
    # ok: py-removed-zipimport-find-module
    loader, portions = finder.find_loader("pkg")  # not known to be a zipimporter
# ruleid: py-changed-sys-current-exceptions
for thread_id, (kind, value, tb) in sys._current_exceptions().items():
    pass
# ok: py-changed-sys-current-exceptions
frames = sys._current_frames()
from unittest import TestLoader


class Loader(TestLoader):
    def load(self, module):
        # ok: py-removed-unittest-use-load-tests
        return TestLoader.loadTestsFromModule(self, module)  # unbound: `self` is the first positional


def legacy_load(module):
    # ruleid: py-removed-unittest-use-load-tests
    return TestLoader.loadTestsFromModule(TestLoader(), module, False)
