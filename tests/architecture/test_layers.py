"""Structure rules as tests: the layer tables in docs/architecture.md hold for every import.

- The pure packages (`data`, `analytics`, `connectors`, `strategyfile`, `reports`) never import Django or
  `styrkedja.web`, and import each other only downwards.
- The Django apps import each other only downwards: core/areas -> indicators -> strategies -> followup ->
  projects -> chain -> dashboards -> api.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

from tests.architecture.imports import PACKAGE, layer_table, missing_rows, wrong_way_imports

PURE_TABLE = layer_table("pure")
WEB_TABLE = layer_table("web")
WEB = PACKAGE / "web"


def pure_modules() -> list[str]:
    names = []
    for name in PURE_TABLE:
        package = importlib.import_module(f"styrkedja.{name}")
        names.append(package.__name__)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return names


def test_the_tables_list_the_packages_and_apps_there_are():
    assert set(PURE_TABLE) == {"data", "analytics", "connectors", "strategyfile", "reports"}
    pure_dirs = [name for name in PURE_TABLE if (PACKAGE / name / "__init__.py").is_file()]
    assert pure_dirs == list(PURE_TABLE)
    assert missing_rows(WEB, WEB_TABLE, "web app") == []
    # core (users, roles, the audit every write and the admin go through) is the foundation; areas above it.
    assert WEB_TABLE["core"] == 0 < WEB_TABLE["areas"] and WEB_TABLE["dashboards"] > WEB_TABLE["chain"]


def test_pure_packages_import_without_django():
    modules = pure_modules()
    assert len(modules) > 5
    assert {m.split(".")[1] for m in modules} == set(PURE_TABLE)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_pure_packages_import_only_downwards():
    # The pure packages are siblings of `web` (and of cli, demo), which are not in their table: forbid them.
    problems = wrong_way_imports(PACKAGE, "styrkedja", PURE_TABLE, ("django", "styrkedja.web", "styrkedja.cli"))
    assert problems == [], "\n".join(problems)


def test_web_apps_import_only_downwards():
    problems = wrong_way_imports(WEB, "styrkedja.web", WEB_TABLE)
    assert problems == [], "\n".join(problems)


def test_installed_apps_follow_the_layers():
    from django.conf import settings

    ours = [a.rsplit(".", 1)[1] for a in settings.INSTALLED_APPS if a.startswith("styrkedja.web.")]
    assert ours == sorted(ours, key=lambda a: WEB_TABLE[a])


# --- the checker itself finds what it should -------------------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "styrkedja" / "web" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path / "styrkedja" / "web"


def test_the_checker_finds_a_wrong_way_import_and_a_missing_row(tmp_path, monkeypatch):
    import tests.architecture.imports as imports

    monkeypatch.setattr(imports, "ROOT", tmp_path)
    web = _tree(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/ok.py": "from styrkedja.web.core import audit\n",
            "projects/__init__.py": "",
            "projects/tags/__init__.py": "",
            "projects/tags/extras.py": "import os\n\ndef f():\n    from ...dashboards.queries import number\n",
            "dashboards/__init__.py": "",
            "dashboards/views.py": "from ..projects.models import Initiative\n",
            "influence/__init__.py": "",
        },
    )
    table = {"core": 0, "projects": 4, "dashboards": 6}
    problems = imports.wrong_way_imports(web, "styrkedja.web", table)
    assert len(problems) == 1
    assert problems[0].startswith("styrkedja/web/projects/tags/extras.py:4 imports styrkedja.web.dashboards (layer 6)")
    missing = imports.missing_rows(web, table, "web app")
    assert missing == [
        "web app 'influence' is not in the layer table in docs/architecture.md: add a row "
        "'| `influence` | N | what it holds |' with N the layer it belongs to"
    ]
    same_layer = imports.wrong_way_imports(web, "styrkedja.web", {"core": 0, "projects": 6, "dashboards": 6})
    assert len(same_layer) == 2
