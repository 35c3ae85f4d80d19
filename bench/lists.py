"""Benchmark: the officials' lists /districts/ and /stores/ (and their data endpoints), on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alley .venv/bin/python bench/lists.py [--skip-national]

Two scales, each in its own scratch database (created next to DATABASE_URL's, dropped at the end):
- seed_demo scale: 17,000 stores and 119 districts in 서구's 18 real dongs;
- national scale: 300,000 stores and 799 districts in one government (bulk insert, then ANALYZE).
Each URL is requested through Django's test client as an official of that government (middleware,
session, view, template; no network); the figure is the median of repeated requests, with the body's
size as sent without gzip (identity) and gzipped. Baselines measured in the same run: the raw SQL
of the store page (the rows of page 1 and the total, by psycopg without the ORM), and reading a file
of the same size as the shapes body. After the bulk insert the stores are ANALYZEd and VACUUMed
(the state autovacuum reaches), so a count can be an index-only scan. The store page's plan is
printed (EXPLAIN ANALYZE), and the store list is timed once more with the sort index dropped, to show what it saves.
Targets: /districts/ <= 100 KB; /stores/ and /api/stores/ < 50 ms at 17k stores, < 100 ms at 300k.
"""

import gzip
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _dashboard_common import analyze, load_seogu, median_ms, run_scales, scratch_database, timed  # noqa: E402

SCALES = [("seed_demo", 17_000, 119, 15), ("national", 300_000, 799, 7)]
PAGE_SQL = """SELECT s.id, s.name, s.branch, s.road_address, s.status, s.needs_review, s.owner_id, s.opened_on,
       s.source, i.name, d.name, x.name
  FROM merchants_store s LEFT JOIN merchants_industrycategory i ON i.id = s.industry_id
  LEFT JOIN districts_administrativedong d ON d.id = s.dong_id LEFT JOIN districts_district x ON x.id = s.district_id
 WHERE s.local_government_id = %s ORDER BY s.name, s.id LIMIT 50 OFFSET %s"""


def raw_page(government_id: int, offset: int = 0):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM merchants_store WHERE local_government_id = %s", [government_id])
        cursor.fetchone()
        cursor.execute(PAGE_SQL, [government_id, offset])
        return cursor.fetchall()


def vacuum_stores():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) merchants_store")


def explain(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
        return "\n".join("    " + row[0] for row in cursor.fetchall())


def measure(label, stores, districts, repeat):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from tests.conftest import make_user
    from tests.dashboard import synthetic

    with scratch_database():
        print(f"\n== {label} scale: {stores:,} stores, {districts} districts")
        government = load_seogu()
        made = timed("districts", synthetic.make_districts, government, districts)
        timed("stores (bulk insert)", synthetic.make_stores, government, stores, made)
        timed("ANALYZE", analyze)
        # The steady state autovacuum reaches after a load: the visibility map lets COUNT(*) read the index only.
        timed("VACUUM the stores", vacuum_stores)
        client = Client()
        client.force_login(make_user(f"bench_{label}", role="official", local_government=government))
        page = client.get("/districts/").content.decode()
        shapes = re.search(r'fetch\("([^"]+)"', page).group(1).encode().decode("unicode_escape")
        last_page = (stores + 49) // 50
        urls = [
            ("/districts/", "/districts/"),
            ("shapes (warm)", shapes),
            ("/stores/", "/stores/"),
            (f"/stores/?page={last_page // 2}", f"/stores/?page={last_page // 2}"),
            ("/stores/?sort=-updated", "/stores/?sort=-updated"),
            ("/stores/?q=점포12345", "/stores/?q=%EC%A0%90%ED%8F%AC12345"),
            ("/api/stores/", "/api/stores/"),
            (f"/api/stores/?page={last_page // 2}", f"/api/stores/?page={last_page // 2}"),
        ]
        rows = []
        for name, url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            body = response.content
            rows.append((name, median_ms(lambda url=url: client.get(url), repeat), len(body),
                         len(gzip.compress(body))))

        def cold():
            cache.clear()
            client.get(shapes)

        etag = client.get(shapes)["ETag"]
        rows.append(("shapes (cold: simplified)", median_ms(cold, 3), None, None))
        rows.append(("shapes (304 revisit)", median_ms(lambda: client.get(shapes, HTTP_IF_NONE_MATCH=etag), repeat),
                     0, 0))
        shapes_body = client.get(shapes).content
        with tempfile.NamedTemporaryFile() as handle:
            handle.write(shapes_body)
            handle.flush()
            file_ms = median_ms(lambda: Path(handle.name).read_bytes(), repeat)
        raw_ms = median_ms(lambda: raw_page(government.pk), repeat)
        raw_mid_ms = median_ms(lambda: raw_page(government.pk, (last_page // 2 - 1) * 50), repeat)

        print(f"{'response':<34}{'median':>10}{'identity':>12}{'gzip':>10}")
        for name, ms, size, gz in rows:
            sizes = f"{size / 1024:>10.1f}KB{gz / 1024:>8.1f}KB" if size is not None else ""
            print(f"{name:<34}{ms:>8.1f}ms{sizes}")
        print("baselines (same run):")
        print(f"{'  raw SQL: count + page 1':<34}{raw_ms:>8.1f}ms")
        print(f"{'  raw SQL: count + middle page':<34}{raw_mid_ms:>8.1f}ms")
        print(f"{'  read a file the shapes size':<34}{file_ms:>8.2f}ms")
        timing = {name: ms for name, ms, _size, _gz in rows}
        print(f"ratios: /stores/ = {timing['/stores/'] / raw_ms:.1f}x raw SQL; /api/stores/ = "
              f"{timing['/api/stores/'] / raw_ms:.1f}x raw SQL")
        print("plan of the store page (page 1):")
        print(explain(PAGE_SQL, [government.pk, 0]))
        print("plan of its count:")
        print(explain("SELECT COUNT(*) FROM merchants_store WHERE local_government_id = %s", [government.pk]))
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX store_gov_name_id_idx")
        without = median_ms(lambda: client.get("/stores/"), max(3, repeat // 2))
        print(f"/stores/ without the (local_government, name, id) index: {without:.1f} ms "
              f"({without / timing['/stores/']:.1f}x slower)")
        return rows


def main():
    run_scales("lists", SCALES, measure)


if __name__ == "__main__":
    main()
