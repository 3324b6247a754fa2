"""Web benchmark: the overview and goal pages at national scale, out of PostgreSQL, through gunicorn.

    .venv/bin/python bench/web/run.py --scale small --duration 10        # quick check (~1 min)
    .venv/bin/python bench/web/run.py                                    # full: 32 clients x 60 s x 3 phases

What it does:

1. Makes sure the database exists and holds the data (`--prepare`, or automatically when the
   database has no evaluation run): `bench/evaluate/generate.py --scale S --database-url URL`
   (observations, COPY), `bench/web/load_chain.py` (strategies, goals, targets, the chain, COPY)
   and `styrkedja evaluate` (the product's own evaluation run).
2. Starts gunicorn on 127.0.0.1 only (DEBUG off, STYRKEDJA_PUBLIC_READ=1, every strategy
   published, persistent database connections, a fresh chart cache), waits for /healthz.
3. Warms each URL once (the cold time is printed), then runs an unmeasured `--warmup` over every
   page so that every worker has built its charts (they are cached per process and on disk).
4. Drives each phase with `--clients` concurrent connections for `--duration` seconds, one after
   the other on the same server: /healthz (the trivial view), /oversikt/ (the default strategy:
   Stockholms län, 40 goals), and goal pages rotating (county and municipal goals).
5. Runs `styrkedja evaluate --indicator KEY` (incremental, as after an import: a new data version)
   and requests every page once more: the first request after a new evaluation.
6. Prints requests/s, p50, p95, p99, max and errors per phase, p95(page) / p95(/healthz), and the
   first requests' times.
7. Stops gunicorn.

Load generator: `wrk` (Debian package; installed with apt-get when missing and running as root,
else `--tool python`), with a Lua script that rotates URLs and reports the percentiles as JSON.
`--tool python` is a bounded stdlib fallback (threads with keep-alive connections), heavier on
the CPU it shares with the server. All traffic goes to 127.0.0.1 and stops after --duration.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VENV = ROOT / ".venv" / "bin"
DEFAULT_DB = {
    "full": "postgres://styrkedja:styrkedja@127.0.0.1:5432/styrkedja_web",
    "small": "postgres://styrkedja:styrkedja@127.0.0.1:5432/styrkedja_web_small",
}
HOST = "127.0.0.1"
AS_OF = "2025-06-01"  # the date the generated data are current at (bench/evaluate)

LUA = r"""
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS"), "[^,]+") do table.insert(paths, p) end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
  out:close()
