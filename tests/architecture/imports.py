"""Reading the layer tables in docs/architecture.md and the imports of the source tree (with `ast`)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "styrkedja"
DOC = ROOT / "docs" / "architecture.md"
_ROW = re.compile(r"^\|\s*`([\w.]+)`\s*\|\s*(\d+)\s*\|")


def layer_table(kind: str, doc: Path = DOC) -> dict[str, int]:
    """{name: layer} from the table between `<!-- layers:KIND -->` and `<!-- /layers -->`."""
    text = doc.read_text(encoding="utf-8")
    start = text.index(f"<!-- layers:{kind} -->")
    end = text.index("<!-- /layers -->", start)
    table = {}
    for line in text[start:end].splitlines():
        if m := _ROW.match(line.strip()):
            table[m.group(1)] = int(m.group(2))
    return table


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str


def imports_of(path: Path, package: str) -> Iterator[Import]:
    """Every module `path` imports (anywhere in it, also inside functions), relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parts = package.split(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(parts[: len(parts) - node.level + 1])
                names = [node.module] if node.module else [a.name for a in node.names]
                for name in names:
                    yield Import(path, node.lineno, f"{base}.{name}")
            elif node.module:
                yield Import(path, node.lineno, node.module)


def package_of(path: Path, root: Path, prefix: str) -> str:
    """The dotted package a file under `root` (the package `prefix`) is in, e.g. styrkedja.web.projects.templatetags."""
    parts = [prefix, *path.relative_to(root).parent.parts]
    return ".".join(parts)


def subpackages(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if (p / "__init__.py").is_file())


def python_files(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.py"))


def wrong_way_imports(
    root: Path, prefix: str, table: dict[str, int], extra_forbidden: tuple[str, ...] = ()
) -> list[str]:
    """Messages for every import of a sibling in the same or a higher layer (or of a forbidden module).

    `root` is the directory holding the siblings (e.g. src/styrkedja/web), `prefix` their dotted parent
    (e.g. "styrkedja.web"); modules directly in `root` are the top and are not checked.
    """
    problems = []
    for name in subpackages(root):
        if name not in table:
            continue  # reported by the table check, with a clearer message
        for path in python_files(root / name):
            for imp in imports_of(path, package_of(path, root, prefix)):
                rel = path.relative_to(ROOT)
                if any(imp.module == f or imp.module.startswith(f + ".") for f in extra_forbidden):
                    problems.append(f"{rel}:{imp.line} imports {imp.module}, which {prefix}.{name} never may")
                    continue
                if not imp.module.startswith(prefix + "."):
                    continue
                other = imp.module.split(".")[len(prefix.split("."))]
                if other == name or other not in table:
                    continue
                if table[other] >= table[name]:
                    problems.append(
                        f"{rel}:{imp.line} imports {prefix}.{other} (layer {table[other]}) from {name} "
                        f"(layer {table[name]}): only lower layers may be imported (docs/architecture.md)"
                    )
    return problems


def missing_rows(root: Path, table: dict[str, int], kind: str, names: list[str] | None = None) -> list[str]:
    present = names if names is not None else subpackages(root)
    out = [
        f"{kind} {name!r} is not in the layer table in docs/architecture.md: add a row "
        f"'| `{name}` | N | what it holds |' with N the layer it belongs to"
        for name in present
        if name not in table
    ]
    out += [
        f"the layer table in docs/architecture.md lists {name!r}, which does not exist"
        for name in table
        if name not in present
    ]
    return out
