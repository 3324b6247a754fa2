"""The small formatted facts every renderer shows for a goal (one formatting, four documents)."""

from __future__ import annotations

from styrkedja.reports.assemble import GoalFigures, Report, TargetFigures
from styrkedja.reports.assemble.words import number, percent
from styrkedja.reports.render.labels import label


def _decimals(g: GoalFigures) -> int:
    return g.indicator.decimals if g.indicator else 1


def _unit(g: GoalFigures) -> str | None:
    return (g.indicator.unit or None) if g.indicator else None


def latest_text(g: GoalFigures, t: TargetFigures, language: str) -> str:
    if t.latest_value is None:
        return "–"
    return f"{number(t.latest_value, _decimals(g), language, _unit(g))} ({t.latest_period})"


def probability_text(t: TargetFigures, language: str) -> str:
    return percent(t.probability, language) if t.probability is not None else "–"


def benchmark_text(g: GoalFigures, t: TargetFigures, language: str) -> str:
    """The benchmark as the evaluation gave it: a growth in % or pp, or a level."""
    if t.benchmark_value is None:
        return "–"
    if t.growth_measure is not None:
        unit = "%" if t.growth_measure == "percent" else ("p.e." if language.startswith("sv") else "pp")
        return number(t.benchmark_value, 1, language, unit)
    return number(t.benchmark_value, _decimals(g), language, _unit(g))


def rank_texts(g: GoalFigures, language: str) -> list[str]:
    out = []
    for r in g.ranks:
        key = "rank_growth" if r.by == "growth" else "rank_level"
        years = f"{r.base_year}–{r.year}" if r.base_year else r.year
        of = "av" if language.startswith("sv") else "of"
        out.append(f"{label(key, language)}: {r.rank} {of} {r.n} {r.peers_label} ({years})")
    return out


def forecast_text(g: GoalFigures, t: TargetFigures, language: str) -> str:
    f = t.forecast
    if f is None:
        return ""
    d, u = _decimals(g), _unit(g)
    lo, hi = number(f.lo, d, language), number(f.hi, d, language, u)
    return f"{label('forecast', language, year=f.target_year)}: {number(f.point, d, language, u)} ({lo}–{hi})"


def status_line(t: TargetFigures, language: str) -> str:
    """ "↗ I fas (sannolikhet 80 %; siffrorna för 2025 är inte publicerade än, de senaste gäller 2024)":
    text and icon, never colour alone."""
    parts = []
    if t.probability is not None:
        parts.append(f"{label('probability', language).lower()} {percent(t.probability, language)}")
    if t.unpublished:
        parts.append(t.unpublished)
    extra = f" ({'; '.join(parts)})" if parts else ""
    return f"{t.icon} {t.status_text}{extra}"


def title(report: Report) -> str:
    return label("title", report.language, year=report.year)


def subtitle(report: Report) -> str:
    edition = label(f"edition_{report.edition}", report.language)
    return f"{label('subtitle', report.language, region=report.region_name)} · {edition}"


def date_text(report: Report) -> str:
    return label("as_of", report.language, date=report.as_of.isoformat())