end
"""


# ---------------------------------------------------------------- database


def psql_conninfo(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def database_ready(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(psql_conninfo(url), connect_timeout=5) as conn:
            row = conn.execute("SELECT count(*) FROM followup_evaluationrun").fetchone()
            return bool(row and row[0])
    except psycopg.Error:
        return False


def create_database(url: str) -> None:
    """CREATE DATABASE as the postgres superuser when it does not exist (local cluster only)."""
    name = url.rsplit("/", 1)[1]
    user = url.split("//", 1)[1].split(":", 1)[0]
    exists = subprocess.run(
        ["su", "postgres", "-c", f"psql -Atc \"SELECT 1 FROM pg_database WHERE datname = '{name}'\""],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    if exists != "1":
        subprocess.run(["su", "postgres", "-c", f'psql -c "CREATE DATABASE {name} OWNER {user}"'], check=True)


def prepare(scale: str, url: str) -> None:
    print(f"preparing {url} at scale {scale} (generate + COPY; the full scale takes a while) ...", file=sys.stderr)
    create_database(url)
    py = str(VENV / "python")
    subprocess.run([py, str(ROOT / "bench/evaluate/generate.py"), "--scale", scale, "--skip-files",
                    "--database-url", url], check=True)  # fmt: skip
    subprocess.run([py, str(HERE / "load_chain.py"), "--scale", scale, "--database-url", url], check=True)
    evaluate(url)


def evaluate(url: str, indicator: str | None = None) -> float:
    """`styrkedja evaluate` as in a deployment (the whole evaluation, or incrementally after one
    indicator's import); returns its wall time."""
    cmd = [str(VENV / "styrkedja"), "evaluate", "--as-of", AS_OF, *(["--indicator", indicator] if indicator else [])]
    t0 = time.perf_counter()
    subprocess.run(cmd, env={**os.environ, "DATABASE_URL": url}, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def first_indicator(url: str, goal_path: str) -> str:
    """The indicator of the goal page `/mal/KEY/`: the one a new import (and evaluation) touches."""
    import psycopg

    with psycopg.connect(psql_conninfo(url)) as conn:
        row = conn.execute(
            "SELECT i.key FROM strategies_goal g JOIN indicators_indicator i ON i.id = g.indicator_id WHERE g.key = %s",
            (goal_path.strip("/").rsplit("/", 1)[1],),
        ).fetchone()
    assert row is not None
    return str(row[0])


def pick_urls(url: str, goals: int = 4) -> list[str]:
    """/oversikt/ and `goals` goal pages: of the default strategy's county and of municipalities."""
    import psycopg

    with psycopg.connect(psql_conninfo(url)) as conn:
        first = conn.execute(
            "SELECT s.id, a.code FROM strategies_strategy s JOIN areas_area a ON a.id = s.area_id "
            "WHERE s.level = 'rus' AND s.published ORDER BY s.position, s.key LIMIT 1"
        ).fetchone()
        assert first is not None, "no published RUS strategy"
        county = conn.execute(
            "SELECT key FROM strategies_goal WHERE strategy_id = %s ORDER BY position, key LIMIT %s",
            (first[0], (goals + 1) // 2),
        ).fetchall()
        muni = conn.execute(
            "SELECT g.key FROM strategies_goal g JOIN strategies_strategy s ON s.id = g.strategy_id "
            "JOIN areas_area a ON a.id = s.area_id WHERE a.level = 'municipality' AND g.position = 0 "
            "ORDER BY a.code LIMIT %s",
            (goals // 2,),
        ).fetchall()
    return ["/oversikt/"] + [f"/mal/{k}/" for (k,) in county + muni]


# ---------------------------------------------------------------- server


def start_server(url: str, port: int, workers: int, threads: int, cache_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "STYRKEDJA_PUBLIC_READ": "1",
        "STYRKEDJA_DEBUG": "0",
        "STYRKEDJA_DEMO_KEY": "1",  # a local benchmark server: the built-in key is fine
        "STYRKEDJA_ALLOWED_HOSTS": HOST,
        "STYRKEDJA_CONN_MAX_AGE": "600",
        "STYRKEDJA_CACHE_DIR": str(cache_dir),
    }
    cmd = [str(VENV / "gunicorn"), "styrkedja.web.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers),
           "--threads", str(threads), "--timeout", "120", "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # the master stops its workers
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def warm(port: int, paths: list[str]) -> dict[str, float]:
    out = {}
    for p in paths:
        t0 = time.perf_counter()
        with urllib.request.urlopen(f"http://{HOST}:{port}{p}", timeout=300) as r:
            r.read()
            if r.status != 200:
                raise SystemExit(f"{p}: HTTP {r.status}")
        out[p] = time.perf_counter() - t0
    return out


# ---------------------------------------------------------------- load generators


def ensure_wrk() -> str | None:
    path = shutil.which("wrk")
    if path or os.geteuid() != 0:
        return path
    print("installing wrk (apt-get install -y wrk) ...", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, stdout=subprocess.DEVNULL)
    return shutil.which("wrk")


def drive_wrk(wrk: str, port: int, paths: list[str], clients: int, duration: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "rotate.lua"
        script.write_text(LUA, encoding="utf-8")
        out = Path(tmp) / "out.json"
        env = {**os.environ, "BENCH_PATHS": ",".join(paths), "BENCH_OUT": str(out)}
        threads = min(2, clients)
        subprocess.run([wrk, "-t", str(threads), "-c", str(clients), "-d", f"{duration}s", "--timeout", "60s",
                        "-s", str(script), f"http://{HOST}:{port}"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        raw = json.loads(out.read_text(encoding="utf-8"))
    secs = raw["duration_us"] / 1e6
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    return {
        "requests": raw["requests"], "rps": raw["requests"] / secs if secs else 0.0,
        "p50": raw["p50_us"] / 1000, "p95": raw["p95_us"] / 1000, "p99": raw["p99_us"] / 1000,
        "max": raw["max_us"] / 1000, "errors": errors,
        "error_kinds": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout") if raw[k]},
    }  # fmt: skip


def drive_python(port: int, paths: list[str], clients: int, duration: int) -> dict[str, Any]:
    """Bounded fallback: `clients` threads, each with one keep-alive connection, until `duration` is over."""
    stop_at = time.perf_counter() + duration
    lat: list[list[float]] = [[] for _ in range(clients)]
    errs = [0] * clients

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        n = i
        while time.perf_counter() < stop_at:
            path = paths[n % len(paths)]
            n += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                if resp.status >= 400:
                    errs[i] += 1
            except (OSError, http.client.HTTPException):
                errs[i] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                continue
            lat[i].append((time.perf_counter() - t0) * 1000)
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 120)
    secs = time.perf_counter() - t0
    all_lat = sorted(x for xs in lat for x in xs)
    q = statistics.quantiles(all_lat, n=100, method="inclusive") if len(all_lat) > 1 else [0.0] * 99
    return {
        "requests": len(all_lat), "rps": len(all_lat) / secs, "p50": q[49], "p95": q[94], "p99": q[98],
        "max": all_lat[-1] if all_lat else 0.0, "errors": sum(errs), "error_kinds": {},
    }  # fmt: skip


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", choices=["small", "full"], default="full")
    p.add_argument("--database-url", help="default: styrkedja_web (full) or styrkedja_web_small on 127.0.0.1")
    p.add_argument("--prepare", action="store_true", help="(re)load the database even when it has a run")
    p.add_argument("--duration", type=int, default=60, help="seconds per phase (default 60)")
    p.add_argument("--clients", type=int, default=32, help="concurrent connections (default 32)")
    p.add_argument("--goals", type=int, default=4, help="goal pages to rotate (default 4)")
    p.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")
    p.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    p.add_argument("--warmup", type=int, default=15, help="unmeasured seconds over every page first (default 15)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--tool", choices=["wrk", "python"], default="wrk")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)
    if not 1 <= args.duration <= 600 or not 1 <= args.clients <= 256:
        p.error("--duration 1..600 s and --clients 1..256")
    url = args.database_url or DEFAULT_DB[args.scale]
    if args.prepare or not database_ready(url):
        prepare(args.scale, url)
    pages = pick_urls(url, args.goals)
    phases = [("trivial /healthz", ["/healthz"]), ("overview /oversikt/", pages[:1]),
              (f"goal pages ({len(pages) - 1}, rotating)", pages[1:])]  # fmt: skip
    wrk = ensure_wrk() if args.tool == "wrk" else None
    if args.tool == "wrk" and wrk is None:
        raise SystemExit("wrk not found: apt-get install -y wrk (or use --tool python)")
    cache = Path(tempfile.mkdtemp(prefix="styrkedja-web-bench-charts-"))
    proc = start_server(url, args.port, args.workers, args.threads, cache)
    results: dict[str, Any] = {}
    try:
        cold = warm(args.port, pages)
        # Each worker keeps its own built charts: warm them all with a short unmeasured run over every page.
        if args.warmup:
            print(f"warm-up: {args.clients} clients x {args.warmup} s over every page (not measured) ...",
                  file=sys.stderr)  # fmt: skip
            if wrk:
                drive_wrk(wrk, args.port, pages, args.clients, args.warmup)
            else:
                drive_python(args.port, pages, args.clients, args.warmup)
        for name, paths in phases:
            print(f"{name}: {args.clients} clients x {args.duration} s ...", file=sys.stderr)
            if wrk:
                results[name] = drive_wrk(wrk, args.port, paths, args.clients, args.duration)
            else:
                results[name] = drive_python(args.port, paths, args.clients, args.duration)
        # A new evaluation (incremental, after one indicator's import) changes the data version: every
        # cached fragment is stale, and the next request per page renders it again (charts of the
        # unchanged series stay built in the workers).
        indicator = first_indicator(url, pages[1])
        print(f"new evaluation (evaluate --indicator {indicator}) ...", file=sys.stderr)
        eval_s = evaluate(url, indicator)
        after = warm(args.port, pages)
    finally:
        stop_server(proc)
        shutil.rmtree(cache, ignore_errors=True)
    base = results[phases[0][0]]["p95"] or 1e-9
    print(f"\nStyrkedja web benchmark: scale {args.scale}, {url.rsplit('/', 1)[1]}, gunicorn {args.workers} "
          f"workers x {args.threads} threads, {args.clients} clients x {args.duration} s per phase, "
          f"{'wrk' if wrk else 'python'}, {os.cpu_count()} CPUs")  # fmt: skip
    print("first (cold) render: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in cold.items()))
    print(f"first request after a new evaluation ({eval_s:.1f} s, incremental): "
          + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in after.items()))  # fmt: skip
    print(f"{'phase':34} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'errors':>6} {'p95 x':>6}")  # fmt: skip
    for name, r in results.items():
        print(f"{name:34} {r['requests']:9d} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
              f"{r['max']:8.0f} {r['errors']:6d} {r['p95'] / base:6.1f}")  # fmt: skip
        r["p95_ratio"] = r["p95"] / base
    worst = max(r["p95_ratio"] for n, r in results.items() if n != phases[0][0])
    errors = sum(r["errors"] for r in results.values())
    print(f"aim: p95 of the pages within 3x the trivial view's, no errors -> worst ratio {worst:.1f}x, "
          f"{errors} errors: {'met' if worst <= 3 and errors == 0 else 'NOT met'}")  # fmt: skip
    print("pages: " + " ".join(pages))
    if args.json:
        doc = {"args": vars(args) | {"json": str(args.json)}, "pages": pages, "cold_s": cold,
               "after_evaluation_s": after, "evaluation_s": eval_s, "results": results}  # fmt: skip
        args.json.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
