"""The SDK promises Python >= 3.8 and the standard library only: check both on every run."""
import ast
import glob
import os
import sys

PKG = os.path.join(os.path.dirname(__file__), "..", "allspark")
STDLIB = set(getattr(sys, "stdlib_module_names", ())) or None


def _sources():
    return sorted(glob.glob(os.path.join(PKG, "*.py")))


def test_parses_as_python_3_8():
    for path in _sources():
        with open(path) as f:
            ast.parse(f.read(), path, feature_version=(3, 8))


def test_imports_only_the_standard_library():
    if STDLIB is None:  # Python < 3.10 has no list to check against
        return
    for path in _sources():
        with open(path) as f:
            tree = ast.parse(f.read(), path)
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in STDLIB or top == "allspark", "%s imports %s" % (path, name)
