"""Reading the strategy file without a database: every problem reported, the broken corpus large enough.

Loading into the database and the broken corpus's messages are tested in tests/web/chain/test_strategy_file.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from styrkedja.strategyfile import StrategyFileError, read_strategy_file

FIXTURES = Path(__file__).parents[1] / "fixtures"
MINIMAL = FIXTURES / "strategy" / "minimal.yaml"
BROKEN = sorted((FIXTURES / "strategy-broken").glob("*.yaml"))


def test_broken_corpus_is_large_enough():
    assert len(BROKEN) >= 15


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("indicator: emp-rate", "indicator: nope-1").replace(
        "contributes_to: [g-emp]", "contributes_to: [nope-2]"
    )
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StrategyFileError) as info:
        read_strategy_file(path)
    messages = [p.message for p in info.value.problems]
    assert any("nope-1" in m for m in messages) and any("nope-2" in m for m in messages)
