"""Benchmark: how long after navigation the dashboard's map is drawn, in Chromium over loopback (issue 13).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alley .venv/bin/python bench/dashboard_map.py [--runs 10]

What it does, as production runs:
- bin/build-static (DEBUG=0, the manifest storage) into a temporary STATIC_ROOT;
- a bench database next to DATABASE_URL's (<name>_dashmap), migrated and seeded with seed_demo, dropped
  at the end (--reuse-db reuses an already seeded one and keeps it; --keep-db keeps a new one);
- gunicorn with the project's gunicorn.conf.py, DEBUG=0, PLAIN_HTTP_DEMO=1, on 127.0.0.1:--port
  (8220-8229; bench/load.py uses 8210-8219);
- Debian's Chromium through Playwright (never a downloaded browser), 1366x900, every host other than
  127.0.0.1 unresolvable (no map tiles from the network; the HTTP cache stays on, which Playwright's
  request routing would turn off); logs in as the demo official through the login form;
- opens /dashboard/ --runs times in the same tab (the first with an empty cache, the others warm) and
  reads `performance.getEntriesByName("dashboard:map-drawn")[0].startTime` (dashboard.js marks it when
  the districts are first drawn), with first contentful paint, DOMContentLoaded and the load event;
- counts the requests for the map's data per navigation (a preload the page's fetch() does not reuse
  would show as 2) and the console's preload warnings;
- the baseline, in the same run: the same dashboard HTML with its scripts, stylesheets and preloads
  removed (the same bytes of markup, no subresource), written into the static root and served by the
  same server (WhiteNoise); its first contentful paint, --runs times.

Prints one table (median and p90 in ms; cold = the first, empty-cache run) and the ratio of the map's
median to the baseline's, with the load average at start and end (others may share the machine).
Target: the map drawn < 600 ms after navigation.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _serving import fetch, log, log_load, login, require_postgres, serving  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
TARGET_MS = 600
MAP_DATA = ("/api/dashboard/districts.geojson", "/api/dashboard/stores.json")

TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const drawn = performance.getEntriesByName("dashboard:map-drawn")[0];
  return {drawn: drawn ? drawn.startTime : null, fcp: fcp ? fcp.startTime : null,
          dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
          resources: performance.getEntriesByType("resource").map(e => e.name)};
}"""


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p90 of 10 runs is the 9th)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def baseline_html(html: str) -> str:
    """The page's markup without what it loads or runs: scripts, stylesheets, preloads."""
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S | re.I)
    return re.sub(r"<link\b[^>]*rel=\"?(?:stylesheet|preload|icon)[^>]*>", "", html, flags=re.I)


def wait_until(page, expression: str, timeout: float = 30) -> None:
    """Polls through the DevTools protocol (the page's CSP forbids Playwright's eval-based wait)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {expression}")
        page.wait_for_timeout(20)


SCREENSHOT_PAGES = ["/dashboard/", "/stores/", "/onnuri/", "/districts/"]


def screenshots(page, base: str, folder: Path) -> None:
    """Full-page screenshots at 1366 px, fonts loaded and the network idle (to compare before/after)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SCREENSHOT_PAGES:
        page.goto(base + path, wait_until="networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_timeout(1000)
        name = path.strip("/").replace("/", "-") or "home"
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True, animations="disabled")


