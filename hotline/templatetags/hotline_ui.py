from django import template
from django.utils.html import format_html

register = template.Library()

STATUS_BADGES = {
    "received": "bg-light-primary",
    "assigned": "bg-light-information",
    "in_progress": "bg-light-warning",
    "resolved": "bg-light-success",
    "rejected": "bg-light-danger",
    "merged": "bg-light-gray",
}


@register.simple_tag
def status_badge(ticket):
    """A KRDS badge with the ticket's status in words (colour is never the only signal)."""
    return format_html('<span class="krds-badge {} app-status app-status-{}">{}</span>',
                       STATUS_BADGES.get(ticket.status, "bg-light-gray"), ticket.status, ticket.get_status_display())


@register.filter
def days(value):
    """1.5 -> '1.5'; None -> '-'."""
    if value is None:
        return "-"
    return f"{value:g}"
