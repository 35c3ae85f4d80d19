"""The trend over quarters as an accessible SVG drawn on the server (no script), with a table twin.

The SVG is `role="img"` with a title and a description that says the figures are in the table
that follows it; every text in it is escaped. Quarters whose figures are suppressed (n < 10)
break the line and show no point.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import periods

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 36, 16, 44
SCALE_MIN, SCALE_MAX = 1.0, 5.0


def _f(value: float) -> str:
    return f"{value:.1f}"


def _y(value: float) -> float:
    return TOP + (SCALE_MAX - value) / (SCALE_MAX - SCALE_MIN) * (HEIGHT - TOP - BOTTOM)


def trend_svg(points, *, title: str, description: str, chart_id: str) -> str:
    """points: [(quarter, Summary)], oldest first."""
    if not points:
        return ""
    count = len(points)
    step = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)

    def x(index: int) -> float:
        return LEFT + (index * step if count > 1 else (WIDTH - LEFT - RIGHT) / 2)

    parts = [format_html('<svg class="pc-trend" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
                         'id="{}" preserveAspectRatio="xMidYMid meet">', WIDTH, HEIGHT, chart_id, chart_id, chart_id),
             format_html('<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>', chart_id, title, chart_id,
                         description)]
    for level in range(1, 6):  # grid and the scale
        parts.append(format_html('<line class="pc-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                                 '<text class="pc-axis" x="{}" y="{}" text-anchor="end">{}</text>',
                                 LEFT, WIDTH - RIGHT, _f(_y(level)), _f(_y(level)), LEFT - 8, _f(_y(level) + 4),
                                 level))
    segments, current = [], []
    for index, (quarter, summary) in enumerate(points):
        if summary.suppressed or summary.mean is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append((x(index), _y(summary.mean)))
        label_every = 1 if count <= 8 else 2
        if index % label_every == 0 or index == count - 1:
            parts.append(format_html('<text class="pc-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                                     _f(x(index)), HEIGHT - BOTTOM + 20, periods.quarter_key(quarter)))
        if not summary.suppressed and summary.has_interval:  # the 95% interval as an error bar
            parts.append(format_html('<line class="pc-ci" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                                     _f(x(index)), _f(x(index)), _f(_y(max(summary.low, SCALE_MIN))),
                                     _f(_y(min(summary.high, SCALE_MAX)))))
    if current:
        segments.append(current)
    for segment in segments:
        if len(segment) > 1:
            parts.append(format_html('<polyline class="pc-line" points="{}"/>',
                                     " ".join(f"{px:.1f},{py:.1f}" for px, py in segment)))
        for px, py in segment:
            parts.append(format_html('<circle class="pc-point" cx="{}" cy="{}" r="4"/>', _f(px), _f(py)))
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part is format_html output
