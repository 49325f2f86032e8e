# Fixture for rules/python/pending-3.14.yaml: still works on 3.13, removed in 3.14 (warning on target 3.13).
import ast
import asyncio
import collections.abc
import email.utils
import importlib.abc
import importlib.resources.abc
import pathlib
import pkgutil
import pty
import sqlite3
import typing
import urllib.parse


def is_string(node):
    # ruleid: py-pending-ast-num
    return isinstance(node, ast.Str)


def is_string_now(node):
    # ok: py-pending-ast-num
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


# ruleid: py-pending-asyncio-child-watchers
watcher = asyncio.SafeChildWatcher()
# ruleid: py-pending-asyncio-child-watchers
asyncio.set_child_watcher(watcher)
# ok: py-pending-asyncio-child-watchers
loop = asyncio.new_event_loop()
policy = asyncio.get_event_loop_policy()
# ruleid: py-pending-asyncio-policy-child-watcher
policy.set_child_watcher(watcher)
# ok: py-pending-asyncio-policy-child-watcher
policy.set_event_loop(loop)
# ruleid: py-pending-collections-abc-bytestring
BytesLike = collections.abc.ByteString
# ok: py-pending-collections-abc-bytestring
BytesLike = collections.abc.Buffer
# ruleid: py-pending-typing-bytestring
Data = typing.ByteString
# ok: py-pending-typing-bytestring
Data = typing.Union[bytes, bytearray]
# ruleid: py-pending-email-localtime-isdst
now = email.utils.localtime(isdst=0)
# ok: py-pending-email-localtime-isdst
now = email.utils.localtime()
# ruleid: py-pending-importlib-abc-resources
Resource = importlib.abc.Traversable
# ok: py-pending-importlib-abc-resources
Resource = importlib.resources.abc.Traversable
base = pathlib.Path("/srv/app")
# ruleid: py-pending-pathlib-relative-to-args
relative = base.relative_to("/", "srv")
# ok: py-pending-pathlib-relative-to-args
relative = base.relative_to(pathlib.Path("/", "srv"))
# ruleid: py-pending-pkgutil-find-loader
loader = pkgutil.get_loader("json")
# ok: py-pending-pkgutil-find-loader
package_data = pkgutil.get_data("json", "__init__.py")
# ruleid: py-pending-pty-master-open
master, slave_name = pty.master_open()
# ok: py-pending-pty-master-open
master, slave = pty.openpty()
# ruleid: py-pending-sqlite3-version
module_version = sqlite3.version
# ok: py-pending-sqlite3-version
library_version = sqlite3.sqlite_version
# ruleid: py-pending-urllib-parse-quoter
quoter = urllib.parse.Quoter("/")
# ok: py-pending-urllib-parse-quoter
quoted = urllib.parse.quote("a b", safe="/")