def measure(base: str, runs: int, baseline_path: str, screenshot_folder: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    results = {"map": [], "fcp": [], "dcl": [], "load": [], "baseline_fcp": [], "baseline_dcl": [],
               "data_requests": [], "font_requests": [], "faces": "", "warnings": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ko-KR")
        page = context.new_page()
        page.on("console", lambda message: results["warnings"].append(message.text)
                if "preload" in message.text.lower() else None)
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + "/accounts/login/")
        page.fill("#id_username", "official")
        page.fill("#id_password", "demo-pass-2026")
        with page.expect_navigation():
            page.click("form.app-form button[type=submit]")
        if "/accounts/login/" in page.url:
            raise SystemExit("logging in as the demo official failed")
        page.goto("about:blank")
        # The login page cached the shared CSS: the first dashboard run is not quite cold; clear it.
        session = context.new_cdp_session(page)
        session.send("Network.clearBrowserCache")
        for _ in range(runs):
            requested.clear()
            page.goto(base + "/dashboard/", wait_until="load")
            wait_until(page, "performance.getEntriesByName('dashboard:map-drawn').length > 0")
            page.wait_for_timeout(300)  # later requests (stores.json after the map) are counted too
            timings = page.evaluate(TIMINGS_JS)
            for key, name in (("map", "drawn"), ("fcp", "fcp"), ("dcl", "dcl"), ("load", "load")):
                results[key].append(timings[name])
            results["data_requests"].append([sum(1 for url in requested if path in url) for path in MAP_DATA])
            fonts = [url.rsplit("/", 1)[-1].split(".")[0] for url in requested if "/fonts/" in url]
            results["font_requests"].append(",".join(sorted(fonts)) or "none (cached)")
            results["faces"] = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded')"
                                             ".map(f => f.family + ' ' + f.weight).sort().join(', ')")
            page.goto("about:blank")
        for _ in range(runs):
            page.goto(base + baseline_path, wait_until="load")
            wait_until(page, "performance.getEntriesByName('first-contentful-paint').length > 0")
            timings = page.evaluate(TIMINGS_JS)
            results["baseline_fcp"].append(timings["fcp"])
            results["baseline_dcl"].append(timings["dcl"])
            page.goto("about:blank")
        if screenshot_folder:
            screenshots(page, base, screenshot_folder)
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="navigations to /dashboard/ (default 10)")
    parser.add_argument("--port", type=int, default=8220, help="gunicorn's port, 8220-8229 (default 8220)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--reuse-db", action="store_true", help="reuse (and keep) an already seeded bench database")
    parser.add_argument("--screenshots", type=Path, help="also save full-page screenshots of the main pages here")
    parser.add_argument("--keep-db", action="store_true", help="keep the bench database for a later --reuse-db")
    args = parser.parse_args()
    if not 8220 <= args.port <= 8229:
        raise SystemExit("use a port from 8220 to 8229")
    if args.runs < 2:
        raise SystemExit("--runs must be at least 2 (the first run is the cold one)")
    require_postgres()  # the bench uses <name>_dashmap next to DATABASE_URL's database
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"needs Debian chromium at {CHROMIUM} (apt-get install chromium)")
    log_load("at start")
    with serving(suffix="dashmap", port=args.port, workers=args.workers, reuse_db=args.reuse_db,
                 drop_db=not (args.keep_db or args.reuse_db)) as served:
        # The baseline page: the dashboard's own markup as a static file, served by the same server.
        cookie = login(served.base)
        html = fetch(served.base, "/dashboard/", cookie).decode()
        folder = served.static_root / "bench-dashmap"
        folder.mkdir()
        stripped = baseline_html(html)
        (folder / "baseline.html").write_text(stripped, encoding="utf-8")
        baseline_path = "/static/bench-dashmap/baseline.html"
        served.reload_static(baseline_path)
        for path in MAP_DATA:  # warm: each worker's cache holds the bodies, as after publish_dashboard
            for _ in range(args.workers * 2):
                fetch(served.base, path, cookie)

        log(f"Chromium: /dashboard/ {args.runs} times, then the baseline {args.runs} times")
        results = measure(served.base, args.runs, baseline_path, args.screenshots)

    log("")
    log(f"Chromium {args.runs} navigations each over loopback, 1366x900; gunicorn {args.workers} workers, DEBUG=0, "
        f"PostgreSQL (seed_demo); dashboard HTML {len(html) / 1024:.0f} KB, baseline {len(stripped) / 1024:.0f} KB")
    header = f"| {'page':<26} | {'measure':<24} | {'cold':>7} | {'median':>7} | {'p90':>7} |"
    log(header)
    log("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    rows = [("/dashboard/", "map drawn (mark)", results["map"]),
            ("/dashboard/", "first contentful paint", results["fcp"]),
            ("/dashboard/", "DOMContentLoaded", results["dcl"]),
            ("/dashboard/", "load event", results["load"]),
            ("baseline (same markup)", "first contentful paint", results["baseline_fcp"]),
            ("baseline (same markup)", "DOMContentLoaded", results["baseline_dcl"])]
    for page_label, measure_label, samples in rows:
        log(f"| {page_label:<26} | {measure_label:<24} | {samples[0]:>7.0f} | {statistics.median(samples):>7.0f} "
            f"| {percentile(samples, 0.9):>7.0f} |")
    drawn, baseline = statistics.median(results["map"]), statistics.median(results["baseline_fcp"])
    warm = results["map"][1:]
    log(f"map drawn: median {drawn:.0f} ms, p90 {percentile(results['map'], 0.9):.0f} ms over all {args.runs} runs "
        f"(warm runs only: median {statistics.median(warm):.0f} ms, p90 {percentile(warm, 0.9):.0f} ms); "
        f"{drawn / baseline:.1f}x the baseline's first paint ({baseline:.0f} ms); target < {TARGET_MS} ms: "
        f"{'met' if percentile(results['map'], 0.9) < TARGET_MS else 'not met'} at p90")
    counts = {f"{a}+{b}" for a, b in results["data_requests"]}
    log(f"requests per navigation for districts.geojson+stores.json (1+1: each fetched once, a preload reused): "
        f"{', '.join(sorted(counts))}")
    log(f"font requests per navigation: {' | '.join(sorted(set(results['font_requests'])))}; "
        f"faces in use on the dashboard: {results['faces']}")
    if results["warnings"]:
        log("console warnings about preloads: " + " | ".join(sorted(set(results["warnings"])))[:2000])
    log_load("at the end")


if __name__ == "__main__":
    main()
