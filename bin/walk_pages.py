"""Walk every page as each persona, on a desktop and a phone, in Chromium (issue 17): a report, not a test.

    DATABASE_URL=sqlite:////tmp/walk/demo.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/walk/demo.sqlite3 .venv/bin/python manage.py seed_demo
    DATABASE_URL=sqlite:////tmp/walk/demo.sqlite3 .venv/bin/python manage.py runserver 127.0.0.1:8140
    .venv/bin/python bin/walk_pages.py --base http://127.0.0.1:8140 --out /tmp/walk/report

Each persona (anonymous and seed_demo's official, bukgu, merchant, merchant2, admin; password
demo-pass-2026) logs in through the login form, then the walk follows the links of every page it reaches
(breadth first, same host), one page per URL shape (numbers are one shape: /stores/12/ stands for every
store), --max-pages at most per persona. Exports, downloads and logout are not followed. Every page is
then opened at 1366x900 and at 390x844 (a phone: touch, 2x pixels) with every request to a host other
than the server's aborted, and gives:
- overflow: the document wider than the window (scrollWidth > innerWidth), with the widest elements;
- axe: serious and critical violations (node_modules/axe-core, the tags tests/browser uses);
- console errors and JavaScript errors; failed requests (and 4xx/5xx answers), outside hosts apart;
- outside: the requests to other hosts it tried (aborted here);
- a screenshot of the viewport under --out/<persona>/<viewport>/.
It writes --out/report.json and prints a Markdown table of the pages with a finding.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "demo-pass-2026"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}
# Where each persona starts besides its home page and the links it finds there.
START = {
    "anonymous": ["/", "/onnuri/", "/onnuri/sessions/", "/hotline/report/", "/hotline/track/", "/privacy/",
                  "/accounts/login/", "/accounts/password/reset/", "/stores/signup/", "/api/docs/"],
    "official": ["/", "/dashboard/", "/dashboard/wall/", "/dashboard/impact/", "/districts/", "/districts/new/",
                 "/districts/dongs/", "/stores/", "/stores/claims/", "/stores/imports/", "/onnuri/review/",
                 "/onnuri/franchises/", "/onnuri/outreach/", "/onnuri/sessions/", "/onnuri/sessions/new/",
                 "/onnuri/settings/documents/", "/hotline/", "/hotline/stats/", "/sales/import/", "/api/docs/"],
    "bukgu": ["/", "/dashboard/", "/districts/", "/stores/", "/onnuri/review/", "/hotline/"],
    "merchant": ["/", "/stores/mine/", "/stores/find/", "/onnuri/my/", "/sales/", "/hotline/mine/",
                 "/hotline/report/", "/onnuri/", "/accounts/password/change/"],
    "merchant2": ["/", "/stores/mine/", "/onnuri/my/", "/sales/"],
    "admin": ["/", "/admin/", "/accounts/lockouts/", "/privacy/access-log/", "/api/docs/"],
}
# Never followed: they end the session, download a file, or are not pages.
SKIP = re.compile(r"logout|export|download|\.(xlsx|csv|json|geojson|pdf|png|jpe?g|zip)(\?|$)|/media/|/static/"
                  r"|/api/(?!docs/)|/open311/|/healthz|/photo/|/file/|/delete/|/jsi18n/|/i18n/")
# The map tiles: asked for by every map, blocked here as in the tests; any other outside host is a finding.
TILES = {"tile.openstreetmap.org"}
ADMIN_SKIP = re.compile(r"/admin/.*/(history|delete)/|/admin/(logout|password_change)/|/admin/r/")

AXE_RUN = """async () => await axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
  resultTypes: ['violations']})"""
# The elements reaching past the window's right edge (a map's own panes aside), widest first.
WIDEST = """() => [...document.querySelectorAll('body *')].filter(e => !e.closest('.leaflet-pane, .sr-only'))
  .map(e => ({e, r: e.getBoundingClientRect().right})).filter(x => x.r > window.innerWidth + 1)
  .sort((a, b) => b.r - a.r).slice(0, 3)
  .map(x => `${x.e.tagName.toLowerCase()}${x.e.id ? '#' + x.e.id : ''}${x.e.classList.length ? '.'
    + [...x.e.classList].join('.') : ''} ${Math.round(x.r)}px`)"""


def shape(path: str) -> str:
    """One page per URL shape: numbers and long codes stand for any; the query's keys, not its values."""
    parts = urlsplit(path)
    stem = re.sub(r"/\d+(?=/|$)", "/N", parts.path)
    stem = re.sub(r"/[0-9a-f-]{16,}(?=/|$)", "/ID", stem)
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return stem + ("?" + "&".join(keys) if keys else "")


