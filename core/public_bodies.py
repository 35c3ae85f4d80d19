"""Versioned public bodies: what anyone may read (the Onnuri finder, Open311 lists) built once per
government and data version, kept gzipped, answered with ETag/Last-Modified so a repeat visit is a 304.

- The version lives in the database (`PublicDataVersion`), bumped by `bump()` inside the write's own
  transaction: no write depends on Redis, and a rolled-back write bumps nothing.
- A body is keyed by government + name + version + variant (filters, language). It is kept in this
  process (a small LRU) and in the Django cache (shared by the workers); a cache that is down is
  skipped, the body is then built on the spot.
- The stored gzip bytes go out as they are when the client accepts gzip (Content-Encoding is set, so
  TextGZipMiddleware leaves them alone), the identity bytes otherwise.
- HTML pages carry a per-request CSP nonce and CSRF token, so `cached_page` keeps the anonymous page
  with placeholders and fills them in per request; such pages get no ETag (a 304 would bring back a
  stale nonce).
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language

from .demo_flag import holds_demo_data
from .models import PublicDataVersion

logger = logging.getLogger(__name__)

_GZIP = re.compile(r"\bgzip\b")
CACHE_TIMEOUT = 24 * 3600
MEMORY_BYTES = 64 * 1024 * 1024  # per process
NONCE_PLACEHOLDER = "__public-body-csp-nonce__"
CSRF_PLACEHOLDER = "__public-body-csrf-token__"


# --- versions ----------------------------------------------------------------------------------

def _initial_version() -> int:
    # From the clock: a recreated database never reuses a number an old cache entry still holds.
    return int(time.time_ns() // 1000)  # microseconds


def bump(local_government_id: int | None) -> None:
    """Mark the government's public data changed. Call inside the write's transaction."""
    if local_government_id is None:
        return
    now = timezone.now()
    if not PublicDataVersion.objects.filter(pk=local_government_id).update(version=F("version") + 1,
                                                                           changed_at=now):
        _create(local_government_id)


def _create(local_government_id: int) -> None:
    # ON CONFLICT DO NOTHING: two first requests at once both succeed, with no savepoint.
    PublicDataVersion.objects.bulk_create([PublicDataVersion(
        local_government_id=local_government_id, version=_initial_version(), changed_at=timezone.now())],
        ignore_conflicts=True)


def current(local_government_id: int) -> tuple[int, datetime.datetime]:
    """(version, changed_at) of the government's public data (one indexed read)."""
    rows = PublicDataVersion.objects.filter(pk=local_government_id).values_list("version", "changed_at")
    row = rows.first()
    if row is None:
        _create(local_government_id)
        row = rows.first()
    return row


def bump_all() -> None:
    """Every government's public data changed (e.g. the hotline's categories, which all share)."""
    PublicDataVersion.objects.update(version=F("version") + 1, changed_at=timezone.now())


def on_records_changed(sender, *, local_government_id: int, **kwargs) -> None:
    """Receiver of core.signals.records_changed (franchises, stores, districts)."""
    bump(local_government_id)


# --- bodies ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Body:
    identity: bytes
    gzipped: bytes
    content_type: str
    etag: str  # without quotes; the gzip representation adds "-gz"
    last_modified: datetime.datetime

    @property
    def size(self) -> int:
        return len(self.identity) + len(self.gzipped)


