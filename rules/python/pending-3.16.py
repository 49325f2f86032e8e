# Fixture for rules/python/pending-3.16.yaml on target 3.13: rules deprecated by 3.13 (the 3.14 ones are
# inactive here, see pending-3.16.target-3.14.py).
import array
import asyncio
import shutil
import sys
import tarfile

# ruleid: py-pending-array-u-typecode
chars = array.array("u", "abc")
# ok: py-pending-array-u-typecode
chars = array.array("w", "abc")
# ok: py-pending-asyncio-iscoroutinefunction
is_async = asyncio.iscoroutinefunction(print)  # deprecated only from 3.14
# ruleid: py-pending-sys-enablelegacywindowsfsencoding
sys._enablelegacywindowsfsencoding()
# ok: py-pending-sys-enablelegacywindowsfsencoding
encoding = sys.getfilesystemencoding()
# ok: py-pending-shutil-execerror
error = shutil.ExecError  # deprecated only from 3.14

with tarfile.open("backup.tar") as archive:
    # ok: py-pending-tarfile-tarfile-attribute
    same = archive.tarfile  # a TarFile, not a TarInfo
member = tarfile.TarInfo("x")
# ruleid: py-pending-tarfile-tarfile-attribute
owner = member.tarfile
# ok: py-pending-tarfile-tarfile-attribute
name = member.name
