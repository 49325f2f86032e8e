# pyshift-test: target=3.14
# Fixture for rules/python/pending-future.yaml on target 3.14: deprecations added in 3.14.
import argparse
import codecs
import typing

# ruleid: py-deprecated-argparse-filetype
parser_type = argparse.FileType("r")
# ok: py-deprecated-argparse-filetype
parser_type = str
parser = argparse.ArgumentParser(prefix_chars="-+")
# ruleid: py-deprecated-argparse-group-prefix-chars
group = parser.add_argument_group("options", prefix_chars="+")
# ok: py-deprecated-argparse-group-prefix-chars
group = parser.add_argument_group("options")
# ruleid: py-deprecated-codecs-open
handle = codecs.open("notes.txt", encoding="utf-8")
# ok: py-deprecated-codecs-open
handle = open("notes.txt", encoding="utf-8")
# ruleid: py-deprecated-typing-union-generic-alias
is_union = isinstance(typing.Optional[int], typing._UnionGenericAlias)
# ok: py-deprecated-typing-union-generic-alias
is_union = typing.get_origin(typing.Optional[int]) is typing.Union
