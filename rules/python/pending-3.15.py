# Fixture for rules/python/pending-3.15.yaml: still works on 3.13, removed in 3.15 (notice on target 3.13).
import ctypes
import http.server
import importlib.machinery
import importlib.util
import pathlib
import platform
import sqlite3
import sysconfig
import threading
import typing
import wave
from typing import NamedTuple, TypedDict

# ruleid: py-pending-ctypes-setpointertype
ctypes.SetPointerType(pointer_type, Node)
# ok: py-pending-ctypes-setpointertype
pointer_type = ctypes.POINTER(Node)
# ruleid: py-pending-http-server-cgihttprequesthandler
handler = http.server.CGIHTTPRequestHandler
# ok: py-pending-http-server-cgihttprequesthandler
handler = http.server.SimpleHTTPRequestHandler
loader = importlib.machinery.SourceFileLoader("plugin", "plugin.py")
# ruleid: py-pending-importlib-load-module
plugin = loader.load_module()
# ok: py-pending-importlib-load-module
spec = importlib.util.spec_from_loader("plugin", loader)
# ruleid: py-pending-pathlib-is-reserved
reserved = pathlib.PureWindowsPath("nul").is_reserved()
# ok: py-pending-pathlib-is-reserved
absolute = pathlib.PureWindowsPath("nul").is_absolute()
# ruleid: py-pending-platform-java-ver
jython = platform.java_ver()
# ok: py-pending-platform-java-ver
implementation = platform.python_implementation()
# ruleid: py-pending-sysconfig-check-home
in_tree = sysconfig.is_python_build(check_home=True)
# ok: py-pending-sysconfig-check-home
in_tree = sysconfig.is_python_build()
# ruleid: py-pending-threading-rlock-args
lock = threading.RLock(1)
# ok: py-pending-threading-rlock-args
lock = threading.RLock()


def line_table(func):
    # ruleid: py-pending-code-co-lnotab
    return func.__code__.co_lnotab


def line_numbers(func):
    # ok: py-pending-code-co-lnotab
    return list(func.__code__.co_lines())


# ruleid: py-pending-typing-namedtuple-kwargs
Point = NamedTuple("Point", x=int, y=int)
# ok: py-pending-typing-namedtuple-kwargs
Point = NamedTuple("Point", [("x", int), ("y", int)])
# ruleid: py-pending-typing-typeddict-no-fields
Empty = TypedDict("Empty")
# ok: py-pending-typing-typeddict-no-fields
Empty = TypedDict("Empty", {})
# ruleid: py-pending-typing-no-type-check-decorator
untyped = typing.no_type_check_decorator(decorator)
# ok: py-pending-typing-no-type-check-decorator
untyped = typing.no_type_check(function)
audio = wave.open("sound.wav")
# ruleid: py-pending-wave-markers
markers = audio.getmarkers()
# ok: py-pending-wave-markers
frames = audio.getnframes()


class Finder:
    def load_module(self, name):  # the project's own method of that name
        return name

    def find(self, name):
        # ok: py-pending-importlib-load-module
        return self.load_module(name)


class LegacyLoader(importlib.machinery.SourceFileLoader):
    def load_module(self, name=None):
        # ok: py-pending-importlib-load-module
        return super().load_module(name)  # an override: the definition is the thing to migrate


# ruleid: py-pending-sqlite3-connect-positional
conn = sqlite3.connect("app.db", 5.0)
# ok: py-pending-sqlite3-connect-positional
conn = sqlite3.connect("app.db", timeout=5.0)
# ruleid: py-pending-sqlite3-callback-keywords
conn.create_function(name="rev", narg=1, func=lambda s: s[::-1])
# ruleid: py-pending-sqlite3-callback-keywords
conn.set_trace_callback(trace_callback=print)
# ok: py-pending-sqlite3-callback-keywords
conn.create_function("rev", 1, lambda s: s[::-1], deterministic=True)
