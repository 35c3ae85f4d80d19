"""Template helpers for the Onnuri pages."""

from django import template

from ..models import CertificateKind

register = template.Library()

BADGE_CLASSES = {
    "draft": "bg-light-gray",
    "submitted": "bg-light-primary",
    "supplement_requested": "bg-light-warning",
    "approved": "bg-light-success",
    "rejected": "bg-light-danger",
    "withdrawn": "bg-light-gray",
    "active": "bg-light-success",
    "expired": "bg-light-gray",
    "cancelled": "bg-light-danger",
    "scheduled": "bg-light-primary",
}


@register.filter
def badge_class(status: str) -> str:
    return BADGE_CLASSES.get(status, "bg-light-gray")


@register.filter
def kind_labels(kinds) -> str:
    """['paper', 'card'] -> '지류, 카드' (in the active language)."""
    return ", ".join(str(CertificateKind(k).label) for k in kinds or [] if k in CertificateKind.values)


@register.filter
def mobile(digits: str) -> str:
    from ..session_services import format_mobile

    return format_mobile(digits or "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def distance(metres) -> str:
    """820 -> '820 m', 2350 -> '2.4 km'."""
    if metres in (None, ""):
        return ""
    metres = float(metres)
    return f"{metres / 1000:.1f} km" if metres >= 1000 else f"{metres:.0f} m"


@register.filter
def kind_label(kind: str) -> str:
    return str(CertificateKind(kind).label) if kind in CertificateKind.values else kind
