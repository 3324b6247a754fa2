"""The stored back-test result shown on the methods page.

`calibration_backtest.json` is written by `bench/calibration/run.py --json` (every all-county panel
with at least ten years; textbook, shipped and new methods side by side). Pages read it; they never
recompute or type in a figure.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

FILE = "calibration_backtest.json"


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    """The summary (`analytics.backtest_summary.summary`) stored with the demo data."""
    text = resources.files("styrkedja.demo").joinpath("data", FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
