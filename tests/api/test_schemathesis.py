"""schemathesis over /api/schema/ as anonymous, official and merchant, with every check.

Each generated case is sent once per persona, in-process to Django's WSGI application inside the test's
transaction, logged in the way a browser is: the session cookie the schema declares (`cookieAuth`), plus the
CSRF cookie and header that POSTs need. The run is derandomised with a fixed seed and a few examples per
operation, so it is the same on every machine and stays short.
"""

import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings

from .conftest import session_of
from .schema import openapi_dict

# Filters that name an object by id or code (a dong, a district, an industry) are refused with 400 when no
# such object exists: a schema cannot list the ids, so for these a 400 is an acceptable answer to valid data.
REFERENCES_BY_ID = ["/api/stores/", "/api/districts/", "/api/onnuri-stores/", "/api/districts/check/"]

CONFIG = schemathesis.Config.from_dict({
    "seed": 20261203,
    # DRF ignores query parameters it does not know, as most HTTP APIs do: no made-up ones.
    "generation": {"max-examples": 3, "deterministic": True, "database": "none", "allow-extra-parameters": False},
    "operations": [
        {"include-path": path,
         "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "403", "404", "409"]}}}
        for path in REFERENCES_BY_ID
    ],
})

schema = schemathesis.openapi.from_dict(openapi_dict(), config=CONFIG)
schema.app = WSGIHandler()  # in-process, also for the probes checks send on their own (see wsgi_app)


def call_as(case, user):
    """Send `case` as `user` (None: anonymous, keeping whatever cookie schemathesis generated)."""
    session = session_of(user)
    if user is not None and not schema.is_security_param_negated(case):
        case.cookies = {**(case.cookies or {}), **session.cookies}
        case._has_explicit_auth = True  # what schemathesis' own auth providers set: these are real credentials
    case.call_and_validate(headers=session.headers)


@schema.parametrize()
# The world is built once per operation and shared by its examples on purpose: the API mostly reads it,
# and the POSTs that change it (an approval, a withdrawal) are part of what is tested.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_api_contract(case, wsgi_app, api_world, official, merchant_a):
    generated_cookies = dict(case.cookies or {})
    for persona, user in (("anonymous", None), ("official", official), ("merchant", merchant_a)):
        case.cookies = dict(generated_cookies)
        case._has_explicit_auth = False
        try:
            call_as(case, user)
        except Exception as exc:
            exc.add_note(f"persona: {persona}")
            raise


assert django_settings.SESSION_COOKIE_NAME == "sessionid"  # the name the schema's cookieAuth declares
