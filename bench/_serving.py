"""Shared set-up of the benchmarks that measure the site as production serves it (bench/load.py,
bench/dashboard_map.py): bin/build-static with DEBUG=0 into a temporary STATIC_ROOT, a bench database
next to DATABASE_URL's (migrated and seeded with seed_demo, or an already seeded one reused), gunicorn
with the project's gunicorn.conf.py (DEBUG=0, PLAIN_HTTP_DEMO=1) on 127.0.0.1, and the demo official's
session for the pages behind the login. Everything is stopped (and a database made here dropped, unless
kept) when the `serving()` block ends.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else "python3"
DEMO_OFFICIAL = ("official", "demo-pass-2026")


def log(message: str) -> None:
    print(message, flush=True)


def log_load(when: str) -> None:
    """The load average (others may share the machine): figures taken under load are not comparable."""
    load1, load5, load15 = os.getloadavg()
    log(f"machine load {when}: {load1:.2f} {load5:.2f} {load15:.2f} (1/5/15 min), {os.cpu_count()} CPUs")


def server_and_name(database_url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(database_url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", "")), parts.path.lstrip("/")


def psql(server: str, sql: str) -> None:
    subprocess.run(["psql", f"{server}/postgres", "-qc", sql], check=True, stdout=subprocess.DEVNULL)


def database_ready(url: str) -> bool:
    result = subprocess.run(["psql", url, "-tAc", "select count(*) from giftcerts_franchise"],
                            capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.strip() not in ("", "0")


def wait_for(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {timeout} s")


def login(base: str) -> str:
    """The demo official's session cookie value (the login form, with its CSRF token, as a browser)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    username, password = DEMO_OFFICIAL
    data = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(base + "/accounts/login/", data=data, headers={"Referer": base + "/"}))
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit("logging in as the demo official failed")
    return cookies["sessionid"]


def fetch(base: str, path: str, cookie: str = "") -> bytes:
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers), timeout=60) as response:
        return response.read()


@dataclass
class Served:
    base: str  # http://127.0.0.1:<port>
    work: Path  # a scratch folder, removed at the end
    static_root: Path  # files written here are served once `reload_static()` has run
    workers: int
    gunicorn: subprocess.Popen

    def reload_static(self, probe: str) -> None:
        """HUP restarts the workers, so WhiteNoise (which scans the static root at start) serves new files."""
        self.gunicorn.send_signal(signal.SIGHUP)
        time.sleep(3)
        wait_for(self.base + probe)


def require_postgres() -> str:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server; the bench makes its own database next to it.")
    return database_url


@contextmanager
def serving(*, suffix: str, port: int, workers: int, reuse_db: bool, drop_db: bool, cache_url: str = ""):
    """The site in production mode on 127.0.0.1:port over the bench database <DATABASE_URL's name>_<suffix>.

    reuse_db: an already seeded database is only migrated; drop_db: a database this call created is dropped
    at the end (a reused one never is). cache_url: Django's cache in Redis (emptied first), else in memory."""
    server, name = server_and_name(require_postgres())
    bench_name = f"{name}_{suffix}"
    bench_url = f"{server}/{bench_name}"
    work = Path(tempfile.mkdtemp(prefix=f"alley-{suffix}-"))
    static_root = work / "static"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alleydistricts.settings", "DEBUG": "0", "PLAIN_HTTP_DEMO": "1",
           "SECRET_KEY": f"bench-{suffix}-" + os.urandom(32).hex(), "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "DATABASE_URL": bench_url, "STATIC_ROOT": str(static_root), "MEDIA_ROOT": str(work / "media"),
           "CACHE_URL": cache_url, "CELERY_BROKER_URL": "", "CELERY_RESULT_BACKEND": "", "LOG_LEVEL": "WARNING"}
    created = False
    gunicorn = None
    try:
        log("static files: bin/build-static (DEBUG=0)")
        subprocess.run([str(ROOT / "bin" / "build-static")], env={**env, "PYTHON": PY}, check=True,
                       stdout=subprocess.DEVNULL, cwd=ROOT)
        migrate = [PY, "manage.py", "migrate", "--noinput"]
        if reuse_db and database_ready(bench_url):
            log(f"reusing the seeded database {bench_name}")
            subprocess.run(migrate, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        else:
            log(f"a fresh database {bench_name}: migrate, seed_demo")
            psql(server, f"DROP DATABASE IF EXISTS {bench_name} WITH (FORCE)")
            psql(server, f"CREATE DATABASE {bench_name}")
            created = True
            subprocess.run(migrate, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            started = time.monotonic()
            subprocess.run([PY, "manage.py", "seed_demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            log(f"seed_demo took {time.monotonic() - started:.0f} s")
        if cache_url:
            subprocess.run(["redis-cli", "-u", cache_url, "flushdb"], check=True, stdout=subprocess.DEVNULL)

        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(
            [PY, "-m", "gunicorn", "alleydistricts.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--timeout", "60", "--config", str(ROOT / "gunicorn.conf.py")],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=(work / "web.log").open("wb"))  # noqa: SIM115
        wait_for(base + "/onnuri/")
        yield Served(base=base, work=work, static_root=static_root, workers=workers, gunicorn=gunicorn)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        if created and drop_db:
            psql(server, f"DROP DATABASE IF EXISTS {bench_name} WITH (FORCE)")
            log(f"bench database {bench_name} dropped")
        shutil.rmtree(work, ignore_errors=True)
