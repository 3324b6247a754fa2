"""Put the national strategies and one stored evaluation run into a benchmark database.

    .venv/bin/python bench/web/load_chain.py --scale full \\
        --database-url postgres://styrkedja:styrkedja@127.0.0.1:5432/styrkedja_web

Expects a migrated database that already holds the generated indicators and observations
(`bench/evaluate/generate.py --database-url ...`, which writes only those). Adds, through COPY:

- one published strategy per county and municipality (311; level RUS; horizon 2020-2030),
- one goal per generated target (40 per strategy at full scale, 12,440 goals and targets), every
  municipal goal k contributing to goal k of its county's strategy (the chain the pages walk),
- 5 initiatives per county strategy, each with 2 goals contributing to county goals and 3
  activities feeding them (105 initiatives, 210 goals, 315 activities),
- one finished `EvaluationRun` with one `EvaluationResult` per target: synthetic but realistic
  (status by target year, probability, the latest value of the series from the parquet file, a
  forecast fan from that value, explanations in Swedish and English, and `detail` shaped like
  `analytics.model.TargetResult.to_dict()`). Running the real `styrkedja evaluate` at this scale
  is what `bench/evaluate` measures; the pages only read the stored rows.

Replaces any chain and runs already in the database. Deterministic (seeded).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl
import psycopg
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
AS_OF = "2025-06-01"
INITIATIVES_PER_COUNTY = 5


def conninfo(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def latest_values(scale: str) -> dict[tuple[str, str, str], tuple[str, float]]:
    """(indicator, area, breakdown) -> (latest period, value) from the generated observations."""
    frame = pl.read_parquet(
        OUT / f"observations_{scale}.parquet", columns=["indicator", "area", "period", "breakdown", "value"]
    )
    last = (
        frame.sort("period")
        .group_by("indicator", "area", "breakdown")
        .agg(pl.col("period").last(), pl.col("value").last())
        .with_columns(pl.col(c).cast(pl.String) for c in ("indicator", "area", "breakdown", "period"))
    )
    return {(i, a, b): (p, v) for i, a, b, p, v in last.iter_rows()}


def status_for(rng: random.Random, target_year: int, has_data: bool) -> tuple[str, float | None]:
    if not has_data or rng.random() < 0.04:
        return "no_data", None
    if target_year <= 2024:
        return ("met", None) if rng.random() < 0.55 else ("not_met", None)
    p = rng.betavariate(2.0, 1.6)
    return ("on_track" if p >= 0.7 else "at_risk" if p >= 0.4 else "off_track"), round(p, 3)


def copy_rows(cur: Any, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load(scale: str, url: str, seed: int = 20_250_602) -> dict[str, int]:  # noqa: C901 - one linear script
    rng = random.Random(seed)
    specs = json.loads((OUT / f"targets_{scale}.json").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    latest = latest_values(scale)
    print(f"latest values: {len(latest):,} series in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    with psycopg.connect(conninfo(url), autocommit=False) as conn, conn.cursor() as cur:
        cur.execute(
            "TRUNCATE followup_evaluationresult, followup_evaluationrun, projects_activity_feeds, projects_activity, "
            "projects_initiative, strategies_target, strategies_goal_contributes_to, strategies_goal, "
            "strategies_strategy CASCADE"
        )
        cur.execute("SELECT code, id, name, level, parent_id FROM areas_area")
        areas = {c: (i, n, lv, p) for c, i, n, lv, p in cur.fetchall()}
        code_of = {v[0]: c for c, v in areas.items()}
        cur.execute("SELECT key, id FROM indicators_indicator")
        ind_ids = dict(cur.fetchall())
        cur.execute("SELECT key, id FROM areas_peergroup")
        groups = dict(cur.fetchall())

        # strategies
        strat_rows, strat_of = [], {}
        by_area: dict[str, list[dict[str, Any]]] = {}
        for s in specs:
            by_area.setdefault(s["area"], []).append(s)
        for pos, code in enumerate(by_area, start=1):
            aid, name, _level, _ = areas[code]
            strat_of[code] = pos
            strat_rows.append((pos, f"s-{code}", f"Utvecklingsstrategi för {name}", name[:40], "rus", 2020, 2030,
                               f"Regional/kommunal utvecklingsstrategi för {name}.", True, pos, aid, None))  # fmt: skip
        strat_cols = ["id", "key", "name", "short_name", "level", "horizon_start", "horizon_end", "description",
                      "published", "position", "area_id", "parent_id"]  # fmt: skip
        copy_rows(cur, "strategies_strategy", strat_cols, strat_rows)

        # goals and targets
        goal_rows, target_rows, goal_id, target_meta = [], [], {}, []
        gid = 0
        for code, items in by_area.items():
            for k, s in enumerate(items):
                gid += 1
                goal_id[(code, k)] = gid
                kind = "long_term" if k < len(items) // 4 else "short_medium"
                goal_rows.append((gid, s["goal_key"], kind, f"{s['goal_name']}: {s['indicator']['name']}",
                                  f"{s['indicator']['name']} ska utvecklas väl i {s['area_name']}.", None, "2015", "",
                                  "", k, None, ind_ids[s["indicator"]["key"]], None, strat_of[code]))  # fmt: skip
                r = s["rule"]
                level = areas[code][2]
                peer = groups.get("counties" if level == "county" else "municipalities")
                uses_peers = r["rule"] == "rank" or str(r.get("benchmark", "")).startswith("peer")
                target_rows.append((gid, s["target_key"], r["rule"], r["target_year"], r.get("operator", ">="),
                                    r.get("value"), r.get("base_year"), r.get("change", ""), r.get("benchmark", ""),
                                    r.get("rank"), r.get("rank_by", ""), "", "", "", 0, gid,
                                    peer if uses_peers else None))  # fmt: skip
                target_meta.append((gid, s))
        copy_rows(cur, "strategies_goal", ["id", "key", "kind", "name", "formulation", "baseline_value",
                  "baseline_period", "baseline_source", "followup_class", "position", "area_id", "indicator_id",
                  "initiative_id", "strategy_id"], goal_rows)  # fmt: skip
        copy_rows(cur, "strategies_target", ["id", "key", "rule", "target_year", "operator", "value", "base_year",
                  "change", "benchmark", "rank", "rank_by", "growth", "text", "comment", "position", "goal_id",
                  "peer_group_id"], target_rows)  # fmt: skip

        # the chain: municipal goal k -> county goal k
        edges = []
        for code, items in by_area.items():
            aid, _n, level, parent = areas[code]
            if level != "municipality" or parent is None:
                continue
            county = code_of[parent]
            for k in range(len(items)):
                if (county, k) in goal_id:
                    edges.append((goal_id[(code, k)], goal_id[(county, k)]))

        # initiatives with goals and activities, under the county strategies
        ini_rows, act_rows, feed_rows, ini_goal_rows = [], [], [], []
        ini_id = act_id = 0
        for code, items in by_area.items():
            aid, name, level, _ = areas[code]
            if level != "county":
                continue
            for j in range(INITIATIVES_PER_COUNTY):
                ini_id += 1
                ini_rows.append((ini_id, f"p-{code}-{j}", f"Projekt {j + 1} i {name}", "project", f"{name}", "",
                                 "2022-01-01", "2026-12-31", float(rng.randint(5, 80) * 100_000), "", "ERUF",
                                 "Ett projekt som ska bidra till strategins mål.", j, aid, strat_of[code]))  # fmt: skip
                own = []
                for m in range(2):
                    gid += 1
                    k = rng.randrange(len(items))
                    own.append(gid)
                    ini_goal_rows.append((gid, f"pg-{code}-{j}-{m}", "short_medium", f"Projektmål {m + 1}",
                                          "", None, "", "", "", m, None, None, ini_id, None))  # fmt: skip
                    edges.append((gid, goal_id[(code, k)]))
                for a in range(3):
                    act_id += 1
                    act_rows.append((act_id, f"a-{code}-{j}-{a}", f"Aktivitet {a + 1}", "Workshoppar och rådgivning.",
                                     rng.randint(2, 20), float(rng.choice([2, 3, 4, 8])), a, ini_id))  # fmt: skip
                    feed_rows.append((act_id, own[a % 2]))
        copy_rows(cur, "projects_initiative", ["id", "key", "name", "kind", "owner_organisation", "contact",
                  "start_date", "end_date", "budget", "funding", "funding_source", "description", "position",
                  "area_id", "strategy_id"], ini_rows)  # fmt: skip
        copy_rows(cur, "strategies_goal", ["id", "key", "kind", "name", "formulation", "baseline_value",
                  "baseline_period", "baseline_source", "followup_class", "position", "area_id", "indicator_id",
                  "initiative_id", "strategy_id"], ini_goal_rows)  # fmt: skip
        copy_rows(cur, "strategies_goal_contributes_to", ["from_goal_id", "to_goal_id"], edges)
        copy_rows(cur, "projects_activity", ["id", "key", "name", "content", "occasions", "hours_per_occasion",
                  "position", "initiative_id"], act_rows)  # fmt: skip
        copy_rows(cur, "projects_activity_feeds", ["activity_id", "goal_id"], feed_rows)

        # one evaluation run
        cur.execute(
            "INSERT INTO followup_evaluationrun (as_of, started_at, finished_at, batches, result_count) "
            "VALUES (%s, now(), now(), %s, %s) RETURNING id",
            (AS_OF, Jsonb([1]), len(target_meta)),
        )
        run = cur.fetchone()[0]  # type: ignore[index]
        res_rows = []
        for gid_, s in target_meta:
            r, ind, code = s["rule"], s["indicator"], s["area"]
            period, value = latest.get((ind["key"], code, s["breakdown"]), (None, None))
            ty = int(r["target_year"])
            status, prob = status_for(rng, ty, value is not None)
            through = int(period) if period else None
            forecast = None
            if prob is not None and through is not None and value is not None:
                point = value * (1 + rng.gauss(0.02, 0.05)) ** (ty - through)
                spread = abs(point) * 0.04 * (ty - through) ** 0.5
                forecast = {"method": "ensemble", "origin_year": through, "target_year": ty, "point": point,
                            "lo": point - spread, "hi": point + spread, "level": 0.8, "transform": "log",
                            "sd_inflation": 1.3, "ets_point": point * 1.01, "ols_point": point * 0.99}  # fmt: skip
            base_year = r.get("base_year")
            bench = None
            if r.get("benchmark"):
                n = 21 if areas[code][2] == "county" else 290
                bench = {"kind": r["benchmark"], "value": round(rng.gauss(3, 4), 2), "peers": [], "n": n,
                         "excluded": []}  # fmt: skip
            rank = {"rank": rng.randint(1, 21), "n": 21} if r["rule"] == "rank" else None
            sv = (f"{ind['name']} i {s['area_name']} var {value:.1f} år {period}. Målet för {ty} bedöms som "
                  f"{status.replace('_', ' ')}" + (f" (sannolikhet {prob:.0%})." if prob is not None else ".")
                  ) if value is not None else f"Uppgift saknas för {ind['name']} i {s['area_name']}."  # fmt: skip
            en = (f"{ind['name']} in {s['area_name']} was {value:.1f} in {period}. The {ty} target is assessed as "
                  f"{status.replace('_', ' ')}" + (f" (probability {prob:.0%})." if prob is not None else ".")
                  ) if value is not None else f"No data for {ind['name']} in {s['area_name']}."  # fmt: skip
            detail = {
                "target_key": s["target_key"], "goal_key": s["goal_key"], "indicator": ind["key"], "area": code,
                "rule": r["rule"], "target_year": ty, "status": status, "probability": prob,
                "latest": {"period": period, "value": value}, "data_through": through,
                "preliminary": ty > 2024, "base_year": base_year, "base_value": None, "value": value,
                "growth": round(rng.gauss(2, 5), 2) if base_year else None,
                "growth_measure": "percent" if base_year else None, "benchmark": bench, "rank": rank,
                "progress": None, "forecast": forecast, "operator_statement": r.get("operator", ""),
                "explanation_sv": sv, "explanation_en": en,
                "reason": None if value is not None else "no observations for the area",
            }  # fmt: skip
            res_rows.append((run, gid_, gid_, areas[code][0], ind_ids[ind["key"]], r["rule"], ty, status, prob,
                             period or "", value, str(through or ""), ty > 2024, sv, en, Jsonb(detail)))  # fmt: skip
        copy_rows(cur, "followup_evaluationresult", ["run_id", "goal_id", "target_id", "area_id", "indicator_id",
                  "rule", "target_year", "status", "probability", "latest_period", "latest_value", "data_through",
                  "preliminary", "explanation_sv", "explanation_en", "detail"], res_rows)  # fmt: skip
        for table in ("strategies_strategy", "strategies_goal", "strategies_target", "projects_initiative",
                      "projects_activity"):  # fmt: skip
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.commit()
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        for table in ("strategies_strategy", "strategies_goal", "strategies_target", "strategies_goal_contributes_to",
                      "projects_initiative", "projects_activity", "projects_activity_feeds",
                      "followup_evaluationresult"):  # fmt: skip
            conn.execute(f"VACUUM ANALYZE {table}")
    counts = {"strategies": len(strat_rows), "goals": gid, "targets": len(target_rows), "edges": len(edges),
              "initiatives": len(ini_rows), "activities": len(act_rows), "results": len(res_rows)}  # fmt: skip
    print(f"chain and run loaded in {time.perf_counter() - t0:.1f} s: {counts}", file=sys.stderr)
    return counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", choices=["small", "full"], default="small")
    p.add_argument("--database-url", required=True)
    args = p.parse_args(argv)
    load(args.scale, args.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
