"""The Content-Security-Policy header: on every page, in production and in DEBUG, with the nonce that
the page's inline scripts carry and the configured tile host."""

import json
import re

import pytest
from django.urls import reverse

from core.csp import tile_source
from tests.core.test_settings import run_python


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_every_page_is_served_with_the_policy(client, seogu):
    policy = directives(client.get(reverse("core:home")))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'" and policy["style-src"][0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert policy["connect-src"] == policy["font-src"] == policy["base-uri"] == policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == policy["object-src"] == ["'none'"]


def test_inline_scripts_carry_the_nonce_of_the_header(official_client, seogu):
    first = official_client.get(reverse("districts:dong_list"))
    nonce = re.search(r"'nonce-([^']+)'", first["Content-Security-Policy"]).group(1)
    html = first.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")([^>]*)>", html)
    assert inline, "the dong map page has inline scripts (its map and django-leaflet's loader)"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline)
    assert ' style="' not in html and " onclick=" not in html
    second = official_client.get(reverse("districts:dong_list"))
    assert re.search(r"'nonce-([^']+)'", second["Content-Security-Policy"]).group(1) != nonce  # per request


def test_the_boundary_widget_script_gets_the_nonce(official_client, seogu):
    response = official_client.get(reverse("districts:district_create"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    assert "L.GeometryField" in html
    widget_script = re.search(r"<script([^>]*)>\s*var geodjango_", html)
    assert widget_script and f'nonce="{nonce}"' in widget_script.group(1)


def test_api_docs_page_runs_no_inline_script(official_client):
    response = official_client.get("/api/docs/")
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert re.search(r"<script>", html) is None
    assert f'<style nonce="{nonce}">' in html
    script = official_client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript") and "SwaggerUIBundle" in script.content.decode()


@pytest.mark.parametrize("template, source", [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tiles.example.kr:8443/{z}/{x}/{y}.png", "https://*.tiles.example.kr:8443"),
    ("/tiles/{z}/{x}/{y}.png", None),
])
def test_tile_source_is_the_scheme_and_host_of_the_template(template, source):
    assert tile_source(template) == source


def test_production_policy_follows_the_configured_tile_host():
    code = ("import json, django; django.setup(); from django.conf import settings as s; "
            "print(json.dumps(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))")
    result = run_python(code, DEBUG="0", SECRET_KEY="k3y-" + "z9Q!x" * 12, ALLOWED_HOSTS="alley.example.kr",
                        MAP_TILES_URL="https://{s}.tiles.example.kr/{z}/{x}/{y}.png")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["'self'", "data:", "https://*.tiles.example.kr"]
