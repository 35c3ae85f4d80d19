"""Static files as collectstatic sees them: every path the KRDS stylesheets point at is collected."""

import re

from django.conf import settings
from django.contrib.staticfiles.finders import FileSystemFinder

KRDS_CSS = settings.NODE_MODULES / "krds-uiux" / "resources" / "css"


def collected_paths() -> set[str]:
    """What collectstatic copies from STATICFILES_DIRS (the finder's list(), not find())."""
    paths = set()
    for path, storage in FileSystemFinder().list([]):
        prefix = getattr(storage, "prefix", None)
        paths.add(f"{prefix}/{path}" if prefix else path)
    return {p.replace("\\", "/") for p in paths}


def test_krds_icons_are_collected_under_both_paths_the_stylesheets_use():
    paths = collected_paths()
    # common.css: ../../img/component/...; component.css (KRDS 1.1): ../../img/img/component/...
    assert "vendor/krds/img/component/icon/ico_angle.svg" in paths
    assert "vendor/krds/img/img/component/icon/ico_angle.svg" in paths


def test_every_url_in_the_krds_stylesheets_we_load_is_collected():
    paths = collected_paths()
    missing = []
    for css in ("common/common.css", "component/component.css"):
        text = (KRDS_CSS / css).read_text(encoding="utf-8")
        folder = f"vendor/krds/css/{css.rsplit('/', 1)[0]}"
        for url in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", text):
            if url.startswith(("data:", "http", "#")):
                continue
            parts = folder.split("/")
            for piece in url.split("?")[0].split("#")[0].split("/"):
                if piece == "..":
                    parts.pop()
                elif piece not in ("", "."):
                    parts.append(piece)
            if "/".join(parts) not in paths:
                missing.append(f"{css}: {url}")
    assert not missing, missing[:10]


def test_leaflet_markers_load_from_the_static_images_folder_not_from_hashed_css():
    """Under DEBUG=0 leaflet.css is renamed (manifest), so Leaflet cannot guess its image folder."""
    import json

    from django.contrib.staticfiles import finders
    from django.template import Context, Template

    html = Template("{% load leaflet_tags %}{% leaflet_js %}").render(Context())
    image_path = json.loads(re.search(r'id="force-img-path" type="application/json">([^<]+)<', html).group(1))
    assert image_path.startswith(settings.STATIC_URL)
    relative = image_path.removeprefix(settings.STATIC_URL)
    for name in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
        assert finders.find(relative + name), name
