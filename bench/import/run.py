"""Import benchmark: `styrkedja import-data` against the database's own bulk loader, same file, same run.

    .venv/bin/python bench/import/run.py                    # 10 million observations, SQLite and PostgreSQL
    .venv/bin/python bench/import/run.py --rows 200000      # a quick run
    .venv/bin/python bench/import/run.py --db sqlite        # one database only

The file is tidy CSV (`indicator,area_code,period,value`), deterministic: the 312 real
areas of `src/styrkedja/data/areas.csv` x 30 years (1995-2024) x as many indicators as
the row count needs (1,069 for 10 M), about 1 % of the values empty (stored as NULL).
It is written to `bench/out/` once and reused while its size matches.

For each database, in one run:
  * `styrkedja import-data FILE` into a fresh database (SQLite: a new file migrated with
    `styrkedja init`; PostgreSQL: a new database), the indicators created first;
  * the bulk loader on the same file into a plain table with the same four columns:
    `sqlite3 DB ".import --csv --skip 1 FILE bulk"`, and `psql -c "\\copy bulk FROM FILE CSV HEADER"`.

Wall time and the peak resident memory of each subprocess (from `wait4`) are printed. For
PostgreSQL the peak is the client's; the server's own memory is not measured.
PostgreSQL: PGHOST/PGUSER/PGPASSWORD or --pg (default styrkedja:styrkedja@localhost).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
VENV = ROOT / ".venv" / "bin"
STYRKEDJA = VENV / "styrkedja"
PYTHON = VENV / "python"
YEARS = list(range(1995, 2025))
PG_DB = "styrkedja_importbench"


@dataclass
class Run:
    seconds: float
    peak_mib: float
    code: int
    out: str
    err: str


def run(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a subprocess; its wall time and peak RSS (ru_maxrss of this child alone, via wait4)."""
    out_path, err_path = OUT / "last.stdout", OUT / "last.stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = Run(seconds, usage.ru_maxrss / 1024, proc.returncode, out_path.read_text(), err_path.read_text())
    if result.code != 0:
        sys.exit(f"failed ({result.code}): {' '.join(cmd)}\n{result.out}\n{result.err[-3000:]}")
    return result


def areas() -> list[str]:
    with (ROOT / "src" / "styrkedja" / "data" / "areas.csv").open(encoding="utf-8") as fh:
        return [row["code"] for row in csv.DictReader(fh)]


