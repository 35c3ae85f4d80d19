"""Load benchmark of the public endpoints (and the officials' dashboard API) with wrk against gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alley .venv/bin/python bench/load.py [--duration 30]

What it does, as production runs (docker-compose's web service):
- bin/build-static (DEBUG=0) into a temporary STATIC_ROOT;
- a bench database next to DATABASE_URL's (<name>_load), migrated and seeded with seed_demo
  (--reuse-db keeps an already seeded one);
- gunicorn with the project's gunicorn.conf.py, 3 sync workers, DEBUG=0, PLAIN_HTTP_DEMO=1, the cache in
  Redis when --cache-url (or TEST_REDIS_URL) is given, on 127.0.0.1:--port (8210-8219);
- logs in as the demo official for the dashboard API mix (a wrk Lua script sends the session cookie);
- the baselines: the same bytes (and their gzip) written into the static root and served by the same
  server (WhiteNoise), so each ratio is measured against the same run on the same machine;
- wrk for --duration seconds at each of --connections, every request with Accept-Encoding: gzip.

Prints one table: endpoint, connections, req/s, p50, p99, errors (socket errors and non-2xx/3xx), and the
ratio to its static baseline; the load average at start is printed first (others share the machine).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _serving import fetch, log, log_load, login, require_postgres, serving  # noqa: E402

# (label, path, needs the official's session)
PUBLIC = [
    ("/onnuri/ (anonymous finder)", "/onnuri/"),
    ("/api/onnuri-stores/", "/api/onnuri-stores/"),
    ("/open311/v2/requests.json", "/open311/v2/requests.json"),
    ("/open311/v2/services.json", "/open311/v2/services.json"),
    ("/hotline/report/ GET", "/hotline/report/"),
]
DASHBOARD_MIX = ["/api/dashboard/kpis", "/api/dashboard/trends", "/api/dashboard/breakdowns",
                 "/api/dashboard/stores.json", "/api/dashboard/districts.geojson"]

MIX_LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def write_static(static_root: Path, name: str, body: bytes) -> str:
    """The body as a static file (and its .gz, which WhiteNoise serves to gzip clients); its URL path."""
    folder = static_root / "bench-load"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(body)
    (folder / (name + ".gz")).write_bytes(gzip.compress(body, 6))
    return f"/static/bench-load/{name}"


def parse_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(base: str, paths: list[str], *, connections: int, duration: int, cookie: str, work: Path) -> dict:
    script = work / "mix.lua"
    script.write_text(MIX_LUA % ", ".join(f'"{p}"' for p in paths))
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "10s",
               "-H", "Accept-Encoding: gzip", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run([*command, base + paths[0]], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = parse_ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = parse_ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    socket_errors = sum(int(x) for x in socket.groups()) if socket else 0
    return {"rps": rps, "p50": p50, "p99": p99, "non_2xx": non_2xx, "socket": socket_errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per wrk run (default 30)")
    parser.add_argument("--connections", default="16,64", help="comma-separated (default 16,64)")
    parser.add_argument("--port", type=int, default=8210, help="gunicorn's port, 8210-8219 (default 8210)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--reuse-db", action="store_true", help="keep an already seeded bench database")
    parser.add_argument("--cache-url", default=os.environ.get("TEST_REDIS_URL", ""),
                        help="Redis for Django's cache (default: TEST_REDIS_URL; empty: per-process memory)")
    args = parser.parse_args()
    if not 8210 <= args.port <= 8219:
        raise SystemExit("use a port from 8210 to 8219")
    require_postgres()  # the bench uses <name>_load next to DATABASE_URL's database
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing (apt-get install wrk)")
    connections = [int(c) for c in args.connections.split(",")]
    log_load("at start")
    with serving(suffix="load", port=args.port, workers=args.workers, reuse_db=args.reuse_db, drop_db=False,
                 cache_url=args.cache_url) as served:
        base = served.base
        cookie = login(base)
        # The baselines: each body written as a static file, served by the same server.
        statics = {}
        for label, path in PUBLIC:
            statics[label] = [write_static(served.static_root, f"public-{len(statics)}", fetch(base, path))]
        statics["dashboard API mix (official)"] = [
            write_static(served.static_root, f"dashboard-{i}", fetch(base, p, cookie))
            for i, p in enumerate(DASHBOARD_MIX)]
        served.reload_static(statics[PUBLIC[0][0]][0])

        runs = [(label, [path], "") for label, path in PUBLIC]
        runs.append(("dashboard API mix (official)", DASHBOARD_MIX, cookie))
        rows = []
        for label, paths, session in runs:
            for c in connections:
                for _attempt in range(2):
                    for p in paths:  # warm: every worker builds its bodies before the clock runs
                        fetch(base, p, session)
                dynamic = run_wrk(base, paths, connections=c, duration=args.duration, cookie=session,
                                  work=served.work)
                static = run_wrk(base, statics[label], connections=c, duration=args.duration, cookie="",
                                 work=served.work)
                rows.append((label, c, dynamic, static))
                log(f"  {label} c={c}: {dynamic['rps']:.0f} req/s (static {static['rps']:.0f})")

    log("")
    log(f"wrk {args.duration} s per run, 2 threads, Accept-Encoding: gzip; gunicorn {args.workers} workers, "
        f"DEBUG=0, PostgreSQL, cache: {'Redis' if args.cache_url else 'per-process memory'}")
    header = f"| {'endpoint':<32} | {'c':>3} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'errors':>6} " \
             f"| {'static req/s':>12} | {'static/x':>8} |"
    log(header)
    log("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for label, c, d, s in rows:
        errors = d["socket"] + d["non_2xx"]
        ratio = s["rps"] / d["rps"] if d["rps"] else float("inf")
        log(f"| {label:<32} | {c:>3} | {d['rps']:>8.0f} | {d['p50']:>7.1f} | {d['p99']:>7.1f} | {errors:>6} "
            f"| {s['rps']:>12.0f} | {ratio:>8.1f} |")
    log("errors: socket errors + non-2xx/3xx answers; static/x: how many times faster the same bytes go out "
        "as a static file.")
    log_load("at the end")


if __name__ == "__main__":
    main()
