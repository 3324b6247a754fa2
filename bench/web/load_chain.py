"""Put the national strategies, goals, targets and the chain into a benchmark database.

    .venv/bin/python bench/web/load_chain.py --scale full \\
        --database-url postgres://styrkedja:styrkedja@127.0.0.1:5432/styrkedja_web

Expects a migrated database that already holds the generated indicators and observations
(`bench/evaluate/generate.py --database-url ...`, which writes only those). Adds, through COPY:

- one published strategy per county and municipality (311; level RUS; horizon 2020-2030),
- one goal per generated target (40 per strategy at full scale, 12,440 goals and targets), every
  municipal goal k contributing to goal k of its county's strategy (the chain the pages walk),
- 5 initiatives per county strategy, each with 2 goals contributing to county goals and 3
  activities feeding them (105 initiatives, 210 goals, 315 activities),
The evaluation run the pages show is the product's own (`styrkedja evaluate`, which `bench/web/run.py`
runs after this script): real statuses, forecasts and explanations, the same code and cost as in
a deployment (`bench/evaluate/db.py` measures it).

Replaces any chain (and so its runs' results) already in the database. Deterministic (seeded).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
AS_OF = "2025-06-01"
INITIATIVES_PER_COUNTY = 5


def conninfo(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def copy_rows(cur: Any, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load(scale: str, url: str, seed: int = 20_250_602) -> dict[str, int]:  # noqa: C901 - one linear script
    rng = random.Random(seed)
    specs = json.loads((OUT / f"targets_{scale}.json").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
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
        goal_rows, target_rows, goal_id = [], [], {}
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

        for table in ("strategies_strategy", "strategies_goal", "strategies_target", "projects_initiative",
                      "projects_activity"):  # fmt: skip
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.commit()
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        for table in ("strategies_strategy", "strategies_goal", "strategies_target", "strategies_goal_contributes_to",
                      "projects_initiative", "projects_activity", "projects_activity_feeds"):  # fmt: skip
            conn.execute(f"VACUUM ANALYZE {table}")
    counts = {"strategies": len(strat_rows), "goals": gid, "targets": len(target_rows), "edges": len(edges),
              "initiatives": len(ini_rows), "activities": len(act_rows)}  # fmt: skip
    print(f"chain loaded in {time.perf_counter() - t0:.1f} s: {counts}", file=sys.stderr)
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
