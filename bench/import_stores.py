"""Store import benchmark: the SEMAS importer next to a bare PostgreSQL COPY of the same file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alley .venv/bin/python bench/import_stores.py [--rows 17000]
        [--big-rows 500000 | --skip-big]

1. Generates a SEMAS-format file (39 columns, UTF-8) of --rows stores placed inside
   광주 서구's 18 real dongs.
2. Times `COPY` of that file into a bare 39-column text table, the full import (parse,
   checks, dong assignment, categories, staged upsert into merchants_store), and a `COPY` of
   the imported rows into merchants_store itself (its indexes and foreign keys: the floor for
   this table). Target: import <= 2x that COPY at 17,000 rows. A second import of the same
   file (nothing to write) is timed too.
3. Imports a --big-rows file (500,000 by default) in a child process, streamed, and prints
   rows/s and peak memory (ru_maxrss), next to a bare COPY of the same file. Targets:
   >= 50,000 rows/s and < 300 MB. `--skip-big` leaves this step out for quick runs.
4. Imports, in a child process, 1,000 rows with one --long-line-mb line of commas in the middle
   and prints its peak memory: the line is skipped unread (rejected with its number), not parsed.
   `--only-long-line` runs just this step.

It works in its own scratch database (<name>_bench_import, created and dropped here),
so it never touches the database DATABASE_URL names.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def scratch_url(url: str) -> tuple[str, str]:
    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'alley'}_bench_import"
    return urlunparse(parsed._replace(path=f"/{name}")), name


def admin_connection(url: str):
    import psycopg

    parsed = urlparse(url)
    return psycopg.connect(host=parsed.hostname or "127.0.0.1", port=parsed.port or 5432,
                           user=parsed.username or "postgres", password=parsed.password or None,
                           dbname="postgres", autocommit=True)


def setup_django(database_url: str, media_root: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = media_root
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alleydistricts.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def generate(path: Path, rows: int, *, seed: int = 7) -> None:
    """A SEMAS file of `rows` stores inside 서구's dongs, written as it is generated (no list of rows)."""
    import numpy as np

    from districts.models import LocalGovernment
    from districts.selectors import dong_locator, dongs_of
    from merchants import taxonomy
    from merchants.importers import SEMAS_COLUMNS

    government = LocalGovernment.objects.get(code="29140")
    locator = dong_locator(government)
    dongs = {d.pk: d for d in dongs_of(government)}
    min_lon = min(d.min_lon for d in dongs.values())
    max_lon = max(d.max_lon for d in dongs.values())
    min_lat = min(d.min_lat for d in dongs.values())
    max_lat = max(d.max_lat for d in dongs.values())
    minors = sorted(taxonomy.MINORS)
    names = {**taxonomy.MAJORS, **taxonomy.MIDDLES, **taxonomy.MINORS}
    gen = np.random.default_rng(seed)
    index = {name: i for i, name in enumerate(SEMAS_COLUMNS)}
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(SEMAS_COLUMNS)
        while written < rows:
            lons = gen.uniform(min_lon, max_lon, 20_000)
            lats = gen.uniform(min_lat, max_lat, 20_000)
            located = locator.locate(lons, lats)
            for lon, lat, dong_id in zip(lons, lats, located, strict=True):
                if dong_id is None or written >= rows:
                    continue
                written += 1
                code = minors[written % len(minors)]
                dong = dongs[dong_id]
                row = [""] * len(SEMAS_COLUMNS)
                for column, value in (
                    ("상가업소번호", f"MA0101BENCH{written:010d}"), ("상호명", f"벤치상회{written}"),
                    ("상권업종대분류코드", code[:2]), ("상권업종대분류명", names[code[:2]]),
                    ("상권업종중분류코드", code[:4]), ("상권업종중분류명", names.get(code[:4], code[:4])),
                    ("상권업종소분류코드", code), ("상권업종소분류명", names[code]),
                    ("시도코드", "29"), ("시도명", "광주광역시"), ("시군구코드", "29140"), ("시군구명", "서구"),
                    ("행정동코드", dong.code), ("행정동명", dong.name),
                    ("지번주소", f"광주광역시 서구 {dong.name} {written % 900 + 1}"),
                    ("도로명주소", f"광주광역시 서구 상무대로 {written % 700 + 1}"), ("층정보", str(written % 5 + 1)),
                    ("경도", f"{lon:.7f}"), ("위도", f"{lat:.7f}"),
                ):
                    row[index[column]] = value
                writer.writerow(row)


