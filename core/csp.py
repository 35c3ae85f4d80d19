"""Content-Security-Policy helpers around django-csp.

django-csp puts a per-request nonce on `request.csp_nonce` and adds it to the header
only when something used it. Templates write `nonce="{{ request.csp_nonce }}"`; form
widgets (django-leaflet's map widget renders an inline script) have no request, so
`current_csp_nonce()` hands them the nonce of the request being answered.
"""

from contextvars import ContextVar
from urllib.parse import urlsplit

_current_nonce: ContextVar = ContextVar("csp_nonce", default=None)


def current_csp_nonce():
    """The nonce (lazy) of the request being answered, or None outside a request."""
    return _current_nonce.get()


class CSPNonceContextMiddleware:
    """Makes `request.csp_nonce` reachable from code without the request. Place after CSPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_nonce.set(getattr(request, "csp_nonce", None))
        try:
            return self.get_response(request)
        finally:
            _current_nonce.reset(token)


def tile_source(url_template: str) -> str | None:
    """The CSP source for a Leaflet tile URL template: scheme and host, `{s}.` as a wildcard subdomain.

    >>> tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    'https://*.tile.example.org'
    """
    parts = urlsplit(url_template.replace("{s}.", "subdomain-wildcard."))
    if not parts.scheme or not parts.netloc:
        return None  # a relative template: tiles come from this site ('self')
    host = parts.netloc.replace("subdomain-wildcard.", "*.")
    return f"{parts.scheme}://{host}"
