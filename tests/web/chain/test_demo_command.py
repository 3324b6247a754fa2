"""`styrkedja demo --no-serve` is the README's first command: it must finish on a fresh database.

An optional computed indicator whose inputs have no data is a named warning in the demo, while a real
`fetch` keeps failing on it.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from styrkedja.web.followup.models import EvaluationResult
from styrkedja.web.indicators.models import Indicator


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the areas after browser tests flushed
def test_demo_finishes_evaluates_and_creates_the_logins():
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "Demo logins" in text
    assert get_user_model().objects.filter(username="analytiker").exists()
    assert EvaluationResult.objects.exists()
    # One line per computed indicator: never a line break inside "computed X: … values".
    computed = [line for line in text.splitlines() if line.startswith("  ") and "brp-per-sysselsatt" in line]
    assert len(computed) == 1 and "values" in computed[0], text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the areas after browser tests flushed
def test_fetch_without_the_flag_still_fails_on_missing_inputs():
    call_command("init", stdout=StringIO())
    Indicator.objects.create(
        key="only-computed",
        name="Computed with no inputs stored",
        source_kind="computed",
        source_spec={"formula": "ratio", "inputs": ["absent-a", "absent-b"]},
    )
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("fetch", "--computed-only", stdout=out, stderr=StringIO())
    assert exit_info.value.code == 1
    assert "absent-a" in out.getvalue()
