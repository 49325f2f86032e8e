# Fixture for rules/python/semantics-3.13.yaml: PEP 667 locals(), classmethod chaining, functools.partial.
import abc
import functools
from functools import cached_property, partial

namespace = locals()
# ok: py-locals-mutation
namespace["x"] = 1  # module scope: locals() is globals(), writes work


def update_locals(name, value):
    # ruleid: py-locals-mutation
    locals()[name] = value
    # ruleid: py-locals-mutation
    locals().update({"y": 2})
    # ruleid: py-locals-mutation
    del locals()["value"]
    # ok: py-locals-mutation
    snapshot = dict(locals())
    # ok: py-locals-mutation
    current = locals()["name"]
    snapshot[name] = value
    return current


def run_code(code):
    # ruleid: py-locals-exec-readback
    exec(code)
    return locals()["result"]


def run_code_explicitly(code):
    namespace = {}
    # ok: py-locals-exec-readback
    exec(code, globals(), namespace)
    return namespace["result"]


def run_without_readback(code):
    # ok: py-locals-exec-readback
    exec(code)


class Config:
    # ruleid: py-removed-classmethod-chaining
    @classmethod
    @property
    def name(cls):
        return cls.__name__

    # ruleid: py-removed-classmethod-chaining
    @classmethod
    @cached_property
    def slow(cls):
        return 42

    # ok: py-removed-classmethod-chaining
    @classmethod
    @functools.lru_cache
    def cached(cls):
        return 1

    # ok: py-removed-classmethod-chaining
    @property
    @abc.abstractmethod
    def value(self):
        ...


def add(a, b):
    return a + b


class Calculator:
    # ruleid: py-changed-functools-partial-method
    increment = functools.partial(add, 1)
    # ruleid: py-changed-functools-partial-method
    double = partial(add, 2)
    # ok: py-changed-functools-partial-method
    safe = staticmethod(functools.partial(add, 3))
    # ok: py-changed-functools-partial-method
    method = functools.partialmethod(add, 4)

    def compute(self):
        # ok: py-changed-functools-partial-method
        bound = functools.partial(add, 5)
        return bound(1)
