from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.log import log_response
from django.utils.translation import gettext_lazy as _

from core.request_id import bound_request_id

NULL_CHARACTER_MESSAGE = _("The request contains a NUL character, which no form or search accepts. "
                           "Remove it and send again.")


class KoreanFirstLocaleMiddleware:
    """Korean unless the user chose another language with the switcher (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    English-language browser would get English; a Korean public service shows
    Korean first and lets people switch.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RequestIdMiddleware:
    """Binds a request id for every log line of the request and answers it as `X-Request-ID`.

    A sane id from the proxy (`X-Request-ID`) is kept so proxy and app lines match; otherwise a new one.
    Tasks queued while it is bound carry it (alleydistricts/celery.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with bound_request_id(request.headers.get("X-Request-ID")) as request_id:
            request.request_id = request_id
            response = self.get_response(request)
            response.headers["X-Request-ID"] = request_id
            if response.status_code >= 400:
                # Django logs a returned (not raised) 4xx/5xx after the middleware chain, where the id
                # is no longer bound; log it here, once (log_response marks the response as logged).
                log_response("%s: %s", response.reason_phrase, request.path, response=response, request=request)
            return response


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text bodies only (HTML, JSON, GeoJSON, CSV, JS, SVG...).

    Photos, documents and Excel files are compressed formats already; gzipping them costs CPU
    for nothing. BREACH: Django (>= 4.2) adds up to 100 random bytes to each gzip header
    ("Heal The Breach"), and CsrfViewMiddleware masks the CSRF token anew in every response,
    so a secret on a page never repeats byte for byte (see the GZipMiddleware docs).
    """

    TEXT_TYPES = ("application/json", "application/geo+json", "application/javascript", "application/xml")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        is_text = (content_type.startswith("text/") or content_type in self.TEXT_TYPES
                   or content_type.endswith(("+json", "+xml")))
        if not is_text:
            return response
        return super().process_response(request, response)


def has_null_character(request) -> bool:
    """Whether the path, a query parameter or a form field (name or value) holds a NUL character.

    PostgreSQL refuses NUL in text, so such a value would end in a DataError (500) in any
    query or save; no person types one.
    """
    if "\x00" in request.path:
        return True
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    return any("\x00" in key or any("\x00" in value for value in values)
               for source in sources for key, values in source.lists())


def checks_null_characters(view):
    """Mark a view that answers NUL characters itself (in its own error format)."""
    view.checks_null_characters = True
    return view


class RejectNullCharactersMiddleware:
    """Answer 400 (in Korean) to a request carrying NUL in its path, query or form fields.

    Django forms refuse NUL in CharFields, but hand-read query parameters, choice fields
    looked up by code and filters would pass it to the database. JSON bodies are checked
    by DRF's CharField (ProhibitNullCharactersValidator) and core.jsonlimits.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "checks_null_characters", False) or not has_null_character(request):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(NULL_CHARACTER_MESSAGE)}, status=400)
        body = loader.render_to_string("core/bad_request.html", {"message": NULL_CHARACTER_MESSAGE}, request=request)
        return HttpResponseBadRequest(body)


class ProductErrorPagesInDebugMiddleware:
    """With DEBUG on (`make run`), Django answers a 404 with its technical page (every URL pattern)
    and a crash with the traceback: a developer's view, a dead end to an official or a merchant.
    Here only staff and superusers get those; everyone else gets the product's own 404 and 500
    pages, as in production. The traceback is still logged. A no-op with DEBUG off."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _developer(request) -> bool:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and (user.is_staff or user.is_superuser))

    def __call__(self, request):
        if settings.DEBUG and not self._developer(request):
            from django.urls import Resolver404, get_resolver

            try:  # an unknown URL never reaches a view, so process_exception would not see it
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404:
                from core.views import page_not_found

                return page_not_found(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
        from django.http import Http404

        if not settings.DEBUG or self._developer(request):
            return None
        if isinstance(exception, Http404):
            from core.views import page_not_found

            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django answers these with the product's own pages in DEBUG too
        import logging

        logging.getLogger("django.request").error("Internal Server Error: %s", request.path, exc_info=exception)
        from django.views.defaults import server_error

        return server_error(request)
