"""Plain clauses (Swedish and English) saying why a result could not be assessed, from its typed reason.

Each `model.Why` code has its own sentence; a new code without one fails the test that walks them all,
so no reason can silently become a generic sentence.
"""

from __future__ import annotations

from styrkedja.analytics import model as m


def _count_sv(n: int) -> str:
    return "inga observationer" if n == 0 else ("en observation" if n == 1 else f"{n} observationer")


def _count_en(n: int) -> str:
    return "no observations" if n == 0 else ("only one observation" if n == 1 else f"only {n} observations")


def clauses(why: m.Reason | None, area: str) -> tuple[str, str]:
    """(Swedish, English) clause, e.g. ("värde för basåret 2014 saknas för Kronobergs län", "there is
    no value for Kronobergs län in the base year 2014")."""
    if why is None:
        return f"underlag saknas för {area}", f"data are missing for {area}"
    y, n, k = why.year, why.n or 0, why.minimum or 0
    w = m.Why
    table: dict[m.Why, tuple[str, str]] = {
        w.NO_OBSERVATIONS: (
            f"det finns inga värden för {area}" + (f" till och med {y}" if y is not None else ""),
            f"there are no values for {area}" + (f" up to {y}" if y is not None else ""),
        ),
        w.NO_BASE_VALUE: (
            f"värde för basåret {y} saknas för {area}",
            f"there is no value for {area} in the base year {y}",
        ),
        w.NO_VALUE_AFTER_BASE: (
            f"det finns inga värden för {area} efter basåret",
            f"there are no values for {area} after the base year",
        ),
        w.TOO_FEW_TO_FORECAST: (
            f"det finns {'bara ' if n else ''}{_count_sv(n)} för {area}, och en prognos kräver minst {k}",
            f"there {'is' if n == 1 else 'are'} {_count_en(n)} for {area}, and a forecast needs at least {k}",
        ),
        w.NO_PEERS: (
            f"det finns ingen jämförelsegrupp att jämföra {area} med",
            f"there is no peer group to compare {area} with",
        ),
        w.TOO_FEW_PEERS: (
            f"jämförelsegruppen har {n} område{'' if n == 1 else 'n'} utöver {area}, och en jämförelse med en "
            f"grupp kräver minst {k}",
            f"the peer group has {n} area{'' if n == 1 else 's'} besides {area}, and a comparison with a group "
            f"needs at least {k}",
        ),
        w.NO_COMMON_YEAR: (
            f"det finns inget år till och med {y} med värden för både {area} och jämförelsegruppen"
            + (f" (minst {k} % av gruppen behöver ha ett värde)" if why.minimum is not None else ""),
            f"no year up to {y} has values for both {area} and its peers"
            + (f" (at least {k} % of the group need a value)" if why.minimum is not None else ""),
        ),
        w.GROWTH_UNDEFINED: (
            f"förändringen kan inte beräknas eftersom värdet för {area} i basåret inte är större än noll",
            f"the change cannot be computed because the base-year value for {area} is not positive",
        ),
        w.INVALID_RULE: (
            "målet är ofullständigt eller felaktigt angivet i strategin och behöver rättas",
            f"the target is incomplete or wrongly specified in the strategy and needs correcting ({why.detail})",
        ),
        w.UNKNOWN_PEER_GROUP: (
            f"jämförelsegruppen {why.detail} är okänd",
            f"the peer group {why.detail} is unknown",
        ),
        w.NOT_AN_AREA: (
            f"{why.detail} är ingen områdeskod som SCB använder",
            f"{why.detail} is not an area code that SCB uses",
        ),
    }
    return table[why.code]
