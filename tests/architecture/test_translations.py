"""The Swedish catalogues stay clean after merges: no translation that repeats itself.

A `.po` merge that kept both sides of a conflict once joined each side's msgstr into one, and the goal
page printed a sentence three times. Read with Django's own catalogue reader (gettext on the compiled
`.mo`), so what is checked is what the pages show."""

from __future__ import annotations

import gettext
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "src" / "styrkedja" / "web"


def _catalogues() -> list[Path]:
    return sorted(WEB.rglob("locale/sv/LC_MESSAGES/django.mo"))


def repeated(text: str) -> bool:
    """True when `text` is one piece written two or more times in a row."""
    n = len(text)
    return n >= 20 and any(n % k == 0 and text[: n // k] * k == text for k in range(2, 5))


def test_no_swedish_translation_repeats_itself():
    bad = {}
    for path in _catalogues():
        with path.open("rb") as fh:
            catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        for msgid, msgstr in catalogue.items():
            if isinstance(msgstr, str) and repeated(msgstr):
                bad[f"{path.relative_to(WEB)}: {str(msgid)[:60]}"] = msgstr[:60]
    assert bad == {}, f"translations written more than once (fix the .po, then make messages): {bad}"


def test_the_check_finds_a_repeat():
    sentence = "Hur regionen hade utvecklats utan förändringen."
    assert repeated(sentence * 3) and repeated(sentence * 2)
    assert not repeated(sentence) and not repeated(sentence + " " + sentence[:10])
