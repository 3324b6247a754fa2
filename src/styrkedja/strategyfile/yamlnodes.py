"""YAML to Python values with a line number for every field path.

PyYAML's constructors forget where values came from; error messages must say
the line, so we walk the composed node tree ourselves. Dates stay strings (the
schema checks their form) and duplicate keys are reported, not overwritten.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64  # a strategy file nests about eight levels; deeper is an error or an attack


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: '2019-01-01' stays a string.

    Aliases (`*name`) are refused: a strategy file never needs them, and a few hundred bytes of
    nested aliases expand to gigabytes (the "billion laughs"). Nesting is limited to MAX_DEPTH,
    so deep brackets give a message, not a RecursionError."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*{event.anchor}) are not allowed in a strategy file", event.start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark
                )
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def load_with_lines(text: str) -> tuple[Any, dict[Path, int], list[tuple[Path, int, str]]]:
    """Return (value, {path: line}, duplicate-key problems). Lines are 1-based."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    duplicates: list[tuple[Path, int, str]] = []
    if node is None:
        return None, lines, duplicates
    constructor = _Loader("")

    def walk(n: yaml.Node, path: Path) -> Any:
        lines[path] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in n.value:
                key = constructor.construct_object(key_node, deep=True)
                key = str(key) if not isinstance(key, str) else key
                if key in out:
                    duplicates.append(((*path, key), key_node.start_mark.line + 1, f"duplicate key {key!r}"))
                out[key] = walk(value_node, (*path, key))
                lines[(*path, key)] = key_node.start_mark.line + 1
            return out
        if isinstance(n, yaml.SequenceNode):
            return [walk(item, (*path, i)) for i, item in enumerate(n.value)]
        return constructor.construct_object(n, deep=True)

    return walk(node, ()), lines, duplicates


def line_for(lines: dict[Path, int], path: Path) -> int:
    """The line of the path, or of its nearest ancestor present in the file."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)
