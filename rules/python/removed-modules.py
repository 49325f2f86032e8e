# Fixture for rules/python/removed-modules.yaml: every import form of every removed module.
import importlib
import sys

# ruleid: py-removed-module-cgi
import cgi
# ruleid: py-removed-module-cgitb
import cgitb as tb
# ruleid: py-removed-module-distutils
import distutils.core
# ruleid: py-removed-module-distutils
from distutils.version import LooseVersion
# ruleid: py-removed-module-imp
from imp import reload
# ruleid: py-removed-module-tkinter-tix
from tkinter import tix
# ok: py-removed-module-tkinter-tix
from tkinter import ttk
# ruleid: py-removed-module-tkinter-tix
import tkinter.tix
# ruleid: py-removed-module-pipes
pipes = __import__("pipes")
# ruleid: py-removed-module-telnetlib
telnet = importlib.import_module("telnetlib")
# ok: py-removed-module-telnetlib
name = "telnetlib"  # a string is not an import; neither is this comment: import telnetlib
# ok: py-removed-module-crypt
from . import crypt
# ok: py-removed-module-crypt
from .crypt import hash_password
# ruleid: py-removed-module-asyncore, py-removed-module-asynchat
import asyncore, asynchat
# ruleid: py-removed-module-smtpd
import smtpd
# ruleid: py-removed-module-crypt
from crypt import crypt as hash_password
# ruleid: py-removed-module-aifc
import aifc
# ruleid: py-removed-module-audioop
import audioop
# ruleid: py-removed-module-chunk
import chunk
# ruleid: py-removed-module-imghdr
import imghdr
# ruleid: py-removed-module-mailcap
import mailcap
# ruleid: py-removed-module-msilib
import msilib
# ruleid: py-removed-module-nis
import nis
# ruleid: py-removed-module-nntplib
import nntplib
# ruleid: py-removed-module-ossaudiodev
import ossaudiodev
# ruleid: py-removed-module-sndhdr
import sndhdr
# ruleid: py-removed-module-spwd
import spwd
# ruleid: py-removed-module-sunau
import sunau
# ruleid: py-removed-module-uu
import uu
# ruleid: py-removed-module-xdrlib
import xdrlib
# ruleid: py-removed-module-lib2to3
from lib2to3 import pytree
# ok: py-removed-module-cgi
import cgi_tools

if sys.version_info < (3, 13):
    # ok: py-removed-module-pipes
    import pipes
else:
    import shlex

if sys.version_info >= (3, 13):
    import shlex
else:
    # ok: py-removed-module-crypt
    import crypt

try:
    # ruleid: py-removed-module-imghdr
    import imghdr
except ImportError:
    imghdr = None

try:
    import _imp
except ImportError:
    # ruleid: py-removed-module-imp
    import imp as _imp


def later():
    # ruleid: py-removed-module-uu
    import uu
    return uu


# Nothing below runs on 3.13, names something else, or is not code at all.
if sys.version_info[:2] <= (3, 12):
    # ok: py-removed-module-aifc, py-removed-module-audioop, py-removed-module-sunau, py-removed-module-chunk
    import aifc, audioop, sunau, chunk
    # ok: py-removed-module-cgitb, py-removed-module-mailcap, py-removed-module-nntplib
    import cgitb, mailcap, nntplib
    # ok: py-removed-module-msilib, py-removed-module-nis, py-removed-module-ossaudiodev, py-removed-module-spwd
    import msilib, nis, ossaudiodev, spwd
    # ok: py-removed-module-sndhdr, py-removed-module-uu, py-removed-module-xdrlib, py-removed-module-lib2to3
    import sndhdr, uu, xdrlib, lib2to3

if sys.version_info < (3, 12):
    # ok: py-removed-module-distutils, py-removed-module-imp, py-removed-module-smtpd
    import distutils, imp, smtpd
    # ok: py-removed-module-asyncore, py-removed-module-asynchat
    import asyncore, asynchat

# ok: py-removed-module-imghdr
from myproject.vendor import imghdr
# ok: py-removed-module-cgi
print(cgi_form.cgi)
# ok: py-removed-module-tkinter-tix
tix = "import tkinter.tix"
# ok: py-removed-module-telnetlib
telnetlib_host = settings.telnetlib