def copy_baseline(path: Path) -> float:
    from django.db import connection

    from merchants.importers import SEMAS_COLUMNS

    columns = ", ".join(f'"{name}" text' for name in SEMAS_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS bench_semas_copy; CREATE TABLE bench_semas_copy ({columns})")
    started = time.perf_counter()
    with connection.cursor() as cursor, open(path, encoding="utf-8") as handle, \
            cursor.cursor.copy("COPY bench_semas_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
        while chunk := handle.read(1 << 20):
            copy.write(chunk)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_semas_copy")
        copied = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_semas_copy")
    print(f"  COPY into a bare table: {copied:,} rows in {elapsed:.3f} s")
    return elapsed


def copy_into_store_table() -> float:
    """The floor for this table: COPY of the imported rows, already mapped, back into merchants_store
    (its indexes and its foreign-key checks at commit), without any Python work."""
    import io

    from django.db import connection, transaction

    from merchants.models import Store

    columns = ", ".join(f.column for f in Store._meta.concrete_fields if not f.primary_key)
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY (SELECT {columns} FROM merchants_store) TO STDOUT WITH (FORMAT csv)") as copy:
            for chunk in copy:
                buffer.write(chunk)
        cursor.execute("TRUNCATE merchants_store CASCADE")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, \
            cursor.cursor.copy(f"COPY merchants_store ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
        copy.write(buffer.getvalue())
    elapsed = time.perf_counter() - started  # includes the commit, where the foreign keys are checked
    print(f"  COPY of the same rows into merchants_store itself (its indexes, FK checks): {elapsed:.3f} s")
    return elapsed


def timed_import(path: Path, label: str, *, staged: bool | None = None):
    from districts.models import LocalGovernment
    from merchants.importers import import_stores

    government = LocalGovernment.objects.get(code="29140")
    started = time.perf_counter()
    result = import_stores(path, local_government=government, staged=staged)
    elapsed = time.perf_counter() - started
    seconds = result.seconds
    checking = seconds["total"] - seconds["database"] - seconds["locating"]
    print(f"  {label}: {result.rows_read:,} rows in {elapsed:.3f} s "
          f"(created {result.created:,}, unchanged {result.unchanged:,}, without a dong {result.unassigned:,}, "
          f"rejected {result.rejected:,}); database {seconds['database']:.3f} s, dong location "
          f"{seconds['locating']:.3f} s, reading and checking {checking:.3f} s")
    return elapsed, result


def reset_registry() -> None:
    """Empty the store tables and the categories imports created, for another first import."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE merchants_store CASCADE")
        cursor.execute("DELETE FROM merchants_industrycategory WHERE level > 1")


def child(path: str) -> None:
    """Import `path` (scratch database from the environment) and report time and peak memory as JSON."""
    setup_django(os.environ["DATABASE_URL"], os.environ["MEDIA_ROOT"])
    baseline = peak_rss_mb()
    started = time.perf_counter()
    _elapsed, result = timed_import(Path(path), "import (child)")
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": result.rows_read, "created": result.created,
                      "rejected": result.rejected, "baseline_mb": baseline, "peak_mb": peak_rss_mb()}))


def run_child(path: Path, bench_url: str, workdir: str) -> dict:
    from django.db import connections

    connections.close_all()
    output = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True,
                            env={**os.environ, "DATABASE_URL": bench_url, "MEDIA_ROOT": workdir}, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def long_line(workdir: str, bench_url: str, megabytes: int) -> None:
    """1,000 good rows with a single line of `megabytes` MB of commas after the 500th."""
    small = Path(workdir) / "semas-1000.csv"
    generate(small, 1_000, seed=13)
    lines = small.read_bytes().split(b"\r\n")
    path = Path(workdir) / f"semas-long-line-{megabytes}mb.csv"
    with open(path, "wb") as handle:
        handle.write(b"\r\n".join(lines[:501]) + b"\r\n")
        chunk = b"," * (1024 * 1024)
        for _ in range(megabytes):
            handle.write(chunk)
        handle.write(b"\r\n" + b"\r\n".join(lines[501:]))
    reset_registry()
    print(f"Importing {path.stat().st_size / 1e6:.0f} MB: 1,000 rows and one {megabytes} MB line of commas, "
          f"in a child process")
    report = run_child(path, bench_url, workdir)
    print(f"  {report['rows']:,} rows read, {report['created']:,} created, {report['rejected']:,} rejected in "
          f"{report['seconds']:.1f} s; peak memory {report['peak_mb']:.0f} MB (Django and libraries alone: "
          f"{report['baseline_mb']:.0f} MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=17_000)
    parser.add_argument("--big-rows", type=int, default=500_000)
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--row-by-row", action="store_true",
                        help="also time the row-by-row path (staged=False) on the same file, for comparison")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each; the best is compared (noise)")
    parser.add_argument("--long-line-mb", type=int, default=50)
    parser.add_argument("--only-long-line", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench/import_stores.py needs DATABASE_URL=postgres://... (it compares with PostgreSQL COPY)")
        return 2
    bench_url, bench_name = scratch_url(url)
    admin = admin_connection(url)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')
        cursor.execute(f'CREATE DATABASE "{bench_name}"')
    workdir = tempfile.mkdtemp(prefix="bench-import-")
    try:
        setup_django(bench_url, workdir)
        from django.core.management import call_command
        from django.db import connections

        from districts.services import dongs_load_geojson

        call_command("migrate", verbosity=0)
        dongs_load_geojson(path=ROOT / "data" / "gwangju-seogu-dongs.geojson", local_government_code="29140")
        if args.only_long_line:
            long_line(workdir, bench_url, args.long_line_mb)
            return 0
        path = Path(workdir) / f"semas-{args.rows}.csv"
        started = time.perf_counter()
        generate(path, args.rows)
        print(f"Generated {args.rows:,} SEMAS rows inside 서구's dongs ({path.stat().st_size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - started:.1f} s")
        copies, firsts, agains, floors, rows_by_row = [], [], [], [], []
        for attempt in range(args.repeat):
            if attempt:
                reset_registry()
            copies.append(copy_baseline(path))
            firsts.append(timed_import(path, "import_stores (first import, with dong assignment)")[0])
            floors.append(copy_into_store_table())
            agains.append(timed_import(path, "import_stores (same file again: nothing written)")[0])
            if args.row_by_row:
                reset_registry()
                rows_by_row.append(timed_import(path, "import_stores, row-by-row path (staged=False)",
                                                staged=False)[0])
        copy_seconds, import_seconds, again_seconds, floor = min(copies), min(firsts), min(agains), min(floors)
        print(f"Best of {args.repeat}: COPY into a bare table {copy_seconds:.3f} s; import {import_seconds:.3f} s; "
              f"second import {again_seconds:.3f} s; COPY into merchants_store {floor:.3f} s")
        print(f"  ratio import / COPY (bare table): {import_seconds / copy_seconds:.1f}x; "
              f"{args.rows / import_seconds:,.0f} rows/s")
        print(f"  ratio import / COPY into merchants_store itself: {import_seconds / floor:.1f}x (target <= 2x)")
        if rows_by_row:
            print(f"  row-by-row path (SQLite's, the PostgreSQL path before staging): {min(rows_by_row):.3f} s, "
                  f"{min(rows_by_row) / import_seconds:.1f}x the staged import")
        print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

        if not args.skip_big:
            reset_registry()
            big = Path(workdir) / f"semas-{args.big_rows}.csv"
            started = time.perf_counter()
            generate(big, args.big_rows, seed=11)
            print(f"Generated {args.big_rows:,} rows ({big.stat().st_size / 1e6:.0f} MB) in "
                  f"{time.perf_counter() - started:.1f} s; importing in a child process")
            big_copy = copy_baseline(big)
            reset_registry()
            report = run_child(big, bench_url, workdir)
            rate = report["rows"] / report["seconds"]
            print(f"  {report['rows']:,} rows imported in {report['seconds']:.1f} s: {rate:,.0f} rows/s "
                  f"(target >= 50,000); peak memory {report['peak_mb']:.0f} MB (Django and libraries alone: "
                  f"{report['baseline_mb']:.0f} MB; target < 300 MB)")
            print(f"  ratio import / COPY of the same file into a bare table: {report['seconds'] / big_copy:.1f}x; "
                  f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        long_line(workdir, bench_url, args.long_line_mb)
    finally:
        from django.db import connections

        connections.close_all()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')
        admin.close()
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
