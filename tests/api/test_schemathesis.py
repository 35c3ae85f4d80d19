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
    # In-process WSGI calls get the body as sent: ask for it uncompressed (the gzip middleware is tested elsewhere).
    return case.call_and_validate(headers={**session.headers, "Accept-Encoding": "identity"})


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


def operation(path, method="GET"):
    return schema[path][method]


def test_real_objects_match_the_schema_for_the_personas_that_may_see_them(wsgi_app, api_world, official,
                                                                           merchant_a, merchant_b):
    """Generated ids rarely name a real object: every object kind, with its nullable fields filled and empty,
    goes through every check here, and the wrong persona gets the documented 404."""
    world = api_world

    def check(path, user, expected, method="GET", **case):
        response = call_as(operation(path, method).Case(**case), user)
        assert response.status_code == expected, (path, case, response.status_code)
        return response

    for store in (world.store, world.bare_store):
        check("/api/stores/{id}/", official, 200, path_parameters={"id": store.pk})
    check("/api/stores/{id}/", merchant_a, 200, path_parameters={"id": world.store.pk})
    check("/api/stores/{id}/", merchant_b, 404, path_parameters={"id": world.store.pk})
    check("/api/stores/", official, 200, query={"needs_review": "false", "page": 1})
    for ticket in (world.ticket, world.bare_ticket):
        body = check("/api/tickets/{id}/", official, 200, path_parameters={"id": ticket.pk}).json()
        assert ("@" in body["reporter_email"]) is (ticket == world.ticket)
    check("/api/tickets/", official, 200, query={"status": "open", "age": "3"})
    check("/api/districts/{id}/", official, 200, path_parameters={"id": world.district.pk})
    check("/api/districts/", official, 200, query={"status": "designated", "stores_min": 0})
    check("/api/dashboard/districts/{id}", official, 404, path_parameters={"id": world.district.pk})  # no month yet
    check("/api/franchises/{id}/", official, 200, path_parameters={"id": world.franchise.pk})
    check("/api/applications/{id}/", merchant_a, 200, path_parameters={"id": world.application.pk})
    check("/api/applications/{id}/", merchant_b, 404, path_parameters={"id": world.application.pk})
    check("/api/applications/{id}/withdraw/", official, 403, method="POST",
          path_parameters={"id": world.application.pk}, body={"message": ""}, media_type="application/json")
    check("/api/applications/{id}/reject/", official, 200, method="POST",
          path_parameters={"id": world.application.pk}, body={"message": "서류 미비"}, media_type="application/json")
    check("/api/applications/{id}/approve/", official, 409, method="POST",
          path_parameters={"id": world.application.pk}, body={"message": ""}, media_type="application/json")
