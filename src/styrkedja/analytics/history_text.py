"""The sentences that say what a forecast-based result rests on, and when it is uncertain."""

from __future__ import annotations

from styrkedja.analytics import model as m

EN_DASH = "\u2013"


def history_sentences(res: m.TargetResult) -> tuple[str, str]:
    """(Swedish, English): the years of data and the number of past forecast errors behind the
    probability, then the caution (stale, thin, not yet known); empty without a probability."""
    if res.probability is None or res.history_from is None or res.data_through is None:
        return "", ""
    span = f"{res.history_from}{EN_DASH}{res.data_through}"
    n = res.calibration_n or 0
    if n:
        sv = f"Bedömningen bygger på data {span} och på hur {n} tidigare prognoser för liknande indikatorer föll ut."
        en = f"The assessment rests on data {span} and on how {n} earlier forecasts of similar indicators turned out."
    else:
        sv = f"Bedömningen bygger på data {span}; inga tidigare prognoser fanns att pröva den mot."
        en = f"The assessment rests on data {span}; there were no earlier forecasts to test it against."
    if res.caution == m.CAUTION_STALE:
        sv += f" Osäker bedömning: senaste data {res.data_through}."
        en += f" Uncertain assessment: latest data {res.data_through}."
    elif res.caution == m.CAUTION_THIN:
        sv += " Osäker bedömning: för kort historik för en säker prognos."
        en += " Uncertain assessment: too short a history for a reliable forecast."
    # CAUTION_NOT_YET_KNOWN needs no sentence here: the outcome sentence already says that the target
    # year is not published yet and which year the data run to (explain.py).
    return sv, en