def indicator_keys(rows: int) -> list[str]:
    per = len(areas()) * len(YEARS)
    return [f"bench_{i:04d}" for i in range(-(-rows // per))]


def generate(rows: int) -> Path:
    """The CSV file with `rows` observations (reused when it already exists)."""
    path = OUT / f"observations_{rows}.csv"
    if path.exists():
        return path
    codes = areas()
    tmp = path.with_suffix(".tmp")
    written = 0
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write("indicator,area_code,period,value\n")
        for i, key in enumerate(indicator_keys(rows)):
            lines = []
            for a, code in enumerate(codes):
                for year in YEARS:
                    if written == rows:
                        break
                    n = (i * 7919 + a * 104729 + year * 31337) % 1_000_003
                    value = "" if n % 97 == 0 else f"{n / 10:.1f}"  # ~1 % empty: a missing value
                    lines.append(f"{key},{code},{year},{value}\n")
                    written += 1
            fh.write("".join(lines))
    tmp.rename(path)
    return path


CREATE_INDICATORS = """
import sys, django
django.setup()
from styrkedja.web.indicators.models import Indicator
keys = sys.argv[1:]
Indicator.objects.bulk_create([Indicator(key=k, name=f"Benchmark {k}", position=n) for n, k in enumerate(keys)])
print(Indicator.objects.count())
"""


def prepare_styrkedja_db(env: dict[str, str], rows: int) -> None:
    run([str(STYRKEDJA), "init"], env)
    run([str(PYTHON), "-c", CREATE_INDICATORS, *indicator_keys(rows)],
        {**env, "DJANGO_SETTINGS_MODULE": "styrkedja.web.settings"})  # fmt: skip


def import_data(env: dict[str, str], path: Path) -> Run:
    result = run([str(STYRKEDJA), "import-data", str(path)], env)
    print("   ", result.out.strip().splitlines()[-1])
    return result


def bench_sqlite(path: Path, rows: int, reimport: bool) -> list[tuple[str, Run]]:
    db = OUT / "import.sqlite3"
    bulk = OUT / "bulk.sqlite3"
    for p in (db, bulk):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{p}{suffix}").unlink(missing_ok=True)
    env = {"DATABASE_URL": f"sqlite:///{db}"}
    prepare_styrkedja_db(env, rows)
    results = [("styrkedja import-data", import_data(env, path))]
    if reimport:
        results.append(("import-data again (identical)", import_data(env, path)))
    run(["sqlite3", str(bulk), "CREATE TABLE bulk (indicator TEXT, area_code TEXT, period TEXT, value REAL)"])
    results.append(("sqlite3 .import", run(["sqlite3", str(bulk), f".import --csv --skip 1 {path} bulk"])))
    count = run(["sqlite3", str(bulk), "SELECT COUNT(*) FROM bulk"]).out.strip()
    assert int(count) == rows, count
    return results


def bench_postgres(path: Path, rows: int, reimport: bool, pg: str) -> list[tuple[str, Run]]:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        conn.execute(f"CREATE DATABASE {PG_DB}")
    url = f"{pg}/{PG_DB}"
    env = {"DATABASE_URL": url}
    prepare_styrkedja_db(env, rows)
    results = [("styrkedja import-data", import_data(env, path))]
    if reimport:
        results.append(("import-data again (identical)", import_data(env, path)))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bulk")
        conn.execute("CREATE TABLE bulk (indicator text, area_code text, period text, value double precision)")
    results.append(("psql \\copy", run(["psql", "-X", "-q", url, "-c", f"\\copy bulk FROM '{path}' CSV HEADER"])))
    with psycopg.connect(url) as conn:
        count = conn.execute("SELECT COUNT(*) FROM bulk").fetchone()
        assert count is not None and count[0] == rows, count
        conn.execute("DROP TABLE bulk")
        conn.commit()
    return results


def report(db: str, rows: int, results: list[tuple[str, Run]]) -> None:
    loader = results[-1][1].seconds
    print(f"\n{db}: {rows:,} observations")
    print(f"  {'':32} {'seconds':>9} {'obs/s':>11} {'x loader':>9} {'peak MiB':>9}")
    for name, r in results:
        print(f"  {name:32} {r.seconds:9.1f} {rows / r.seconds:11,.0f} {r.seconds / loader:9.2f} {r.peak_mib:9.0f}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--reimport", action="store_true", help="also time a second, identical import")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG", "postgresql://styrkedja:styrkedja@localhost"),
                        help="PostgreSQL server URL without the database name")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the CSV file and the databases afterwards")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if not shutil.which("sqlite3") and args.db != "postgres":
        sys.exit("the sqlite3 command-line tool is needed")

    start = time.perf_counter()
    path = generate(args.rows)
    print(f"{path.relative_to(ROOT)}: {args.rows:,} rows, {path.stat().st_size / 2**20:,.0f} MiB "
          f"({time.perf_counter() - start:.1f} s to make or find)")  # fmt: skip
    try:
        if args.db in ("sqlite", "both"):
            print("SQLite ...")
            report("SQLite", args.rows, bench_sqlite(path, args.rows, args.reimport))
        if args.db in ("postgres", "both"):
            print("PostgreSQL ...")
            report("PostgreSQL", args.rows, bench_postgres(path, args.rows, args.reimport, args.pg))
    finally:
        if not args.keep:  # only what this script made: bench/out/ holds other benchmarks' files too
            made = [path, path.with_suffix(".tmp"), OUT / "last.stdout", OUT / "last.stderr"]
            made += [OUT / f"{db}.sqlite3{s}" for db in ("import", "bulk") for s in ("", "-wal", "-shm", "-journal")]
            for p in made:
                p.unlink(missing_ok=True)
            if args.db in ("postgres", "both"):
                import psycopg

                with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


if __name__ == "__main__":
    main()
