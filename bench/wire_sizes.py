"""On-the-wire sizes of the biggest responses, identity against gzip, on the demo data.

    DATABASE_URL=postgres://.../<a database seed_demo filled> .venv/bin/python bench/wire_sizes.py

Goes through the whole middleware stack (Django's test client), as official `official` (서구) for
the dashboard and district pages and anonymously for the public finder's API. gzip sizes vary by
up to 100 bytes between requests (Heal The Breach random bytes). Reads only; on a database without
the demo it says so and stops.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alleydistricts.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

ENDPOINTS = [
    ("dashboard `districts.geojson`", "/api/dashboard/districts.geojson", True),
    ("dashboard `stores.json`", "/api/dashboard/stores.json", True),
    ("`/api/onnuri-stores/`", "/api/onnuri-stores/", False),
    ("`/districts/` (HTML list)", "/districts/", True),
]


def main():
    official = get_user_model().objects.filter(username="official").first()
    if official is None:
        print("needs the demo data: run `python manage.py seed_demo` on this database first")
        return
    print("| response | identity | gzip | ratio |\n|---|---|---|---|")
    for label, url, needs_login in ENDPOINTS:
        client = Client()
        if needs_login:
            client.force_login(official)
        plain = client.get(url)
        zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert plain.status_code == zipped.status_code == 200, (url, plain.status_code, zipped.status_code)
        assert zipped.get("Content-Encoding") == "gzip", url
        plain_size, zipped_size = len(plain.content), len(zipped.content)
        print(f"| {label} | {plain_size / 1024:,.0f} KB | {zipped_size / 1024:,.0f} KB "
              f"| {plain_size / zipped_size:.1f}x |")


if __name__ == "__main__":
    main()
