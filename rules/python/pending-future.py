# Fixture for rules/python/pending-future.yaml on target 3.13: deprecated, no removal date (notice).
import argparse
import calendar
import dis
import glob
import pydoc
import re
import traceback
import codecs
import collections.abc
import datetime
import importlib.util
import logging
import shutil
import ssl
import sys
import threading
import typing
import urllib.parse
import warnings
import xml.etree.ElementTree as ET
from datetime import datetime as DateTime

# ok: py-deprecated-argparse-filetype
source = argparse.FileType("r")  # deprecated only from 3.14, see pending-future.target-3.14.py
# ruleid: py-deprecated-calendar-january
first = calendar.January
# ok: py-deprecated-calendar-january
first = calendar.JANUARY
# ok: py-deprecated-codecs-open
handle = codecs.open("notes.txt", encoding="utf-8")  # deprecated only from 3.14
# ruleid: py-deprecated-datetime-utcnow
stamp = datetime.datetime.utcnow()
# ruleid: py-deprecated-datetime-utcnow
stamp = DateTime.utcfromtimestamp(0)
# ok: py-deprecated-datetime-utcnow
stamp = datetime.datetime.now(tz=datetime.timezone.utc)
# ruleid: py-deprecated-importlib-cache-from-source-debug-override
cached = importlib.util.cache_from_source("m.py", debug_override=True)
# ok: py-deprecated-importlib-cache-from-source-debug-override
cached = importlib.util.cache_from_source("m.py", optimization="")
log = logging.getLogger(__name__)
# ruleid: py-deprecated-logging-warn
log.warn("disk almost full")
# ruleid: py-deprecated-logging-warn
logging.warn("disk almost full")
# ok: py-deprecated-logging-warn
log.warning("disk almost full")
# ok: py-deprecated-logging-warn
warnings.warn("not a logger")
# ruleid: py-deprecated-shutil-rmtree-onerror
shutil.rmtree("build", onerror=print)
# ok: py-deprecated-shutil-rmtree-onerror
shutil.rmtree("build", onexc=print)
# ruleid: py-deprecated-ssl-context-without-protocol
context = ssl.SSLContext()
# ok: py-deprecated-ssl-context-without-protocol
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
# ruleid: py-deprecated-ssl-npn
context.set_npn_protocols(["h2"])
# ok: py-deprecated-ssl-npn
context.set_alpn_protocols(["h2"])
# ruleid: py-deprecated-ssl-protocol-versions
context.options |= ssl.OP_NO_TLSv1
# ok: py-deprecated-ssl-protocol-versions
context.minimum_version = ssl.TLSVersion.TLSv1_2
event = threading.Event()
# ruleid: py-deprecated-threading-camelcase-methods
ready = event.isSet()
# ok: py-deprecated-threading-camelcase-methods
ready = event.is_set()
# ruleid: py-deprecated-threading-camelcase-functions
current = threading.currentThread()
# ok: py-deprecated-threading-camelcase-functions
current = threading.current_thread()


# ruleid: py-deprecated-typing-text
def greet(name: typing.Text) -> str:
    return name


# ok: py-deprecated-typing-text
def greet_str(name: str) -> str:
    return name


# ok: py-deprecated-typing-union-generic-alias
alias = typing._UnionGenericAlias  # deprecated only from 3.14
# ruleid: py-deprecated-urllib-parse-split-functions
host, port = urllib.parse.splitport("example.com:80")
# ok: py-deprecated-urllib-parse-split-functions
port = urllib.parse.urlsplit("//example.com:80").port
root = ET.parse("config.xml").getroot()
# ruleid: py-deprecated-etree-element-truth
if root.find("server"):
    pass
# ruleid: py-deprecated-etree-element-truth
enabled = not root.find("enabled")
# ok: py-deprecated-etree-element-truth
if root.find("server") is not None:
    pass
# ok: py-deprecated-etree-element-truth
server = root.find("server")
# ruleid: py-deprecated-sys-clear-type-cache
sys._clear_type_cache()
# ok: py-deprecated-sys-clear-type-cache
sys._clear_internal_caches()

# ruleid: py-deprecated-re-sub-positional-flags
cleaned = re.sub(r"\s+", " ", "a  b", re.IGNORECASE)  # the flag lands in *count*
# ok: py-deprecated-re-sub-positional-flags
cleaned = re.sub(r"\s+", " ", "a  b", flags=re.IGNORECASE)
# ruleid: py-deprecated-re-split-positional-maxsplit
head, tail = re.split(",", "a,b,c", 1)
# ok: py-deprecated-re-split-positional-maxsplit
head, tail = re.split(",", "a,b,c", maxsplit=1)
# ruleid: py-deprecated-glob-glob0
found = glob.glob1("src", "*.py")
# ok: py-deprecated-glob-glob0
found = glob.glob("*.py", root_dir="src")
# ruleid: py-deprecated-dis-have-argument
takes_argument = 90 >= dis.HAVE_ARGUMENT
# ok: py-deprecated-dis-have-argument
takes_argument = 90 in dis.hasarg
# ruleid: py-deprecated-pydoc-ispackage
is_package = pydoc.ispackage("src/app")
# ok: py-deprecated-pydoc-ispackage
documentation = pydoc.render_doc(str)
summary = traceback.TracebackException.from_exception(ValueError("x"))
# ruleid: py-deprecated-traceback-exc-type
kind = summary.exc_type
# ok: py-deprecated-traceback-exc-type
kind = summary.exc_type_str


class Handler:
    def __exit__(self, exc_type, exc, tb):
        # ok: py-deprecated-traceback-exc-type
        self.exc_type = exc_type


# ruleid: py-deprecated-typing-anystr
def concat(a: typing.AnyStr, b: typing.AnyStr) -> typing.AnyStr:
    return a + b


# ok: py-deprecated-typing-anystr
StrOrBytes = typing.TypeVar("StrOrBytes", str, bytes)
# ruleid: py-deprecated-typing-hashable-sized
Key = typing.Hashable
# ok: py-deprecated-typing-hashable-sized
Key = collections.abc.Hashable
from .utils import notices  # noqa: a module of the project

# ok: py-deprecated-logging-warn
notices.warn("a module imported relatively is not a logger")