def login(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form.app-form button[type=submit]")
    if "/accounts/login/" in page.url:
        raise SystemExit(f"logging in as {username} failed")


def new_page(browser, base: str, viewport: str, persona: str):
    context = browser.new_context(locale="ko-KR", **VIEWPORTS[viewport])
    host = urlsplit(base).hostname
    page = context.new_page()
    page.outside, page.problems = [], []

    def route(request_route):
        if urlsplit(request_route.request.url).hostname == host:
            request_route.continue_()
        else:
            page.outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: page.problems.append(f"console: {m.text[:300]}") if m.type == "error"
            and not any(u in m.text for u in page.outside) and "ERR_FAILED" not in m.text else None)
    page.on("pageerror", lambda exc: page.problems.append(f"js error: {str(exc)[:300]}"))
    page.on("requestfailed", lambda r: None if urlsplit(r.url).hostname != host
            else page.problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: page.problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 and urlsplit(r.url).hostname == host and r.request.resource_type != "document"
            else None)
    if persona != "anonymous":
        login(page, base, "admin" if persona == "admin" else persona)
    return page


def links_of(page, base: str) -> list[str]:
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != base:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIP.search(path) and not ADMIN_SKIP.search(path):
            found.append(path)
    return found


def examine(page, base: str, path: str, shot: Path) -> dict:
    page.problems.clear()
    page.outside.clear()
    started = time.monotonic()
    response = page.goto(base + path)
    with contextlib.suppress(Exception):  # the wall screen polls: a page that never idles is taken as it is
        page.wait_for_load_state("networkidle", timeout=8000)
    result = {"path": path, "final": urlsplit(page.url).path, "status": response.status if response else None}
    result["overflow"] = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    result["widest"] = page.evaluate(WIDEST) if result["overflow"][0] > result["overflow"][1] else []
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(AXE_RUN)["violations"]
    result["axe"] = [f"{v['id']} ({v['impact']}, {len(v['nodes'])}): "
                     + "; ".join(str(n["target"]) for n in v["nodes"][:3])
                     for v in violations if v.get("impact") in ("serious", "critical")]
    # axe's own injected styles are refused by the CSP: its console reports are not the page's.
    result["problems"] = [p for p in dict.fromkeys(page.problems) if "Applying inline style violates" not in p]
    result["outside"] = sorted({urlsplit(u).hostname for u in page.outside} - TILES)
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def crawl(browser, base: str, persona: str, limit: int) -> list[str]:
    page = new_page(browser, base, "desktop", persona)
    queue = deque(START[persona])
    seen_shapes, pages = set(), []
    try:
        while queue and len(pages) < limit:
            path = queue.popleft()
            if shape(path) in seen_shapes:
                continue
            seen_shapes.add(shape(path))
            response = page.goto(base + path)
            if response is None or response.status >= 400 or (
                    "/accounts/login/" in page.url and "/accounts/login/" not in path):
                continue
            pages.append(path)
            queue.extend(link for link in links_of(page, base) if shape(link) not in seen_shapes)
    finally:
        page.context.close()
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8140")
    parser.add_argument("--out", type=Path, default=Path("/tmp/alley-walk"))
    parser.add_argument("--personas", default=",".join(START))
    parser.add_argument("--viewports", default="desktop,phone")
    parser.add_argument("--max-pages", type=int, default=120)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    report = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for persona in args.personas.split(","):
            pages = crawl(browser, args.base, persona, args.max_pages)
            print(f"{persona}: {len(pages)} pages", file=sys.stderr, flush=True)
            for viewport in args.viewports.split(","):
                page = new_page(browser, args.base, viewport, persona)
                for number, path in enumerate(pages):
                    name = re.sub(r"[^\w-]+", "_", path.strip("/")) or "home"
                    try:
                        row = examine(page, args.base, path, args.out / persona / viewport / f"{number:03}-{name}.png")
                    except Exception as exc:  # one broken page does not stop the walk
                        row = {"path": path, "error": str(exc)[:300]}
                    row.update(persona=persona, viewport=viewport)
                    report.append(row)
                    with (args.out / "report.jsonl").open("a", encoding="utf-8") as partial:  # a cut-short walk
                        partial.write(json.dumps(row, ensure_ascii=False) + "\n")
                page.context.close()
        browser.close()
    (args.out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print("| persona | viewport | page | overflow | axe serious/critical | console, JS, requests | outside hosts |")
    print("|---|---|---|---|---|---|---|")
    found = 0
    for row in report:
        width, window = row.get("overflow") or (0, 0)
        overflow = f"{width} > {window} ({', '.join(row['widest'])})" if width > window else ""
        problems = row.get("problems", []) + ([row["error"]] if row.get("error") else [])
        if overflow or row.get("axe") or problems or row.get("outside"):
            found += 1
            cells = [row["persona"], row["viewport"], row["path"], overflow, "<br>".join(row.get("axe", [])),
                     "<br>".join(problems), ", ".join(row.get("outside", []))]
            print("| " + " | ".join(cells) + " |")
    print(f"{len(report)} page views, {found} with a finding", file=sys.stderr)

if __name__ == "__main__":
    main()
