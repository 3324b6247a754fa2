"""Read and validate a strategy file, reporting every problem with line and field path."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

import jsonschema
import yaml

from styrkedja.analytics.computed import FORMULAS
from styrkedja.analytics.logic import find_cycles
from styrkedja.analytics.model import TargetRule
from styrkedja.connectors.sources import FORMATS
from styrkedja.data import DEFAULT_PEER_GROUPS, RIKET, area_codes, group_members

from .yamlnodes import Path, format_path, line_for, load_with_lines


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


class StrategyFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def read_strategy_file(path: str | FsPath) -> dict[str, Any]:
    """Parse and validate a strategy file; raise StrategyFileError listing every problem."""
    path = FsPath(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise StrategyFileError([Problem(str(path), 1, "", f"not UTF-8 text ({exc.reason})")]) from exc
    except OSError as exc:
        raise StrategyFileError([Problem(str(path), 1, "", f"cannot read the file ({exc.strerror})")]) from exc
    return read_strategy_text(text, str(path))


def read_strategy_text(text: str, filename: str = "<text>") -> dict[str, Any]:
    try:
        doc, lines, duplicates = load_with_lines(text)
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct starts (an unclosed bracket); the
        # problem mark is where the parser gave up. Point at the start, mention both.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else 1
        detail = f"{exc.context}, {exc.problem}" if exc.context else str(exc.problem)
        if exc.context_mark and exc.problem_mark:
            detail += f" (line {exc.problem_mark.line + 1})"
        raise StrategyFileError([Problem(filename, line, "", f"YAML syntax error: {detail}")]) from exc
    problems = [Problem(filename, line, format_path(p), msg) for p, line, msg in duplicates]
    if not isinstance(doc, dict):
        problems.append(Problem(filename, 1, "", "expected a mapping with 'format: styrkedja/1' at the top"))
        raise StrategyFileError(problems)

    def add(path: Path, message: str) -> None:
        problems.append(Problem(filename, line_for(lines, path), format_path(path), message))

    for error in sorted(jsonschema.Draft202012Validator(schema()).iter_errors(doc), key=_error_order):
        path, message = _describe(error)
        add(path, message)
    if not problems:
        _check_references(doc, add)
    if problems:
        problems.sort(key=lambda p: (p.line, p.path))
        raise StrategyFileError(problems)
    return doc


def _error_order(error: jsonschema.ValidationError) -> tuple[str, ...]:
    return tuple(str(p) for p in error.absolute_path)


def _describe(error: jsonschema.ValidationError) -> tuple[Path, str]:
    """Turn a JSON Schema error into a path and a message a person can act on."""
    path: Path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        return (*path, extra[0]), f"unknown key {extra[0]!r} (expected one of {', '.join(allowed)})"
    if kind == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return path, f"unknown {path[-1] if path else 'value'} {error.instance!r} (expected one of {options})"
    if kind == "required":
        return path, str(error.message).replace("is a required property", "is required")
    if kind == "type":
        expected = error.validator_value
        hint = ""
        if expected == "string" and isinstance(error.instance, int) and path and path[-1] in ("area", "period"):
            hint = " (quote codes: '07', not 07)"
        return (
            path,
            f"expected {_type_name(expected)}, got {type(error.instance).__name__} {error.instance!r}{hint}",
        )
    if kind == "pattern":
        desc = error.schema.get("description", "")
        return path, f"{error.instance!r} is not valid" + (f": {desc}" if desc else "")
    if kind == "const":
        return path, f"expected {error.validator_value!r}, got {error.instance!r}"
    return path, str(error.message)


def _type_name(expected: Any) -> str:
    names = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false"}
    if isinstance(expected, list):
        return " or ".join(names.get(str(e), str(e)) for e in expected if e != "null")
    return names.get(expected, str(expected))


class _References:
    """Ids declared in the document, and checks of references to them."""

    def __init__(self, add: Any) -> None:
        self.add = add
        self.ids: dict[str, dict[str, Path]] = {}
        self.known_areas = area_codes()

    def declare(self, kind: str, ident: str, path: Path) -> None:
        seen = self.ids.setdefault(kind, {})
        if ident in seen:
            self.add((*path, "id"), f"duplicate {kind} id {ident!r} (first used at {format_path(seen[ident])})")
        else:
            seen[ident] = path

    def ref(self, kind: str, ident: str, path: Path) -> None:
        if kind == "peer group" and ident in DEFAULT_PEER_GROUPS:
            return
        if ident not in self.ids.get(kind, {}):
            self.add(path, f"unknown {kind} {ident!r}")

    def area(self, code: str, path: Path) -> None:
        if code not in self.known_areas:
            self.add(path, f"unknown area code {code!r} (expected an SCB code: '00', a county or a municipality)")


def _check_references(doc: dict[str, Any], add: Any) -> None:
    """Cross-references, ids, areas, years and cycles: what a schema cannot say."""
    refs = _References(add)
    goals = _declare_all(doc, refs)
    members = _check_peer_groups(doc.get("peer_groups", []), refs)
    for i, ind in enumerate(doc.get("indicators", [])):
        _check_source(ind.get("source"), ("indicators", i, "source"), refs, str(ind.get("id", "")))
    for i, strat in enumerate(doc.get("strategies", [])):
        _check_strategy(strat, ("strategies", i), refs)
    for i, init in enumerate(doc.get("initiatives", [])):
        _check_initiative(init, ("initiatives", i), refs)
    for i, factor in enumerate(doc.get("influence_factors", [])):
        _check_influence_factor(factor, ("influence_factors", i), refs, add)
    for i, assessment in enumerate(doc.get("assessments", [])):
        refs.ref("goal", assessment["goal"], ("assessments", i, "goal"))
    _check_cycle(doc, refs)
    for path, goal in goals:
        _check_goal(goal, path, refs)
    _check_cycles(goals, add)
    _check_strategy_cycles(doc.get("strategies", []), add)
    _check_target_areas(doc, members, add)


MIN_GROUP = 2  # a comparison needs at least two peers besides the area (analytics MIN_PEERS)


def _check_peer_groups(groups: list[dict[str, Any]], refs: _References) -> dict[str, tuple[str, ...]]:
    """Each declared group's members (from `members`, or expanded from `of`), with a message that
    says how to fix an empty group, a group of one, Riket as a member or an unknown code."""
    out: dict[str, tuple[str, ...]] = dict(DEFAULT_PEER_GROUPS)
    for i, group in enumerate(groups):
        path: Path = ("peer_groups", i)
        gid = group["id"]
        if ("members" in group) == ("of" in group):
            message = (
                f"peer group {gid!r} needs either 'members' (a list of area codes) or 'of' ('counties', "
                "'municipalities' or a county code such as '07' for its municipalities), not both"
            )
            refs.add(path, message)
            continue
        if "of" in group:
            codes = group_members(group["of"])
            if not codes:
                message = (
                    f"{group['of']!r} is not a county code with municipalities "
                    "(expected 'counties', 'municipalities' or a county code such as '07')"
                )
                refs.add((*path, "of"), message)
            out[gid] = codes
            continue
        for j, code in enumerate(group["members"]):
            if code == RIKET:
                message = "Riket ('00') cannot be a peer: remove it and compare with Riket through 'benchmark: riket'"
                refs.add((*path, "members", j), message)
            else:
                refs.area(code, (*path, "members", j))
        codes = tuple(sorted(set(group["members"]) - {RIKET}))
        if len(codes) < MIN_GROUP:
            what = "has no members" if not codes else f"has only one member ({codes[0]})"
            message = (
                f"peer group {gid!r} {what}: a comparison needs at least {MIN_GROUP} areas; "
                "list more area codes under 'members', or use 'of: counties'"
            )
            refs.add((*path, "members"), message)
        out[gid] = codes
    return out


def _check_target_areas(doc: dict[str, Any], members: dict[str, tuple[str, ...]], add: Any) -> None:
    """A target compared within a named group must be about one of the group's members."""
    for kind in ("strategies", "initiatives"):
        for i, owner in enumerate(doc.get(kind, [])):
            for j, goal in enumerate(owner.get("goals", [])):
                area = goal.get("area", owner.get("area"))
                for k, target in enumerate(goal.get("targets", [])):
                    gid = target.get("peer_group")
                    if gid is None or gid not in members or area in members[gid]:
                        continue
                    message = (
                        f"the area {area!r} is not a member of peer group {gid!r}: add {area!r} to the group's "
                        "members, or choose a group that contains it"
                    )
                    add((kind, i, "goals", j, "targets", k, "peer_group"), message)


