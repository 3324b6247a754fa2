from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RECORDED = FIXTURES / "recorded"
BROKEN = FIXTURES / "broken"
DEMO_DATA = Path(__file__).resolve().parents[2] / "src" / "styrkedja" / "demo" / "data"


def load(name: str) -> Any:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))
