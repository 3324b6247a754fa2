"""The index framework as data: indicators (level 1) grouped into aggregates level by level."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np


class CompositeError(ValueError):
    """Bad framework or data: `where` names the node, column or unit, `message` what was expected."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


@dataclass(frozen=True)
class Node:
    """One indicator (level 1) or aggregate (level >= 2). `direction` is +1/-1 for indicators."""

    code: str
    level: int
    parent: str | None
    weight: float = 1.0
    direction: int | None = None
    name: str = ""
    denominator: str | None = None
    scale_factor: float = 1.0
    target: float | None = None
    theory: str = ""


@dataclass(frozen=True)
class Framework:
    """A validated tree. `levels[k]` lists the codes at level k+1 in their given order."""

    nodes: Mapping[str, Node]
    levels: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def indicators(self) -> tuple[str, ...]:
        return self.levels[0]

    @property
    def top(self) -> str:
        return self.levels[-1][0]

    def children(self, code: str) -> tuple[str, ...]:
        level = self.nodes[code].level
        if level < 2:
            return ()
        return tuple(c for c in self.levels[level - 2] if self.nodes[c].parent == code)

    def weights(self, level: int) -> np.ndarray:
        """Nominal weights of the codes at `level`, in order."""
        return np.array([self.nodes[c].weight for c in self.levels[level - 1]], dtype=float)

    def membership(self, level: int) -> np.ndarray:
        """0/1 matrix (codes at `level` x their parents at `level + 1`)."""
        lower, upper = self.levels[level - 1], self.levels[level]
        index = {c: j for j, c in enumerate(upper)}
        m = np.zeros((len(lower), len(upper)))
        for i, c in enumerate(lower):
            m[i, index[self.nodes[c].parent or ""]] = 1.0
        return m

    def ancestors(self, code: str) -> list[str]:
        out: list[str] = []
        parent = self.nodes[code].parent
        while parent is not None:
            out.append(parent)
            parent = self.nodes[parent].parent
        return out

    def with_weights(self, weights: Mapping[str, float]) -> Framework:
        """A copy with some nodes' weights replaced (weights are relative within a group)."""
        nodes = {c: (_reweight(n, weights[c]) if c in weights else n) for c, n in self.nodes.items()}
        return Framework(nodes=nodes, levels=self.levels)


def _reweight(node: Node, weight: float) -> Node:
    return Node(**{**node.__dict__, "weight": float(weight)})


def build_framework(nodes: Iterable[Node]) -> Framework:
    """Validate and order the nodes: unique codes, known parents, no cycles, one top node, parents one level up,
    every indicator with direction +1 or -1, weights finite and >= 0, every aggregate with children."""
    by_code: dict[str, Node] = {}
    for node in nodes:
        if not node.code:
            raise CompositeError("framework", "a node without a code")
        if node.code in by_code:
            raise CompositeError(node.code, "appears twice in the framework")
        by_code[node.code] = node
    if not by_code:
        raise CompositeError("framework", "has no nodes")
    _check_cycles(by_code)
    for node in by_code.values():
        _check_node(node, by_code)
    return Framework(nodes=by_code, levels=_levels(by_code))


def _check_node(node: Node, by_code: Mapping[str, Node]) -> None:
    if node.level < 1:
        raise CompositeError(node.code, f"level must be 1 or more, got {node.level}")
    if node.level == 1 and node.direction not in (1, -1):
        raise CompositeError(node.code, f"indicator needs a direction of 1 or -1, got {node.direction!r}")
    if not np.isfinite(node.weight) or node.weight < 0:
        raise CompositeError(node.code, f"weight must be a number >= 0, got {node.weight!r}")
    if node.parent is None:
        return
    parent = by_code.get(node.parent)
    if parent is None:
        raise CompositeError(node.code, f"parent {node.parent!r} is not in the framework")
    if parent.level != node.level + 1 and parent.code != node.code:
        raise CompositeError(node.code, f"parent {parent.code!r} is at level {parent.level}, expected {node.level + 1}")


def _check_cycles(by_code: Mapping[str, Node]) -> None:
    for start in by_code:
        seen = [start]
        parent = by_code[start].parent
        while parent is not None and parent in by_code:
            if parent in seen:
                cycle = " -> ".join([*seen[seen.index(parent) :], parent])
                raise CompositeError(parent, f"the framework has a cycle: {cycle}")
            seen.append(parent)
            parent = by_code[parent].parent


def _levels(by_code: Mapping[str, Node]) -> tuple[tuple[str, ...], ...]:
    top_level = max(n.level for n in by_code.values())
    tops = [n.code for n in by_code.values() if n.parent is None]
    if len(tops) != 1 or by_code[tops[0]].level != top_level:
        raise CompositeError("framework", f"needs exactly one top node at level {top_level}, found {tops}")
    levels = tuple(tuple(c for c, n in by_code.items() if n.level == k) for k in range(1, top_level + 1))
    for k, codes in enumerate(levels[1:], start=2):
        for code in codes:
            if not any(by_code[c].parent == code for c in levels[k - 2]):
                raise CompositeError(code, f"aggregate at level {k} has no children at level {k - 1}")
    return levels
