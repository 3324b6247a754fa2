"""Back-test the forecast distributions on every all-county panel: textbook, shipped and new side by side.

    .venv/bin/python bench/calibration/run.py                 # markdown on stdout (~1 min)
    .venv/bin/python bench/calibration/run.py --json out.json # also the figures as JSON

Panels: every file in ../shared/data/statistics (or --data) with Riket and all 21 counties in at
least ten years (`styrkedja.demo.panels.load_panels`). Methods and events: `styrkedja.analytics.backtest`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from styrkedja.analytics import backtest as bt
from styrkedja.analytics import backtest_summary as bs
from styrkedja.demo.panels import load_panels

ROOT = Path(__file__).resolve().parents[2]
# ../shared/data/statistics from the main tree, or from a work tree one level further down.
CANDIDATES = [d / "shared" / "data" / "statistics" for d in (ROOT.parent, ROOT.parent.parent)]
DATA = next((d for d in CANDIDATES if d.exists()), ROOT / "src" / "styrkedja" / "demo" / "data")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--n-sims", type=int, default=1000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    panels = load_panels(args.data)
    report = bt.run(panels, n_sims=args.n_sims)
    s = bs.summary(report)
    print(f"# Calibration back-test ({len(panels)} panels from {args.data}, {time.perf_counter() - start:.0f} s)\n")
    for p in panels:
        print(f"- {p.name}: family {p.family}, {p.years[0]}-{p.years[-1]}")
    print()
    print(bs.markdown(s))
    print()
    for method in bt.METHODS:
        print(f"- worst reliability gap ({method}, bins with >= 30 events): {bs.worst_reliability_gap(s, method):.3f}")
    if args.json:
        args.json.write_text(json.dumps(s, indent=1, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
