"""A second, independent computation of the default pipeline: plain pandas, one column at a time.

Written from COINr's documented definitions without using styrkedja's code; the tests compare every data set
with it, and bench/index runs it as the baseline.
"""

from __future__ import annotations

import math

import pandas as pd


def _needs_treatment(s: pd.Series) -> bool:
    sk, kt = s.skew(), s.kurt()  # pandas: bias-corrected, the same as e1071 type 2
    if pd.isna(sk) or pd.isna(kt):
        return False
    return not (abs(sk) < 2 or kt < 3.5)


def _winsorise(s: pd.Series, winmax: int) -> tuple[pd.Series, bool]:
    s = s.copy()
    last_hi: list[int] = []
    last_lo: list[int] = []
    while _needs_treatment(s) and len(last_hi) + len(last_lo) < winmax:
        if s.skew() >= 0:
            top = s.max()
            last_hi = [i for i, v in enumerate(s) if v == top]
            s.iloc[last_hi] = s[s != top].max()
        else:
            bottom = s.min()
            last_lo = [i for i, v in enumerate(s) if v == bottom]
            s.iloc[last_lo] = s[s != bottom].min()
    return s, not _needs_treatment(s)


def treat(df: pd.DataFrame, winmax: int = 5) -> pd.DataFrame:
    out = df.copy()
    for col in df.columns:
        s = df[col]
        if not _needs_treatment(s):
            continue
        w, ok = _winsorise(s, winmax)
        if ok:
            out[col] = w
        else:
            lo, hi = s.min(), s.max()
            out[col] = (s - lo + 0.01 * (hi - lo)).map(lambda v: math.log(v) if pd.notna(v) else v)
    return out


def build(
    raw: pd.DataFrame,
    meta: pd.DataFrame,
    denoms: pd.DataFrame,
    groups: pd.Series,
    winmax: int = 5,
    weights: dict[str, float] | None = None,
) -> dict[str, pd.DataFrame]:
    """raw: units x indicators; meta: index iCode with Level, Parent, Weight, Direction, Denominator."""
    den = raw.copy()
    for col in raw.columns:
        d = meta.loc[col, "Denominator"]
        if isinstance(d, str) and d:
            den[col] = raw[col] / denoms[d]
    imp = den.copy()
    for col in den.columns:
        imp[col] = den[col].fillna(den[col].groupby(groups).transform("mean"))
    tre = treat(imp, winmax)
    norm = tre.copy()
    for col in tre.columns:
        x = tre[col] * meta.loc[col, "Direction"]
        norm[col] = (x - x.min()) / (x.max() - x.min()) * 100
    out = {"denominated": den, "imputed": imp, "treated": tre, "normalised": norm}
    current = norm
    for level in range(2, int(meta["Level"].max()) + 1):
        parents = meta.index[meta["Level"] == level]
        agg = pd.DataFrame(index=raw.index)
        for p in parents:
            kids = [c for c in current.columns if meta.loc[c, "Parent"] == p]
            w = pd.Series({k: (weights or {}).get(k, meta.loc[k, "Weight"]) for k in kids})
            block = current[kids]
            present = block.notna()
            agg[p] = (block.fillna(0) * w).sum(axis=1) / (present * w).sum(axis=1)
        out[f"level{level}"] = agg
        current = agg
    return out