def _check_influence_factor(factor: dict[str, Any], path: Path, refs: _References, add: Any) -> None:
    """References, and index weights/denominators only for the factor's own indicators."""
    if "strategy" in factor:
        refs.ref("strategy", factor["strategy"], (*path, "strategy"))
    members = factor.get("indicators", [])
    for k, iid in enumerate(members):
        refs.ref("indicator", iid, (*path, "indicators", k))
    for key in ("indicator_weights", "denominators"):
        for iid in factor.get(key, {}):
            if iid not in members:
                add((*path, key, iid), f"{iid!r} is not one of this factor's indicators")
    for iid, denominator in factor.get("denominators", {}).items():
        refs.ref("indicator", denominator, (*path, "denominators", iid))
        if denominator == iid:
            add((*path, "denominators", iid), f"{iid!r} cannot be its own denominator")


def _check_date(value: Any, path: Path, refs: _References) -> None:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        refs.add(path, f"{value!r} is not a date (expected YYYY-MM-DD)")


def _check_cycle(doc: dict[str, Any], refs: _References) -> None:
    """The yearly cycle: rounds of known strategies, and what refers to rounds and goals."""
    for i, rnd in enumerate(doc.get("rounds", [])):
        path = ("rounds", i)
        refs.declare("round", rnd["id"], path)
        refs.ref("strategy", rnd["strategy"], (*path, "strategy"))
        for goal in rnd.get("statuses", {}):
            refs.ref("goal", goal, (*path, "statuses", goal))
        for field in ("as_of",):
            if field in rnd:
                _check_date(rnd[field], (*path, field), refs)
        for field, value in rnd.get("calendar", {}).items():
            if field != "forum":
                _check_date(value, (*path, "calendar", field), refs)
    for i, assessment in enumerate(doc.get("assessments", [])):
        if "round" in assessment:
            refs.ref("round", assessment["round"], ("assessments", i, "round"))
    for kind, singular in (("actions", "action"), ("knowledge_needs", "knowledge need")):
        for i, item in enumerate(doc.get(kind, [])):
            refs.declare(singular, item["id"], (kind, i))
            refs.ref("round", item["round"], (kind, i, "round"))
            for j, goal in enumerate(item.get("goals", [])):
                refs.ref("goal", goal, (kind, i, "goals", j))
            if "due_date" in item:
                _check_date(item["due_date"], (kind, i, "due_date"), refs)
    for i, lesson in enumerate(doc.get("lessons", [])):
        refs.ref("round", lesson["round"], ("lessons", i, "round"))


