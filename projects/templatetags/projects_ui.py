from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

BADGES = {"planned": "bg-light-primary", "running": "bg-light-warning", "finished": "bg-light-success",
          "cancelled": "bg-light-gray", "in_progress": "bg-light-warning", "done": "bg-light-success"}


@register.simple_tag
def status_badge(record):
    """A KRDS badge with the status in words (colour is never the only signal)."""
    return format_html('<span class="krds-badge {} app-status">{}</span>', BADGES.get(record.status, "bg-light-gray"),
                       record.get_status_display())


@register.inclusion_tag("projects/_progress.html")
def progress_bar(percent, label=""):
    """A <progress> with its value in words beside it (and for screen readers, in its label)."""
    text = _("No milestones") if percent is None else _("%(percent)d%% done") % {"percent": percent}
    return {"percent": percent, "text": text, "label": label}
