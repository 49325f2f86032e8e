# pyshift-test: target=3.14
# Fixture for rules/python/pending-3.16.yaml on target 3.14: APIs deprecated in 3.14, removed in 3.16.
import asyncio
import inspect
import shutil
import symtable

# ruleid: py-pending-asyncio-iscoroutinefunction
is_async = asyncio.iscoroutinefunction(print)
# ok: py-pending-asyncio-iscoroutinefunction
is_async = inspect.iscoroutinefunction(print)
try:
    shutil.rmtree("build")
# ruleid: py-pending-shutil-execerror
except shutil.ExecError:
    pass
# ok: py-pending-shutil-execerror
except RuntimeError:
    pass
table = symtable.symtable("class A:\n    def f(self): pass\n", "a.py", "exec")
# ruleid: py-pending-symtable-get-methods
methods = table.get_children()[0].get_methods()
# ok: py-pending-symtable-get-methods
children = table.get_children()[0].get_children()
