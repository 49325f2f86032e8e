# Fixture for rules/core/core.yaml: suppressions and files that do not parse.
import sys

import cgi  # pyshift: ignore[py-removed-module-cgi]
import imghdr  # pyshift: ignore
# ruleid: pyshift-unused-suppression
import json  # pyshift: ignore[py-removed-module-cgi]
# ruleid: py-removed-module-uu, pyshift-unused-suppression
import uu  # pyshift: ignore[py-removed-module-cgi, py-removed-module-cgi]
# ok: pyshift-unused-suppression
import shlex


# ruleid: pyshift-parse-error
def broken(:
    pass

# ok: pyshift-parse-error
def fine():
    return 1

# ruleid: py-removed-module-pipes
import pipes
