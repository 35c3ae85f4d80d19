"""Numbers as the dashboard shows them (Korean first): counts, percentages, won."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HUNDRED_MILLION = 100_000_000

# The indicators the map can colour districts by: key, label, kind of number, colour scheme.
# The first is the map's default.
INDICATORS = [
    ("franchise_rate_eligible", gettext_lazy("Franchise rate (of stores that may join)"), "percent", "sequential"),
    ("franchise_rate", gettext_lazy("Franchise rate (of all open stores)"), "percent", "sequential"),
    ("onnuri_share", gettext_lazy("Onnuri share of sales"), "percent", "sequential"),
    ("sales_yoy", gettext_lazy("Sales growth year on year"), "signed_percent", "diverging"),
    ("open_stores", gettext_lazy("Open stores"), "count", "sequential"),
    ("closures", gettext_lazy("Closures"), "count", "warning"),
]


def count(value) -> str:
    if value is None:
        return "-"
    return _("%(count)s stores") % {"count": intcomma(int(value))}


def number(value) -> str:
    return "-" if value is None else intcomma(int(value))


def percent(value, *, signed: bool = False, digits: int = 1) -> str:
    if value is None:
        return "-"
    scaled = round(value * 100, digits) or 0.0  # no "-0.0%"
    return f"{scaled:+.{digits}f}%" if signed else f"{scaled:.{digits}f}%"


def won_compact(value) -> str:
    """Large sums in 억 원 (hundreds of millions): 493,485,762,248 -> '4,935억 원'."""
    if value is None:
        return "-"
    if abs(value) >= HUNDRED_MILLION:
        return _("%(amount)s hundred million won") % {"amount": intcomma(round(value / HUNDRED_MILLION))}
    return _("%(amount)s won") % {"amount": intcomma(int(value))}


def rounded(value, digits: int = 4):
    return None if value is None else round(value, digits)


# An app's map layer format (extensions.MAP_LAYERS) as the kind of number the scripts format.
LAYER_KINDS = {"percent": "percent", "number": "count", "score": "score", "won": "won"}


def indicator_definitions() -> list[dict]:
    """The map's indicators: its own, then the apps' layers (marked "layer": True)."""
    from .extensions import map_layers

    own = [{"key": key, "label": str(label), "kind": kind, "scheme": scheme}
           for key, label, kind, scheme in INDICATORS]
    return own + [{"key": layer["key"], "label": layer["label"], "kind": LAYER_KINDS[layer["format"]],
                   "scheme": "sequential", "layer": True} for layer in map_layers()]