def _declare_all(doc: dict[str, Any], refs: _References) -> list[tuple[Path, dict[str, Any]]]:
    """Declare every id; return the goals with their paths."""
    goals: list[tuple[Path, dict[str, Any]]] = []
    for i, ind in enumerate(doc.get("indicators", [])):
        refs.declare("indicator", ind["id"], ("indicators", i))
    for i, group in enumerate(doc.get("peer_groups", [])):
        refs.declare("peer group", group["id"], ("peer_groups", i))
    for i, strat in enumerate(doc.get("strategies", [])):
        refs.declare("strategy", strat["id"], ("strategies", i))
        for kind, singular in (("challenges", "challenge"), ("priorities", "priority")):
            for j, item in enumerate(strat.get(kind, [])):
                refs.declare(singular, item["id"], ("strategies", i, kind, j))
        goals += [(("strategies", i, "goals", j), g) for j, g in enumerate(strat.get("goals", []))]
    for i, init in enumerate(doc.get("initiatives", [])):
        refs.declare("initiative", init["id"], ("initiatives", i))
        goals += [(("initiatives", i, "goals", j), g) for j, g in enumerate(init.get("goals", []))]
        for j, act in enumerate(init.get("activities", [])):
            refs.declare("activity", act["id"], ("initiatives", i, "activities", j))
    for i, factor in enumerate(doc.get("influence_factors", [])):
        refs.declare("influence factor", factor["id"], ("influence_factors", i))
    for path, goal in goals:
        refs.declare("goal", goal["id"], path)
        for j, target in enumerate(goal.get("targets", [])):
            refs.declare("target", target["id"], (*path, "targets", j))
    return goals


