"""COINr's ASEM example inputs (copied from ../shared/data/oracles/coinr_asem with their .source.txt)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from styrkedja.analytics.composite.framework import Framework, Node, build_framework
from styrkedja.analytics.composite.pipeline import IndexData

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "composite"


def _dir() -> Path:
    return FIXTURE


def _num(text: str) -> float:
    return float(text) if text != "" else float("nan")


def read_meta() -> list[dict[str, str]]:
    with (_dir() / "ASEM_iMeta.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_data() -> list[dict[str, str]]:
    with (_dir() / "ASEM_iData.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def asem_framework() -> Framework:
    nodes = []
    for row in read_meta():
        if row["Type"] not in ("Indicator", "Aggregate"):
            continue
        nodes.append(
            Node(
                code=row["iCode"],
                level=int(row["Level"]),
                parent=row["Parent"] or None,
                weight=float(row["Weight"]),
                direction=int(row["Direction"]) if row["Type"] == "Indicator" else None,
                name=row["iName"],
                denominator=row["Denominator"] or None,
                target=_num(row["Target"]) if row["Target"] else None,
            )
        )
    return build_framework(nodes)


def asem_data(framework: Framework, group: str = "EurAsia_group") -> IndexData:
    rows = read_data()
    values = np.array([[_num(r[c]) for c in framework.indicators] for r in rows])
    denoms = {d: np.array([_num(r[d]) for r in rows]) for d in ("Area", "Energy", "GDP", "Population")}
    return IndexData(
        units=tuple(r["uCode"] for r in rows), values=values, groups=tuple(r[group] for r in rows), denominators=denoms
    )
