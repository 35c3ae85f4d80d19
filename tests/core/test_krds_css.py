"""The KRDS component stylesheet subset (core/krds_css.py): what it keeps, and that it is served and collected."""

import re

from django.contrib.staticfiles import finders

from core import krds_css

CSS = """@charset "UTF-8";
/* a comment { with braces } */
.used { color: red; }
.unused { color: blue; }
.used .unused, .used > a { margin: 0; }
.used:not(.unused):hover { padding: 0; }
[data-krds-mode=high-contrast] .used { color: black; }
@media (max-width: 767px) {
  .unused { display: none; }
  .used::after { content: "} .unused {"; }
}
@media print { .unused { display: none; } }
@keyframes spin { from { transform: rotate(0); } to { transform: rotate(1turn); } }
input[type=radio] { appearance: none; }
/*# sourceMappingURL=component.css.map */
"""


def test_keeps_the_rules_whose_classes_are_all_used():
    text = krds_css.subset(CSS, {"used", "a"})
    assert text.startswith('@charset "UTF-8";')
    assert ".used { color: red;" in text
    assert ".unused { color: blue; }" not in text
    # Of a selector list, only the selectors that can match stay, with their declarations.
    assert re.search(r"(?<![\w-])\.used > a \{ margin: 0;", text)
    assert ".used .unused" not in text
    # A class under :not() is not required; an attribute the pages never set is.
    assert ".used:not(.unused):hover" in text
    assert "data-krds-mode" not in text
    # @media keeps its matching rules; an @media left empty goes; strings are copied, braces and all.
    assert '@media (max-width: 767px) {\n.used::after { content: "} .unused {";' in text
    assert "@media print" not in text
    assert "@keyframes spin" in text and "input[type=radio]" in text
    # Comments go, and the source map (which does not describe the subset) with them.
    assert "/*" not in text and "sourceMappingURL" not in text


def test_required_classes():
    assert krds_css.required_classes(".krds-btn.primary:hover > span") == {"krds-btn", "primary"}
    assert krds_css.required_classes(".tab :is(.a, .b)") == {"tab"}
    assert krds_css.required_classes('[data-krds-mode="theme"] .x') == {"data-krds-mode", "x"}
    assert krds_css.required_classes("a[href$='.pdf']") == set()


def test_the_project_subset_keeps_what_the_templates_use_and_drops_unused_components():
    folder = krds_css.subset_folder()
    text = (folder / krds_css.SUBSET_NAME).read_text(encoding="utf-8")
    full = krds_css.krds_component_css().read_bytes()
    assert len(text.encode()) < len(full) / 3
    for used in (".krds-btn", ".krds-form-select", ".krds-badge", ".krds-pagination", ".krds-table-wrap",
                 ".krds-form-check", "#krds-header", ".krds-main-menu"):
        assert used in text, used
    for unused in (".krds-calendar-area", ".krds-modal", ".krds-accordion"):
        assert unused not in text, unused


def test_the_subset_is_found_and_listed_for_collectstatic():
    found = finders.find(krds_css.SUBSET_PATH)
    assert found and found.endswith("component.css")
    listed = [(path, storage.prefix) for path, storage in krds_css.KrdsSubsetFinder().list([])]
    assert listed == [("component.css", "vendor/krds/css/subset")]


def test_every_url_in_the_subset_resolves_to_a_static_file():
    text = (krds_css.subset_folder() / krds_css.SUBSET_NAME).read_text(encoding="utf-8")
    urls = {u for u in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", text) if not u.startswith(("data:", "#"))}
    assert urls
    for url in urls:
        parts = krds_css.SUBSET_PREFIX.split("/")
        for piece in url.split("?")[0].split("#")[0].split("/"):
            if piece == "..":
                parts.pop()
            elif piece not in ("", "."):
                parts.append(piece)
        assert finders.find("/".join(parts)), url