class _Memory:
    """A byte-bounded LRU of bodies, per process (three gunicorn workers each keep their own)."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0
        self.items: OrderedDict[str, Body] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def put(self, key: str, body) -> None:
        size = body.size if isinstance(body, Body) else len(body[0]) * 2
        if size > self.limit // 4:
            return
        with self.lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.used -= old.size if isinstance(old, Body) else len(old[0]) * 2
            self.items[key] = body
            self.used += size
            while self.used > self.limit and self.items:
                _key, dropped = self.items.popitem(last=False)
                self.used -= dropped.size if isinstance(dropped, Body) else len(dropped[0]) * 2

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.used = 0


memory = _Memory(MEMORY_BYTES)


def _key(local_government_id: int, name: str, version: int, variant: str) -> str:
    digest = hashlib.sha1(variant.encode()).hexdigest()[:16]
    return f"public-body:{local_government_id}:{name}:{version}:{digest}"


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # a cache that is down degrades to building
        logger.warning("public body cache unreachable on read", exc_info=True)
        return None


def _cache_set(key: str, value) -> None:
    try:
        cache.set(key, value, CACHE_TIMEOUT)
    except Exception:
        logger.warning("public body cache unreachable on write", exc_info=True)


def make_body(identity: bytes, content_type: str, *, version: int, last_modified: datetime.datetime) -> Body:
    digest = hashlib.sha1(identity).hexdigest()[:20]
    # mtime=0: the same bytes give the same gzip in every worker.
    return Body(identity=identity, gzipped=gzip.compress(identity, compresslevel=6, mtime=0),
                content_type=content_type, etag=f"{version}-{digest}", last_modified=last_modified)


def body_of(identity: bytes, content_type: str) -> Body:
    """The Body of bytes kept elsewhere (e.g. the dashboard's cached JSON): its gzip and ETag are made
    once per process and bytes, not per request (compressing 420 KB was 40% of a dashboard request)."""
    key = f"bytes:{len(identity)}:{hash(identity)}"
    body = memory.get(key)
    if body is None or body.identity != identity:  # equal bytes, not only an equal hash
        body = make_body(identity, content_type, version=0, last_modified=timezone.now())
        memory.put(key, body)
    return body


def get_body(*, local_government_id: int, name: str, build: Callable[[], bytes], content_type: str,
             variant: str = "", store: bool = True, not_before: datetime.datetime | None = None) -> Body:
    """The body `name` of the government's current data version, built by `build()` only when no
    process or cache holds it. `variant` names what else the bytes depend on (filters, language);
    store=False for variants too many to keep (a visitor's own location). `not_before`: a body that
    also depends on the clock (a rolling window) is never older than this."""
    version, changed_at = current(local_government_id)  # read before building: a racing write only bumps later
    last_modified = max(changed_at, not_before) if not_before else changed_at
    key = _key(local_government_id, name, version, f"{variant}|{not_before.timestamp() if not_before else ''}")
    if store:
        body = memory.get(key)
        if body is None:
            body = _cache_get(key)
            if isinstance(body, Body):
                memory.put(key, body)
            else:
                body = None
        if body is not None:
            return body
    body = make_body(build(), content_type, version=version, last_modified=last_modified)
    if store:
        memory.put(key, body)
        _cache_set(key, body)
    return body


def _etags(header: str) -> set[str]:
    tags = set()
    for part in header.split(","):
        part = part.strip()
        if part == "*":
            tags.add("*")
            continue
        part = part.removeprefix("W/").strip('"')
        tags.add(part.removesuffix("-gz"))
    return tags


def not_modified(request, body: Body) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only without it."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        tags = _etags(if_none_match)
        return "*" in tags or body.etag in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(body.last_modified.timestamp()) <= since


def accepts_gzip(request) -> bool:
    # Django's GZipMiddleware rule, so the stored gzip goes exactly where the middleware would compress.
    return bool(_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def respond(request, body: Body, *, status: int = 200) -> HttpResponse:
    """The body as a response: 304 on a matching validator, the stored gzip when accepted, else identity."""
    gzipped = accepts_gzip(request)
    etag = quote_etag(body.etag + ("-gz" if gzipped else ""))
    if status == 200 and request.method in ("GET", "HEAD") and not_modified(request, body):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body.gzipped if gzipped else body.identity, status=status,
                                content_type=body.content_type)
        if gzipped:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(body.last_modified.timestamp())
    # no-cache: the browser keeps the body and asks each time; the answer is a 304 while the data stands.
    public = not getattr(getattr(request, "user", None), "is_authenticated", False)
    response["Cache-Control"] = ("public" if public else "private") + ", no-cache"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


# --- anonymous HTML pages ----------------------------------------------------------------------

class _PlaceholderRequest:
    """The request as templates see it while a shared page is rendered: the nonce is a placeholder."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    csp_nonce = NONCE_PLACEHOLDER


def page_is_shareable(request) -> bool:
    """An anonymous GET with no pending message: the page is the same for every such visitor."""
    if request.method != "GET" or request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def cached_page(request, *, local_government_id: int, name: str, render: Callable[[dict], HttpResponse],
                variant: str = "", fills: dict[str, Callable[[], str]] | None = None):
    """`render(extra_context)` once per government, data version, language and full path for
    anonymous visitors (and `variant`, e.g. a clock step for a page that changes with time); the
    nonce and CSRF token are filled in per request, and each placeholder of `fills` with its
    function's value (e.g. a form's signed start time). Logged-in users (and
    anyone with a message waiting) get `render({})` as usual."""
    if not page_is_shareable(request):
        return render({})
    version, _changed = current(local_government_id)
    # The demo banner (base.html) is part of the page: a page kept before seed_demo ran is not reused after.
    demo = holds_demo_data()
    key = _key(local_government_id, name, version, f"{get_language()}|{request.get_full_path()}|{variant}|{demo}")
    entry = memory.get(key)
    if entry is None:
        response = render({"request": _PlaceholderRequest(request), "csrf_token": CSRF_PLACEHOLDER})
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        if hasattr(response, "render"):
            response.render()
        entry = (response.content.decode(response.charset), response["Content-Type"])
        memory.put(key, entry)  # process memory only: full paths are too many for the shared cache
    html, content_type = entry
    if NONCE_PLACEHOLDER in html:
        html = html.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    for placeholder, value in (fills or {}).items():
        html = html.replace(placeholder, escape(value()))
    response = HttpResponse(html, content_type=content_type)
    response["Cache-Control"] = "private, no-cache"
    return response
