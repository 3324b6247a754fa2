"""Make one report document: input -> assembly -> renderer, and write it whole or not at all."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from styrkedja.reports import assemble as a
from styrkedja.reports import render as r

from . import queries as q
from .reportdata import report_input


def make_report(
    year: int,
    fmt: str,
    *,
    as_of: dt.date | None = None,
    strategy: str | None = None,
    edition: str = a.INTERN,
    language: str = "sv",
) -> bytes:
    """The document's bytes. Raises `ReportError` for a request that cannot be met."""
    if fmt not in r.FORMATS:
        raise a.ReportError(f"unknown format {fmt!r} (expected one of: {', '.join(r.FORMATS)})")
    if edition not in a.EDITIONS:
        raise a.ReportError(f"unknown edition {edition!r} (expected intern or publik)")
    data = report_input(year, as_of, language)
    report = a.assemble_report(data, edition=edition, language=language, strategy_key=strategy, make=q.chart)
    return r.render(report, fmt)


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: a reader never sees half a document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
