"""Structure rules as tests: analytics and connectors never import Django."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import styrkedja.analytics
import styrkedja.connectors
import styrkedja.strategyfile

PURE = [styrkedja.analytics, styrkedja.connectors, styrkedja.strategyfile]


def pure_modules() -> list[str]:
    names = []
    for package in PURE:
        names.append(package.__name__)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return names


def test_pure_packages_import_without_django():
    modules = pure_modules()
    assert len(modules) > 5
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout
