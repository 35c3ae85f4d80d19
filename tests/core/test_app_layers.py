"""Arrows between apps run one way: an app imports only apps of its own layer or below it.

The source of every project app (every folder with an apps.py, migrations left out: their history
names whatever the models were) is parsed, and each `import x` / `from x import y`, at the top of a
module or inside a function, is checked against LAYERS. The dashboard is at the top: no app
imports it (apps plug into it through their dashboard_blocks.py, and ask for aggregation through
core.signals). A new app goes into LAYERS, or this test fails and says so.
"""

import ast
from pathlib import Path

from django.conf import settings

# Bottom to top. Apps of one layer may import each other; an app never imports a layer above its own.
LAYERS: list[set[str]] = [
    {"core"},
    {"privacy", "exports"},  # access log and export jobs: services every app below the domain uses
    {"accounts"},
    {"districts"},
    {"merchants"},
    {"giftcerts", "hotline", "sales"},
    {"associations", "projects", "perception", "consent"},  # the later areas, above the records they read
    {"dashboard"},
]

# Upward imports that were there before this test, each named by its file (so no other module of the app
# may add one). Remove an entry when its import goes; never add one for new code: move the shared thing
# down to the lower app (or core), or send a signal from core.signals instead.
KNOWN_UPWARD_IMPORTS = {
    ("core/context_processors.py", "districts"),  # the default government of the header
    ("core/templatetags/ui.py", "districts"),
    ("core/templatetags/ui.py", "merchants"),  # the business number's display format
    ("core/demo.py", "districts"),  # the demo's first steps: governments, dongs and accounts
    ("core/demo.py", "merchants"),
    ("accounts/forms.py", "districts"),  # an official's local government
    ("accounts/middleware.py", "districts"),
    ("districts/demo.py", "merchants"),  # districts are carved out of the stores
    ("districts/selectors.py", "merchants"),
    ("districts/services.py", "merchants"),
}

NOT_AN_APP = {"alleydistricts"}  # the project package: settings, root URLs and the Celery app, above every app


def layer_of() -> dict[str, int]:
    return {app: index for index, layer in enumerate(LAYERS) for app in layer}


def project_apps(root: Path) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/apps.py") if p.parent.name not in NOT_AN_APP)


def imported_apps(path: Path, apps: set[str]) -> set[str]:
    """The project apps a module imports (absolute imports; relative ones stay inside its own app)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & apps
    return found


def upward_imports(root: Path) -> list[tuple[str, str, str]]:
    """(file, its app, the app above it that it imports) for every import against the layers."""
    layers = layer_of()
    apps = set(project_apps(root))
    found = []
    for app in sorted(apps):
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.relative_to(root / app).parts:
                continue
            for other in sorted(imported_apps(path, apps) - {app}):
                if layers[other] > layers[app]:
                    found.append((path.relative_to(root).as_posix(), app, other))
    return found


def test_every_project_app_has_a_layer():
    root = Path(settings.BASE_DIR)
    missing = [app for app in project_apps(root) if app not in layer_of()]
    assert missing == [], f"add {missing} to LAYERS in {Path(__file__).name}"
    assert "sales" in project_apps(root) and "dashboard" in project_apps(root)


def test_no_app_imports_an_app_above_it():
    root = Path(settings.BASE_DIR)
    new = [(path, app, other) for path, app, other in upward_imports(root)
           if (path, other) not in KNOWN_UPWARD_IMPORTS]
    assert new == [], "\n".join(f"{path} ({app}) imports {other}, a layer above it" for path, app, other in new)


def test_nothing_outside_the_dashboard_imports_it():
    root = Path(settings.BASE_DIR)
    apps = set(project_apps(root))
    importers = sorted(path.relative_to(root).as_posix()
                       for app in apps - {"dashboard"} for path in (root / app).rglob("*.py")
                       if "dashboard" in imported_apps(path, apps))
    assert importers == []


def test_the_check_finds_an_upward_import(tmp_path):
    """The walk itself: a lower app importing the dashboard, in a function, is caught; a relative import is not."""
    for app in ("merchants", "dashboard", "sales"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "apps.py").write_text("")
    (tmp_path / "merchants" / "sales_views.py").write_text(
        "from . import models\n\ndef view():\n    from dashboard.models import MetricSnapshot\n")
    (tmp_path / "sales" / "selectors.py").write_text("import merchants.models\nfrom .models import SalesReport\n")
    (tmp_path / "dashboard" / "metrics.py").write_text("from sales import selectors\n")
    assert upward_imports(tmp_path) == [("merchants/sales_views.py", "merchants", "dashboard")]
