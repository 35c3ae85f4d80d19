"""QR codes for the survey posters, made on the server as SVG with segno (pure Python)."""

from __future__ import annotations

import segno
from django.urls import reverse
from django.utils.safestring import mark_safe

ERROR_LEVEL = "m"  # 15% of the code may be damaged (a creased or dirty poster) and it still reads


def survey_path(district) -> str:
    return reverse("perception:survey", args=[district.pk])


def survey_url(request, district) -> str:
    """The survey's absolute URL as the official's browser reaches the site (the public host)."""
    return request.build_absolute_uri(survey_path(district))


def make(url: str):
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def svg(url: str, *, title: str = "", scale: int = 1) -> str:
    """An inline SVG (viewBox only: it scales to its box), black on white with the 4-module quiet zone."""
    # segno escapes the title; the rest is its own path data.
    return mark_safe(make(url).svg_inline(scale=scale, border=4, dark="#000", light="#fff",  # noqa: S308
                                          title=title or None, omitsize=True, svgclass="pc-qr", lineclass=None))


def svg_document(url: str, *, scale: int = 10) -> bytes:
    """A stand-alone SVG file (for print shops and slides)."""
    import io

    buffer = io.BytesIO()
    make(url).save(buffer, kind="svg", scale=scale, border=4, dark="#000", light="#fff", xmldecl=True)
    return buffer.getvalue()
