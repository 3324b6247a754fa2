"""Settings refuse values they cannot read, the production entry point refuses the demo key, and the
README's settings table lists every variable the settings read."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from styrkedja.web.core.deploy import refuse_demo_secret

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "styrkedja" / "web" / "settings.py"
README = ROOT / "README.md"


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("STYRKEDJA_")}
    base["DJANGO_SETTINGS_MODULE"] = "styrkedja.web.settings"
    return subprocess.run([sys.executable, "-c", code], env=base | env, capture_output=True, text=True, check=False)


def test_an_unknown_yes_no_value_is_refused_naming_the_variable():
    done = _run("import styrkedja.web.settings", STYRKEDJA_PUBLIC_READ="maybe")
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "STYRKEDJA_PUBLIC_READ='maybe'" in done.stderr


def test_yes_no_values_are_read_both_ways():
    code = "from styrkedja.web import settings as s; print(s.PUBLIC_READ, s.DEBUG)"
    assert _run(code, STYRKEDJA_PUBLIC_READ="Yes", STYRKEDJA_DEBUG="off").stdout.split() == ["True", "False"]
    assert _run(code, STYRKEDJA_PUBLIC_READ="0", STYRKEDJA_DEBUG="1").stdout.split() == ["False", "True"]


def test_a_connection_age_that_is_not_a_number_is_refused():
    done = _run("import styrkedja.web.settings", STYRKEDJA_CONN_MAX_AGE="ten")
    assert done.returncode != 0 and "STYRKEDJA_CONN_MAX_AGE='ten' is not a whole number" in done.stderr


def test_the_production_entry_point_refuses_the_demo_key_with_debug_off():
    refused = _run("import styrkedja.web.wsgi")
    assert refused.returncode != 0 and "STYRKEDJA_SECRET_KEY is not set" in refused.stderr
    for env in ({"STYRKEDJA_SECRET_KEY": "a-long-random-production-value"}, {"STYRKEDJA_DEBUG": "1"},
                {"STYRKEDJA_DEMO_KEY": "1"}):  # fmt: skip
        done = _run("import styrkedja.web.wsgi", **env)
        assert done.returncode == 0, (env, done.stderr)


def test_refuse_demo_secret_rules():
    with pytest.raises(ImproperlyConfigured):
        refuse_demo_secret("demo", "demo", debug=False, demo_allowed=False)
    refuse_demo_secret("demo", "demo", debug=True, demo_allowed=False)
    refuse_demo_secret("demo", "demo", debug=False, demo_allowed=True)
    refuse_demo_secret("own", "demo", debug=False, demo_allowed=False)


def _variables_read_by_settings() -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(SETTINGS.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = ast.unparse(node.func)
        first = node.args[0]
        if func in {"os.environ.get", "os.getenv", "env_bool", "env_int"} and isinstance(first, ast.Constant):
            names.add(str(first.value))
    return names


def test_the_readme_lists_every_variable_the_settings_read():
    read = _variables_read_by_settings()
    assert {"DATABASE_URL", "STYRKEDJA_SECRET_KEY", "STYRKEDJA_DEBUG", "STYRKEDJA_CACHE_DIR"} <= read
    section = README.read_text(encoding="utf-8").split("## Settings", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.MULTILINE))
    assert read - listed == set(), f"add these to the README's settings table: {sorted(read - listed)}"
