"""Who published an indicator's figures, read from the import batches its observations came from.

A chart's source caption must name the publisher of the values shown, not the source the indicator
would be fetched from live: the demo's population comes from an Eurostat file although the indicator
is defined on SCB's table. A computed indicator's publishers are those of its inputs.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from ..indicators.models import ImportBatch, Indicator, Observation

# Publishers a file's source note may name; the one mentioned first is the publisher (a note like
# "Kolada N01982 (SCB UF0506)" names the distributor first, and that is whom the reader can look up).
KNOWN_PUBLISHERS = ("Eurostat", "Kolada", "Tillväxtverket", "SCB")
_BY_KIND = {"scb": "SCB", "kolada": "Kolada"}


def _batch_publisher(batch: ImportBatch) -> str:
    if batch.source in _BY_KIND:
        return _BY_KIND[batch.source]
    if batch.source == "project":
        return _("project reports")
    if batch.source == "manual":
        return _("entered by hand")
    notes = [str(n) for n in (batch.notes or [])]
    text = " ".join(notes) + " " + batch.location
    hits = [(text.find(name), name) for name in KNOWN_PUBLISHERS if name in text]
    if hits:
        return min(hits)[1]
    return _named_in_notes(notes) or _("source not stated")


def _named_in_notes(notes: list[str]) -> str:
    """The publisher a file's import notes name: the "source: …" line's first part (the importer writes it
    from the file's source note), else the first note's first part; "" when the notes are empty."""
    marked = [n.split(":", 1)[1] for n in notes if n.lower().startswith("source:")]
    for text in [*marked, *notes[:1]]:
        first = text.split(",")[0].split("(")[0].strip(" .")
        if first:
            return first
    return ""


def batch_label(batch: ImportBatch) -> str:
    """ "SCB, TAB638" / "Kolada, N01982" / "Eurostat": the publisher, and the table or KPI id for an API
    fetch (a file's column name and a formula's internal keys are left out)."""
    if batch.source in _BY_KIND and batch.table:
        return f"{_BY_KIND[batch.source]}, {batch.table}"
    if batch.source == "computed":
        return _("computed from stored series")
    return _batch_publisher(batch)


def sources_for(indicators: Iterable[Indicator]) -> dict[int, str]:
    """Indicator id -> "Eurostat" / "SCB och Kolada" …, in three queries for any number of indicators."""
    wanted = list(indicators)
    inputs = {i.pk: [str(k) for k in (i.source_spec or {}).get("inputs", [])] for i in wanted
              if i.source_kind == "computed"}  # fmt: skip
    keys = {k for ks in inputs.values() for k in ks}
    by_key = dict(Indicator.objects.filter(key__in=keys).values_list("key", "pk")) if keys else {}
    ids = {i.pk for i in wanted} | set(by_key.values())
    pairs = set(Observation.objects.filter(indicator_id__in=ids).values_list("indicator_id", "batch_id").distinct())
    batches = {b.pk: b for b in ImportBatch.objects.filter(pk__in={b for _i, b in pairs})}
    own: dict[int, set[str]] = {}
    for ind_id, batch_id in pairs:
        if batches[batch_id].source != "computed":
            own.setdefault(ind_id, set()).add(_batch_publisher(batches[batch_id]))
    out = {}
    for i in wanted:
        names = set(own.get(i.pk, set()))
        for key in inputs.get(i.pk, []):
            names |= own.get(by_key.get(key, -1), set())
        out[i.pk] = _join(sorted(names)) if names else ""
    return out


def _join(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " " + _("and") + " " + names[-1]
