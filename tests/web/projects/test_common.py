"""The project tests' shared set-up (conftest.py, plans.py) is what it says it is."""

from __future__ import annotations

from django.contrib.auth.models import User


def test_the_cast_has_every_role(cast):
    assert {u.username for u in User.objects.all()} == {"agare-a", "agare-b", "analytiker", "lasare"}