def _check_source(source: Any, path: Path, refs: _References, indicator: str) -> None:
    """What a fetch needs from a source, said at load rather than at the first fetch."""
    if not isinstance(source, dict):
        return
    kind = source.get("kind")
    if kind == "kolada" and not (source.get("kpi") or source.get("kpis")):
        refs.add(path, "a Kolada source needs 'kpi' (a KPI id such as N01982)")
    if kind == "file":
        if not source.get("path"):
            refs.add(path, "a file source needs 'path' (the file to read)")
        fmt = source.get("format")
        if fmt is not None and fmt not in FORMATS:
            refs.add((*path, "format"), f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if kind == "computed":
        _check_computed(source, path, refs, indicator)


def _check_computed(source: dict[str, Any], path: Path, refs: _References, indicator: str) -> None:
    """A computed indicator's formula and inputs, checked at load rather than at its first fetch."""
    formula, inputs = source.get("formula"), source.get("inputs")
    if formula not in FORMULAS:
        expected = ", ".join(FORMULAS)
        refs.add(
            (*path, "formula"),
            f"indicator {indicator!r} is computed with formula {formula!r}: expected one of {expected}",
        )
    if not isinstance(inputs, list) or not inputs:
        refs.add(path, f"indicator {indicator!r} is computed but names no inputs (expected 'inputs: [indicator ids]')")
        return
    if formula in ("ratio", "per_1000") and len(inputs) != 2:
        refs.add(
            (*path, "inputs"), f"indicator {indicator!r}: formula {formula!r} takes exactly 2 inputs, got {len(inputs)}"
        )
    known = refs.ids.get("indicator", {})
    for k, iid in enumerate(inputs):
        if iid == indicator:
            refs.add((*path, "inputs", k), f"indicator {indicator!r} is computed from itself")
        elif iid not in known:
            missing = f"indicator {indicator!r} is computed from {iid!r}, which is not an indicator in the file"
            refs.add((*path, "inputs", k), missing)


def _check_strategy(strat: dict[str, Any], path: Path, refs: _References) -> None:
    refs.area(strat["area"], (*path, "area"))
    if "parent" in strat:
        refs.ref("strategy", strat["parent"], (*path, "parent"))
    horizon = strat["horizon"]
    if horizon["to"] < horizon["from"]:
        refs.add((*path, "horizon", "to"), f"{horizon['to']} is before {horizon['from']}")
    for kind in ("challenges", "priorities"):
        for j, item in enumerate(strat.get(kind, [])):
            for k, gid in enumerate(item.get("goals", [])):
                refs.ref("goal", gid, (*path, kind, j, "goals", k))


def _check_initiative(init: dict[str, Any], path: Path, refs: _References) -> None:
    refs.area(init["area"], (*path, "area"))
    if "strategy" in init:
        refs.ref("strategy", init["strategy"], (*path, "strategy"))
    period = init.get("period", {})
    if "start" in period and "end" in period and period["end"] < period["start"]:
        refs.add((*path, "period", "end"), f"{period['end']} is before the start {period['start']}")
    own = {g["id"] for g in init.get("goals", [])}
    for j, act in enumerate(init.get("activities", [])):
        for k, gid in enumerate(act.get("feeds", [])):
            if gid not in own:
                message = f"unknown goal {gid!r} of this initiative (an activity feeds its own initiative's goals)"
                refs.add((*path, "activities", j, "feeds", k), message)


def _check_goal(goal: dict[str, Any], path: Path, refs: _References) -> None:
    add = refs.add
    if "indicator" in goal:
        refs.ref("indicator", goal["indicator"], (*path, "indicator"))
    if "area" in goal:
        refs.area(goal["area"], (*path, "area"))
    for k, gid in enumerate(goal.get("contributes_to", [])):
        refs.ref("goal", gid, (*path, "contributes_to", k))
        if gid == goal["id"]:
            add((*path, "contributes_to", k), "a goal cannot contribute to itself")
    baseline_year = _year_of(goal.get("baseline", {}).get("period"))
    for j, target in enumerate(goal.get("targets", [])):
        tpath = (*path, "targets", j)
        if "peer_group" in target:
            refs.ref("peer group", target["peer_group"], (*tpath, "peer_group"))
        rule = TargetRule(**{k: v for k, v in target.items() if k not in ("id", "text", "comment")})
        for field, message in rule.problems():
            add((*tpath, field), message)
        if baseline_year is not None and target["target_year"] < baseline_year:
            add(
                (*tpath, "target_year"),
                f"{target['target_year']} is before the baseline year {baseline_year}",
            )


def _year_of(period: str | None) -> int | None:
    return int(period[:4]) if period else None


def _check_cycles(goals: list[tuple[Path, dict[str, Any]]], add: Any) -> None:
    """Report each contributes-to cycle once, at the goal where it is first closed.

    A goal naming itself is reported by `_check_goal` already, so one-goal loops are skipped here.
    """
    edges = {g["id"]: list(g.get("contributes_to", [])) for _, g in goals}
    where = {g["id"]: p for p, g in goals}
    for node, cycle in find_cycles(edges):
        if len(cycle) > 2:
            add((*where[node], "contributes_to"), "contributes-to cycle: " + " -> ".join(cycle))


def _check_strategy_cycles(strategies: list[dict[str, Any]], add: Any) -> None:
    parent = {s["id"]: s.get("parent") for s in strategies}
    for i, strat in enumerate(strategies):
        seen = {strat["id"]}
        cur = parent.get(strat["id"])
        while cur is not None:
            if cur in seen:
                add(("strategies", i, "parent"), f"strategy parent cycle through {cur!r}")
                break
            seen.add(cur)
            cur = parent.get(cur)
