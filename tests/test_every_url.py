"""Every named URL of the project, opened by every persona (issue 17).

One small world (a district, stores, a claim, imports, applications with documents, a franchise, an
info session, a hotline ticket with a photo, an export job, aggregated dashboard months) is built once
for this module; each (URL, persona) pair is a test that GETs the URL and compares the outcome with
the explicit table `EXPECTED` below. The table is the access policy written down: a change in who may
see what fails here until the table is changed with it.

Outcomes:
    OK      2xx, or a 3xx that is not a redirect to a login page
    LOGIN   a redirect to the login page (the site's, or the admin's for admin and staff-only pages)
    DENY    403 or 404 (officials of another government get 404 by design, see accounts/permissions.py)
    M405    405: the view answers POST only (or another method); its POST side is in POST_EXPECTED

Personas (columns, in this order):
    anon            not logged in
    owner           merchant A: owns the stores, the claim, the applications, the documents, the ticket
    merchant_b      another merchant
    official        an official of 광주 서구 (29140), the government every record belongs to
    official_bukgu  an official of 광주 북구 (29170)
    admin           a superuser who has not chosen a government: the README says superusers belong to no
                    government, so the officials' pages refuse them (403) until they pick one
    admin_as_seogu  the same superuser after choosing 서구 in the switcher (/accounts/government/):
                    for the session an official of 서구 (ActingGovernmentMiddleware)

`POST_EXPECTED` lists the state-changing URLs: each persona that must not act POSTs there and gets
LOGIN/DENY, and every table of the project's apps is unchanged afterwards.

`test_every_named_url_has_an_expectation` fails when a URL is added without a row here (or a row
names a URL that no longer exists); `SKIPPED` says why the few URLs without a row have none.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import GWANGJU_DONGS, SEOGU_DONGS, make_user
from tests.factories import DistrictFactory, FranchiseFactory, SalesReportFactory, StoreFactory

# Every test here uses the database (pytest-django sets up the test database only for such tests).
pytestmark = pytest.mark.django_db

PERSONAS = ("anon", "owner", "merchant_b", "official", "official_bukgu", "admin", "admin_as_seogu")

OK, LOGIN, DENY, M405 = "OK", "LOGIN", "DENY", "M405"
_ = None  # in POST_EXPECTED: a persona that may do this (not POSTed here)

# The named URLs with no row in EXPECTED, and why.
SKIPPED_NAMESPACES = {
    "admin": "Django's admin (about 170 generated changelist/add/change/delete/history pages): one gate, "
             "AdminSite.has_permission (is_active and is_staff), for every page; only the superuser is staff "
             "among the personas. The rows 'admin:index', 'admin:login' and the changelists of the personal "
             "records below stand for the whole site.",
}
SKIPPED: dict[str, str] = {
    # Named URLs outside the admin namespace that are not tested here: none at the moment. (Static and
    # media files have no named URL: whitenoise serves static files, private media go through the
    # permission-checked views below.)
}

# fmt: off
#                                                      anon   owner  m_b    off    bukgu  admin  admin_as_seogu
EXPECTED: dict[str, tuple[str, ...]] = {
    # --- public pages, accounts, i18n --------------------------------------------------------------
    "core:home":                                     (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "healthz":                                       (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "accounts:login":                                (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # Django 5's LogoutView answers POST only.
    "accounts:logout":                               (M405,  M405,  M405,  M405,  M405,  M405,  M405),
    "accounts:password_reset":                       (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "accounts:password_reset_done":                  (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "accounts:password_reset_confirm":               (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "accounts:password_reset_complete":              (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "accounts:password_change":                      (LOGIN, OK,    OK,    OK,    OK,    OK,    OK),
    "accounts:password_change_done":                 (LOGIN, OK,    OK,    OK,    OK,    OK,    OK),
    "accounts:session_keepalive":                    (M405,  M405,  M405,  M405,  M405,  M405,  M405),
    "accounts:acting_government":                    (LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    OK),
    # staff_member_required: anyone who is not staff is sent to the admin's login page.
    "accounts:lockouts":                             (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, OK,    OK),
    "set_language":                                  (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "javascript-catalog":                            (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "admin:index":                                   (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, OK,    OK),
    "admin:login":                                   (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "admin:accounts_user_changelist":                (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, OK,    OK),
    "admin:giftcerts_franchiseapplication_changelist": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, OK,  OK),
    "admin:hotline_ticket_changelist":               (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, OK,    OK),
    "admin:privacy_accesslog_changelist":            (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, OK,    OK),
    # --- districts (officials; another government's district is a 404) ----------------------------
    "districts:district_list":                       (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "districts:district_create":                     (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "districts:district_export_xlsx":                (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    # A fetch() from the maps: 403 rather than the login page; another government's code is a 404.
    "districts:district_shapes":                     (DENY,  DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "districts:district_export_geojson":             (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "districts:district_detail":                     (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "districts:district_update":                     (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    # official_required runs before require_POST: any official's GET is a 405, before the scoping.
    "districts:district_submit":                     (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "districts:district_designate":                  (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "districts:district_amend":                      (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "districts:district_revoke":                     (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "districts:district_notice":                     (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "districts:district_boundary_geojson":           (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "districts:district_event_boundary_geojson":     (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "districts:dong_list":                           (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "districts:dong_detail":                         (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    # --- merchant consent (officials of the district's government; the signed form likewise) ---------
    "consent:district":                              (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "consent:record":                                (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "consent:withdraw":                              (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "consent:file":                                  (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    # --- sales ---------------------------------------------------------------------------------------
    "sales:my_sales":                                (LOGIN, OK,    OK,    DENY,  DENY,  DENY,  DENY),
    "sales:report":                                  (LOGIN, OK,    DENY,  DENY,  DENY,  DENY,  DENY),
    "sales:import":                                  (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "sales:import_template":                         (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "sales:import_detail":                           (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "sales:import_status":                           (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "sales:import_errors":                           (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "sales:import_cancel":                           (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "sales:import_retry":                            (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    # --- stores: officials' pages --------------------------------------------------------------------
    "merchants:store_list":                          (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "merchants:store_export":                        (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "merchants:store_detail":                        (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "merchants:store_edit":                          (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "merchants:store_close":                         (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "merchants:store_reopen":                        (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "merchants:claim_queue":                         (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "merchants:claim_approve":                       (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "merchants:claim_reject":                        (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    # The claimant's certificate: the claimant and the store's officials; 404 for anyone else.
    "merchants:claim_evidence":                      (DENY,  OK,    DENY,  OK,    DENY,  DENY,  OK),
    "merchants:import_list":                         (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "merchants:import_detail":                       (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "merchants:import_status":                       (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "merchants:import_cancel":                       (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "merchants:import_retry":                        (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "merchants:import_report":                       (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    # --- stores: merchants' pages --------------------------------------------------------------------
    # Sign-up sends a logged-in user home (a redirect, so OK).
    "merchants:signup":                              (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "merchants:my_stores":                           (LOGIN, OK,    OK,    DENY,  DENY,  DENY,  DENY),
    "merchants:my_store_detail":                     (LOGIN, OK,    DENY,  DENY,  DENY,  DENY,  DENY),
    "merchants:my_store_edit":                       (LOGIN, OK,    DENY,  DENY,  DENY,  DENY,  DENY),
    "merchants:find_store":                          (LOGIN, OK,    OK,    DENY,  DENY,  DENY,  DENY),
    # Any merchant may ask to claim an open store (an official or the tax service confirms it).
    "merchants:claim_create":                        (LOGIN, OK,    OK,    DENY,  DENY,  DENY,  DENY),
    # The photo: its owner and its government's officials; 404 for anyone else.
    "merchants:store_photo":                         (DENY,  OK,    DENY,  OK,    DENY,  DENY,  OK),
    # --- Onnuri: public ------------------------------------------------------------------------------
    "giftcerts:finder":                              (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "giftcerts:session_list":                        (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # Public pages show the default government (서구); a 북구 official sees 북구's own sessions only.
    "giftcerts:session_detail":                      (OK,    OK,    OK,    OK,    DENY,  OK,    OK),
    # --- Onnuri: merchants ---------------------------------------------------------------------------
    "giftcerts:my_applications":                     (LOGIN, OK,    OK,    DENY,  DENY,  DENY,  DENY),
    "giftcerts:apply":                               (LOGIN, OK,    DENY,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:application_detail":                  (LOGIN, OK,    DENY,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:application_save":                    (LOGIN, M405,  M405,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:document_upload":                     (LOGIN, M405,  M405,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:document_delete":                     (LOGIN, M405,  M405,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:application_submit":                  (LOGIN, M405,  M405,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:application_resubmit":                (LOGIN, M405,  M405,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:application_withdraw":                (LOGIN, M405,  M405,  DENY,  DENY,  DENY,  DENY),
    # A document: its applicant and the store's officials; 404 for anyone else.
    "giftcerts:document_file":                       (DENY,  OK,    DENY,  OK,    DENY,  DENY,  OK),
    # --- Onnuri: officials ---------------------------------------------------------------------------
    "giftcerts:review_queue":                        (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "giftcerts:bulk_approve":                        (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "giftcerts:review_detail":                       (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "giftcerts:review_approve":                      (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "giftcerts:review_supplement":                   (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "giftcerts:review_reject":                       (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "giftcerts:franchise_list":                      (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "giftcerts:franchise_detail":                    (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "giftcerts:franchise_cancel":                    (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "giftcerts:document_settings":                   (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "giftcerts:session_create":                      (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "giftcerts:session_edit":                        (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "giftcerts:session_attendance":                  (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "giftcerts:session_export":                      (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "giftcerts:outreach_list":                       (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "giftcerts:outreach_export":                     (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "giftcerts:outreach_visit":                      (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    # --- dashboard (each official sees their own government's figures) -----------------------------
    "dashboard:index":                               (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "dashboard:wall":                                (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "dashboard:impact":                              (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "dashboard:export":                              (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "dashboard:panels":                              (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "dashboard:aggregate":                           (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    # --- hotline: public (the tracking link is the key to its ticket, whoever holds it) -------------
    "hotline:report":                                (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "hotline:store_search":                          (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "hotline:track":                                 (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "hotline:track_detail":                          (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "hotline:photo_for_holder":                      (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "hotline:my_tickets":                            (LOGIN, OK,    OK,    DENY,  DENY,  DENY,  DENY),
    # --- hotline: officials --------------------------------------------------------------------------
    "hotline:queue":                                 (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "hotline:ticket_detail":                         (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "hotline:ticket_action":                         (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "hotline:photo":                                 (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "hotline:stats":                                 (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    # --- perception: the survey is public; the results, posters and export are the officials' ----------
    "perception:index":                              (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "perception:survey":                             (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "perception:thanks":                             (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "perception:results":                            (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "perception:export":                             (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "perception:district_results":                   (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "perception:poster":                             (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "perception:qr_code":                            (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    # --- Open311 GeoReport v2 (public; the default government's tickets, without contact data) -----
    "open311:services":                              (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "open311:requests":                              (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "open311:request":                               (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # --- privacy -------------------------------------------------------------------------------------
    "privacy:policy":                                (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "privacy:access_log_review":                     (LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    OK),
    "privacy:access_log_export":                     (LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    OK),
    # --- special projects (officials; another government's project is a 404) -------------------------
    "projects:project_list":                         (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "projects:project_export":                       (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "projects:project_create":                       (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "projects:project_detail":                       (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "projects:project_update":                       (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "projects:project_status":                       (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "projects:milestone_add":                        (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "projects:milestone_status":                     (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "projects:photo_add":                            (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "projects:photo":                                (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "projects:figure_add":                           (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    # --- background exports (the job of the 서구 official; administrators see every job) -------------
    "exports:job":                                   (LOGIN, DENY,  DENY,  OK,    DENY,  OK,    OK),
    "exports:job_status":                            (LOGIN, DENY,  DENY,  OK,    DENY,  OK,    OK),
    "exports:job_download":                          (LOGIN, DENY,  DENY,  OK,    DENY,  OK,    OK),
    # --- merchant associations (officials; another government's association is a 404) ---------------
    "associations:list":                             (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "associations:export":                           (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "associations:create":                           (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "associations:detail":                           (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "associations:edit":                             (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "associations:status":                           (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "associations:member_add":                       (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "associations:member_remove":                    (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "associations:officer_add":                      (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "associations:officer_end":                      (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "associations:meeting_add":                      (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    "associations:proposal_queue":                   (LOGIN, DENY,  DENY,  OK,    OK,    DENY,  OK),
    "associations:proposal_detail":                  (LOGIN, DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "associations:proposal_decide":                  (LOGIN, DENY,  DENY,  M405,  M405,  DENY,  M405),
    # Minutes: the government's officials and the association's current officers (merchant A); 404 otherwise.
    "associations:meeting_minutes":                  (LOGIN, OK,    DENY,  OK,    DENY,  DENY,  OK),
    "associations:proposal_minutes":                 (LOGIN, OK,    DENY,  OK,    DENY,  DENY,  OK),
    # Officers' pages: merchant A is the association's president; another merchant gets 403/404.
    "associations:my_list":                          (LOGIN, OK,    DENY,  DENY,  DENY,  DENY,  DENY),
    "associations:my_detail":                        (LOGIN, OK,    DENY,  DENY,  DENY,  DENY,  DENY),
    "associations:my_propose":                       (LOGIN, M405,  M405,  DENY,  DENY,  DENY,  DENY),
    "associations:my_withdraw":                      (LOGIN, M405,  M405,  DENY,  DENY,  DENY,  DENY),
    # --- API (session authentication: anonymous gets 403, not a login redirect) ---------------------
    "districts_api:dongs":                           (DENY,  OK,    OK,    OK,    OK,    OK,    OK),
    "districts_api:district_list":                   (DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    "districts_api:district_check":                  (DENY,  DENY,  DENY,  M405,  M405,  DENY,  M405),
    "districts_api:district_boundary_from_stores":   (DENY,  DENY,  DENY,  M405,  M405,  DENY,  M405),
    "districts_api:district_store_picker":           (DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    "districts_api:district_detail":                 (DENY,  DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "merchants_api:store-list":                      (DENY,  OK,    OK,    OK,    OK,    DENY,  OK),
    "merchants_api:store-detail":                    (DENY,  OK,    DENY,  OK,    DENY,  DENY,  OK),
    "giftcerts_api:onnuri-stores":                   (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "giftcerts_api:application-list":                (DENY,  OK,    OK,    OK,    OK,    DENY,  OK),
    "giftcerts_api:application-detail":              (DENY,  OK,    DENY,  OK,    DENY,  DENY,  OK),
    "giftcerts_api:application-approve":             (DENY,  DENY,  DENY,  M405,  M405,  DENY,  M405),
    "giftcerts_api:application-reject":              (DENY,  DENY,  DENY,  M405,  M405,  DENY,  M405),
    "giftcerts_api:application-request-supplement":  (DENY,  DENY,  DENY,  M405,  M405,  DENY,  M405),
    "giftcerts_api:application-submit":              (DENY,  M405,  M405,  DENY,  DENY,  DENY,  DENY),
    "giftcerts_api:application-withdraw":            (DENY,  M405,  M405,  DENY,  DENY,  DENY,  DENY),
    "giftcerts_api:franchise-list":                  (DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    "giftcerts_api:franchise-detail":                (DENY,  DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "dashboard_api:districts":                       (DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    "dashboard_api:stores":                          (DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    "dashboard_api:kpis":                            (DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    "dashboard_api:trends":                          (DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    "dashboard_api:breakdowns":                      (DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    "dashboard_api:district":                        (DENY,  DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "hotline_api:stats":                             (DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    "hotline_api:ticket-list":                       (DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    "hotline_api:ticket-detail":                     (DENY,  DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "api-schema":                                    (OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "api-docs":                                      (OK,    OK,    OK,    OK,    OK,    OK,    OK),
}

# State-changing URLs, POSTed by every persona that must not act (None: a persona that may; not POSTed).
#                                                      anon   owner  m_b    off    bukgu  admin  admin_as_seogu
POST_EXPECTED: dict[str, tuple[str | None, ...]] = {
    "districts:district_create":                     (LOGIN, DENY,  DENY,  _,     _,     DENY,  _),
    "districts:district_update":                     (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "districts:district_submit":                     (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "districts:district_designate":                  (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "districts:district_amend":                      (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "districts:district_revoke":                     (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "consent:district":                              (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "consent:record":                                (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "consent:withdraw":                              (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "sales:report":                                  (LOGIN, _,     DENY,  DENY,  DENY,  DENY,  DENY),
    "sales:import_cancel":                           (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "sales:import_retry":                            (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "merchants:store_edit":                          (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "merchants:store_close":                         (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "merchants:claim_approve":                       (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "merchants:claim_reject":                        (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "merchants:import_cancel":                       (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "merchants:import_retry":                        (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "merchants:my_store_edit":                       (LOGIN, _,     DENY,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:apply":                               (LOGIN, _,     DENY,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:application_save":                    (LOGIN, _,     DENY,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:document_upload":                     (LOGIN, _,     DENY,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:document_delete":                     (LOGIN, _,     DENY,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:application_submit":                  (LOGIN, _,     DENY,  DENY,  DENY,  DENY,  DENY),
    "giftcerts:application_withdraw":                (LOGIN, _,     DENY,  DENY,  DENY,  DENY,  DENY),
    # A list of ids, not one record: another government's official is sent back to their queue, where the
    # id is refused in the words used for an id that does not exist (giftcerts.services).
    "giftcerts:bulk_approve":                        (LOGIN, DENY,  DENY,  _,     OK,    DENY,  _),
    "giftcerts:review_approve":                      (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "giftcerts:review_supplement":                   (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "giftcerts:review_reject":                       (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "giftcerts:franchise_cancel":                    (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "giftcerts:session_edit":                        (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "giftcerts:session_attendance":                  (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "giftcerts:outreach_visit":                      (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "dashboard:aggregate":                           (LOGIN, DENY,  DENY,  _,     _,     DENY,  _),
    "hotline:ticket_action":                         (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "projects:project_create":                       (LOGIN, DENY,  DENY,  _,     _,     DENY,  _),
    "projects:project_update":                       (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "projects:project_status":                       (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "projects:milestone_add":                        (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "projects:milestone_status":                     (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "projects:photo_add":                            (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "projects:figure_add":                           (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "privacy:access_log_export":                     (LOGIN, DENY,  DENY,  DENY,  DENY,  _,     _),
    "associations:create":                           (LOGIN, DENY,  DENY,  _,     _,     DENY,  _),
    "associations:edit":                             (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "associations:status":                           (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "associations:member_add":                       (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "associations:member_remove":                    (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "associations:officer_add":                      (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "associations:officer_end":                      (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "associations:meeting_add":                      (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "associations:proposal_decide":                  (LOGIN, DENY,  DENY,  _,     DENY,  DENY,  _),
    "associations:my_propose":                       (LOGIN, _,     DENY,  DENY,  DENY,  DENY,  DENY),
    "associations:my_withdraw":                      (LOGIN, _,     DENY,  DENY,  DENY,  DENY,  DENY),
    "giftcerts_api:application-approve":             (DENY,  DENY,  DENY,  _,     DENY,  DENY,  _),
    "giftcerts_api:application-reject":              (DENY,  DENY,  DENY,  _,     DENY,  DENY,  _),
    "giftcerts_api:application-request-supplement":  (DENY,  DENY,  DENY,  _,     DENY,  DENY,  _),
    "giftcerts_api:application-submit":              (DENY,  _,     DENY,  DENY,  DENY,  DENY,  DENY),
    "giftcerts_api:application-withdraw":            (DENY,  _,     DENY,  DENY,  DENY,  DENY,  DENY),
}
# fmt: on


def url_kwargs(w) -> dict[str, dict]:
    """The URL arguments of every parametrised URL, taken from the world `w`."""
    return {
        "accounts:password_reset_confirm": {"uidb64": w.reset_uid, "token": w.reset_token},
        "districts:district_shapes": {"code": w.seogu.code},
        "districts:district_detail": {"pk": w.district.pk},
        "districts:district_update": {"pk": w.district.pk},
        "districts:district_submit": {"pk": w.draft_district.pk},
        "districts:district_designate": {"pk": w.draft_district.pk},
        "districts:district_amend": {"pk": w.district.pk},
        "districts:district_revoke": {"pk": w.district.pk},
        "districts:district_notice": {"pk": w.district.pk},
        "districts:district_boundary_geojson": {"pk": w.district.pk},
        "districts:district_event_boundary_geojson": {"pk": w.district.pk, "event_id": w.district_event.pk},
        "districts:dong_detail": {"code": w.yangdong.code},
        "consent:district": {"pk": w.district.pk},
        "consent:record": {"pk": w.district.pk},
        "consent:withdraw": {"pk": w.consent.pk},
        "consent:file": {"pk": w.consent.pk},
        "sales:report": {"store_id": w.store.pk},
        "sales:import_detail": {"pk": w.sales_import.pk},
        "sales:import_status": {"pk": w.sales_import.pk},
        "sales:import_errors": {"pk": w.sales_import.pk},
        "sales:import_cancel": {"pk": w.sales_import.pk},
        "sales:import_retry": {"pk": w.sales_import.pk},
        "merchants:store_detail": {"pk": w.store.pk},
        "merchants:store_edit": {"pk": w.store.pk},
        "merchants:store_close": {"pk": w.store.pk},
        "merchants:store_reopen": {"pk": w.store.pk},
        "merchants:claim_approve": {"pk": w.claim.pk},
        "merchants:claim_reject": {"pk": w.claim.pk},
        "merchants:claim_evidence": {"pk": w.claim.pk},
        "merchants:import_detail": {"pk": w.store_import.pk},
        "merchants:import_status": {"pk": w.store_import.pk},
        "merchants:import_cancel": {"pk": w.store_import.pk},
        "merchants:import_retry": {"pk": w.store_import.pk},
        "merchants:import_report": {"pk": w.store_import.pk, "kind": "rejected"},
        "merchants:my_store_detail": {"pk": w.store.pk},
        "merchants:my_store_edit": {"pk": w.store.pk},
        "merchants:claim_create": {"pk": w.unclaimed_store.pk},
        "merchants:store_photo": {"pk": w.store.pk},
        "giftcerts:session_detail": {"pk": w.session.pk},
        "giftcerts:apply": {"store_id": w.draft_store.pk},
        "giftcerts:application_detail": {"pk": w.draft.pk},
        "giftcerts:application_save": {"pk": w.draft.pk},
        "giftcerts:document_upload": {"pk": w.draft.pk},
        "giftcerts:document_delete": {"pk": w.draft.pk, "doc_id": w.draft_document.pk},
        "giftcerts:application_submit": {"pk": w.draft.pk},
        "giftcerts:application_resubmit": {"pk": w.draft.pk},
        "giftcerts:application_withdraw": {"pk": w.draft.pk},
        "giftcerts:document_file": {"pk": w.document.pk},
        "giftcerts:review_detail": {"pk": w.submitted.pk},
        "giftcerts:review_approve": {"pk": w.submitted.pk},
        "giftcerts:review_supplement": {"pk": w.submitted.pk},
        "giftcerts:review_reject": {"pk": w.submitted.pk},
        "giftcerts:franchise_detail": {"pk": w.franchise.pk},
        "giftcerts:franchise_cancel": {"pk": w.franchise.pk},
        "giftcerts:session_edit": {"pk": w.session.pk},
        "giftcerts:session_attendance": {"pk": w.session.pk},
        "giftcerts:session_export": {"pk": w.session.pk},
        "giftcerts:outreach_visit": {"store_id": w.store.pk},
        "hotline:track_detail": {"token": w.ticket.tracking_token},
        "hotline:photo_for_holder": {"token": w.ticket.tracking_token, "photo_id": w.ticket_photo.pk},
        "hotline:ticket_detail": {"ticket_id": w.ticket.pk},
        "hotline:ticket_action": {"ticket_id": w.ticket.pk, "action": "assign"},
        "hotline:photo": {"ticket_id": w.ticket.pk, "photo_id": w.ticket_photo.pk},
        "perception:survey": {"district_id": w.district.pk},
        "perception:thanks": {"district_id": w.district.pk},
        "perception:district_results": {"district_id": w.district.pk},
        "perception:poster": {"district_id": w.district.pk},
        "perception:qr_code": {"district_id": w.district.pk},
        "open311:services": {"fmt": "json"},
        "open311:requests": {"fmt": "json"},
        "open311:request": {"fmt": "json", "request_id": str(w.ticket.pk)},
        "exports:job": {"job_id": w.export_job.pk},
        "exports:job_status": {"job_id": w.export_job.pk},
        "exports:job_download": {"job_id": w.export_job.pk},
        "districts_api:district_detail": {"pk": w.district.pk},
        "merchants_api:store-detail": {"pk": w.store.pk},
        "giftcerts_api:application-detail": {"pk": w.submitted.pk},
        "giftcerts_api:application-approve": {"pk": w.submitted.pk},
        "giftcerts_api:application-reject": {"pk": w.submitted.pk},
        "giftcerts_api:application-request-supplement": {"pk": w.submitted.pk},
        "giftcerts_api:application-submit": {"pk": w.draft.pk},
        "giftcerts_api:application-withdraw": {"pk": w.draft.pk},
        "giftcerts_api:franchise-detail": {"pk": w.franchise.pk},
        "dashboard_api:district": {"pk": w.district.pk},
        "projects:project_detail": {"pk": w.project.pk},
        "projects:project_update": {"pk": w.project.pk},
        "projects:project_status": {"pk": w.project.pk},
        "projects:milestone_add": {"pk": w.project.pk},
        "projects:milestone_status": {"pk": w.project.pk, "milestone_id": w.milestone.pk},
        "projects:photo_add": {"pk": w.project.pk},
        "projects:photo": {"pk": w.project.pk, "photo_id": w.project_photo.pk},
        "projects:figure_add": {"pk": w.project.pk},
        "associations:detail": {"pk": w.association.pk},
        "associations:edit": {"pk": w.association.pk},
        "associations:status": {"pk": w.association.pk},
        "associations:member_add": {"pk": w.association.pk},
        "associations:member_remove": {"pk": w.association.pk, "membership_id": w.membership.pk},
        "associations:officer_add": {"pk": w.association.pk},
        "associations:officer_end": {"pk": w.association.pk, "officer_id": w.association_officer.pk},
        "associations:meeting_add": {"pk": w.association.pk},
        "associations:meeting_minutes": {"meeting_id": w.meeting.pk},
        "associations:proposal_detail": {"proposal_id": w.proposal.pk},
        "associations:proposal_minutes": {"proposal_id": w.proposal.pk},
        "associations:proposal_decide": {"proposal_id": w.proposal.pk, "decision": "reject"},
        "associations:my_detail": {"pk": w.association.pk},
        "associations:my_propose": {"pk": w.association.pk, "kind": "member_add"},
        "associations:my_withdraw": {"proposal_id": w.proposal.pk},
        "hotline_api:ticket-detail": {"pk": w.ticket.pk},
    }


def post_data(w) -> dict[str, dict]:
    """What the rightful persona would send: the wrong one sends the same and must change nothing."""
    today = datetime.date.today().isoformat()
    return {
        "districts:district_create": {"code": "SG-NEW", "name": "새 골목형상점가", "boundary": "{}"},
        "districts:district_update": {"name": "바뀐 이름", "version": w.district.version},
        "districts:district_submit": {"version": w.draft_district.version},
        "districts:district_designate": {"designated_on": today, "notice_number": "서구 공고 제1호",
                                         "version": w.draft_district.version},
        "districts:district_amend": {"name": "바뀐 이름", "version": w.district.version},
        "districts:district_revoke": {"ground": "fraud", "text": "허위 신청", "revoked_on": today,
                                      "version": w.district.version},
        "consent:district": {"signed_on": today, "method": "form", "store": [w.franchise_store.pk],
                             f"signer_name-{w.franchise_store.pk}": "김동의"},
        "consent:record": {"store": w.franchise_store.pk, "signer_name": "김동의", "signer_role": "owner",
                           "signed_on": today, "method": "in_person"},
        "consent:withdraw": {"reason": "양도", "withdrawn_on": today},
        "sales:report": {"month": "2026-02", "total_won": 1000, "onnuri_won": 10, "transactions": 1},
        "merchants:store_edit": {"name": "바뀐 상호", "phone": "062-111-2222"},
        "merchants:store_close": {"closed_on": today, "reason": "폐업 신고", "version": w.store.version},
        "merchants:claim_approve": {f"claim-{w.claim.pk}-note": ""},
        "merchants:claim_reject": {f"claim-{w.claim.pk}-note": "증빙 불충분"},
        "merchants:my_store_edit": {"phone": "062-111-2222", "description": "바뀐 소개"},
        "giftcerts:application_save": {"kinds": ["paper", "card"], "declared_revenue_won": 2},
        "giftcerts:document_upload": {"kind": "bank_book", "file": SimpleUploadedFile(
            "통장.pdf", PDF_BYTES, content_type="application/pdf")},
        "giftcerts:application_withdraw": {"reason": "다른 가게의 신청"},
        "giftcerts:bulk_approve": {"application": [w.submitted.pk]},
        "giftcerts:review_approve": {"note": "승인"},
        "giftcerts:review_supplement": {"message": "통장 사본을 다시 올려 주세요"},
        "giftcerts:review_reject": {"reason": "요건 미충족"},
        "giftcerts:franchise_cancel": {"reason": "부정 유통", "ban_until": "2030-01-01"},
        "giftcerts:session_edit": {"title": "바뀐 설명회", "venue": "다른 곳", "capacity": 1},
        "giftcerts:outreach_visit": {"visited_on": today, "outcome": "interested", "note": "방문"},
        "hotline:ticket_action": {"assign-version": w.ticket.version, "assign-assignee": w.users["official"].pk},
        "privacy:access_log_export": {"reason": "정기 점검"},
        "projects:project_create": {"title": "새 사업", "type": "facility", "districts": [w.district.pk],
                                    "planned_start": today, "planned_end": today, "city_planned": "1000"},
        "projects:project_update": {"title": "바뀐 사업", "type": "facility", "districts": [w.district.pk],
                                    "planned_start": today, "planned_end": today, "version": w.project.version},
        "projects:project_status": {"status-to_status": "running", "status-version": w.project.version},
        "projects:milestone_add": {"milestone-title": "새 단계", "milestone-due_on": today},
        "projects:milestone_status": {"to_status": "done"},
        "projects:photo_add": {"photo-photo": SimpleUploadedFile("p.jpg", jpeg_bytes(), content_type="image/jpeg")},
        "projects:figure_add": {"figure-label": "방문객", "figure-value": "10", "figure-unit": "명"},
        "associations:create": {"name": "새 상인회", "districts": [w.draft_district.pk]},
        "associations:edit": {"name": "바뀐 상인회", "districts": [w.district.pk], "version": w.association.version},
        "associations:status": {"to_status": "dormant", "effective_on": today, "reason": "휴면",
                                "version": w.association.version},
        "associations:member_add": {"member-store": w.unclaimed_store.pk, "member-joined_on": today},
        "associations:member_remove": {"left_on": today},
        "associations:officer_add": {"officer-role": "auditor", "officer-person_name": "감사",
                                     "officer-term_start": today},
        "associations:officer_end": {"term_end": today},
        "associations:meeting_add": {"meeting-held_on": today, "meeting-attendance": 3, "meeting-agenda": "회의"},
        "associations:proposal_decide": {"reject-reason": "반려"},
        "associations:my_propose": {"member_add-store": w.unclaimed_store.pk, "member_add-joined_on": today},
        "giftcerts_api:application-approve": {"message": "승인"},
        "giftcerts_api:application-reject": {"message": "요건 미충족"},
        "giftcerts_api:application-request-supplement": {"message": "보완"},
        "giftcerts_api:application-withdraw": {"message": "철회"},
    }


PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
             b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
             b"%%EOF\n")

# Tables left out of the "nothing changed" check: the access log records refusals too, heartbeats are not
# records, and the dongs' real boundaries are large and written by no view. Every other table of the project's
# apps must be unchanged after a refusal.
UNCHECKED_TABLES = {"privacy.AccessLog", "core.Heartbeat", "districts.AdministrativeDong"}
# Large columns compared through another one that every rewrite changes (a snapshot's figures: computed_at).
UNCOMPARED_COLUMNS = {"dashboard.MetricSnapshot": {"extra"}}
PROJECT_APPS = {"core", "accounts", "districts", "merchants", "giftcerts", "dashboard", "hotline", "exports", "privacy",
                "sales",
                "consent",
                "perception",
                "projects",
                "associations"}


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


# --- walking the URL resolver ---------------------------------------------------------------------

def named_urls(patterns=None, namespace: str = "") -> set[str]:
    """Every named URL pattern as 'namespace:name' (nested namespaces joined), as django-extensions'
    show_urls walks them."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            names |= named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def is_skipped(name: str) -> bool:
    return name in SKIPPED or (name.split(":", 1)[0] in SKIPPED_NAMESPACES and name not in EXPECTED)


def test_every_named_url_has_an_expectation():
    names = named_urls()
    missing = sorted(n for n in names if n not in EXPECTED and not is_skipped(n))
    assert not missing, f"named URLs with no row in EXPECTED (add one, or a reason to SKIPPED): {missing}"
    stale = sorted(set(EXPECTED) - names)
    assert not stale, f"rows of EXPECTED for URLs that no longer exist: {stale}"
    assert not set(SKIPPED) & set(EXPECTED)
    assert set(POST_EXPECTED) <= set(EXPECTED)
    assert all(len(row) == len(PERSONAS) for row in [*EXPECTED.values(), *POST_EXPECTED.values()])


def test_every_parametrised_url_has_its_arguments(world):
    kwargs = url_kwargs(world)
    assert set(kwargs) <= set(EXPECTED)
    for name in EXPECTED:
        reverse(name, kwargs=kwargs.get(name))  # NoReverseMatch: a URL argument is missing here


# --- the world ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One small world for the whole module, built once in a transaction rolled back at the end.

    Each test still runs in its own savepoint (pytest-django's `db`), so a request that writes is undone."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media),
                          PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        w = build_world()
        w.media = media
        yield w
        transaction.set_rollback(True)


def build_world() -> SimpleNamespace:
    from consent.models import ConsentRecord
    from dashboard.services import aggregate_month
    from districts.models import DesignationEvent, LocalGovernment
    from districts.services import dongs_load_geojson
    from exports.models import ExportJob
    from giftcerts import services as giftcerts_services
    from giftcerts.models import ApplicationDocument
    from hotline.models import Category
    from hotline.services import categories_seed_defaults, ticket_file
    from merchants.models import StoreClaim, StoreImport
    from sales.models import SalesImport
    from tests.giftcerts.factories import InfoSessionFactory

    dongs_load_geojson(path=SEOGU_DONGS, local_government_code="29140")
    dongs_load_geojson(path=GWANGJU_DONGS, local_government_code="29170")
    seogu = LocalGovernment.objects.get(code="29140")
    bukgu = LocalGovernment.objects.get(code="29170")
    yangdong = seogu.dongs.get(name="양동")
    categories_seed_defaults()  # a transactional test elsewhere may have flushed migration 0002's rows

    w = SimpleNamespace(seogu=seogu, bukgu=bukgu, yangdong=yangdong)
    w.users = {
        "owner": make_user("merchant_a", role="merchant", last_name="최", first_name="상인"),
        "merchant_b": make_user("merchant_b", role="merchant", last_name="정", first_name="상인"),
        "official": make_user("official_seogu", role="official", local_government=seogu,
                              last_name="김", first_name="서구"),
        "official_bukgu": make_user("official_bukgu", role="official", local_government=bukgu,
                                    last_name="박", first_name="북구"),
        "admin": make_user("admin_user", is_staff=True, is_superuser=True),
    }
    owner, official = w.users["owner"], w.users["official"]

    w.district = DistrictFactory(local_government=seogu, status="designated", name="양동 골목형상점가")
    w.district.dongs.add(yangdong)
    w.district_event = DesignationEvent.objects.create(
        district=w.district, kind=DesignationEvent.Kind.CREATED, to_status="draft", boundary=w.district.boundary,
        actor=official)
    w.draft_district = DistrictFactory(local_government=seogu, name="양동 두 번째 골목")

    def store(**extra):
        return StoreFactory(local_government=seogu, dong=yangdong, district=w.district, **extra)

    w.store = store(owner=owner.merchant, name="양동국밥")  # the owner's store: photo, sales, ticket
    w.store.photo.save("photo.jpg", ContentFile(jpeg_bytes()), save=True)
    w.draft_store = store(owner=owner.merchant, name="양동분식")  # a draft application with a document
    w.submitted_store = store(owner=owner.merchant, name="양동떡집")  # an application under review
    w.franchise_store = store(owner=owner.merchant, name="양동건어물")
    w.unclaimed_store = store(name="주인 없는 가게")
    store(owner=w.users["merchant_b"].merchant, name="정상회")  # merchant B has a store of their own

    w.claim = StoreClaim.objects.create(
        store=w.unclaimed_store, merchant=owner.merchant, business_number=w.unclaimed_store.business_number,
        evidence=ContentFile(PDF_BYTES, name="certificate.pdf"), evidence_name="사업자등록증.pdf",
        evidence_content_type="application/pdf")
    w.store_import = StoreImport.objects.create(
        local_government=seogu, original_name="stores.csv", uploaded_by=official, status=StoreImport.Status.DONE,
        error_csv=ContentFile("상가업소번호,오류\r\nX,잘못된 행\r\n".encode(), name="rejected.csv"))
    w.sales_import = SalesImport.objects.create(
        local_government=seogu, uploaded_by=official, filename="sales.csv",
        content="상가업소번호,월,매출액\n".encode(), error_csv="상가업소번호,오류\r\n")

    def pdf(name):
        return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")

    w.draft = giftcerts_services.application_start(store_id=w.draft_store.pk, merchant=owner)
    giftcerts_services.application_update_draft(application_id=w.draft.pk, merchant=owner, kinds=["paper"],
                                                declared_revenue_won=1)
    w.draft_document = giftcerts_services.document_add(
        application_id=w.draft.pk, merchant=owner, kind="business_registration", uploaded_file=pdf("draft.pdf"))
    submitted = giftcerts_services.application_start(store_id=w.submitted_store.pk, merchant=owner)
    giftcerts_services.application_update_draft(application_id=submitted.pk, merchant=owner, kinds=["paper"],
                                                declared_revenue_won=1)
    w.document = giftcerts_services.document_add(
        application_id=submitted.pk, merchant=owner, kind="business_registration", uploaded_file=pdf("doc.pdf"))
    w.submitted = giftcerts_services.application_submit(application_id=submitted.pk, merchant=owner)
    assert ApplicationDocument.objects.filter(application=w.submitted).exists()
    w.franchise = FranchiseFactory(store=w.franchise_store)
    w.session = InfoSessionFactory(local_government=seogu)

    month_before = datetime.date(2025, 12, 1)
    w.consent = ConsentRecord.objects.create(
        local_government=seogu, district=w.district, store=w.store, signer_name="최상인", signed_on=month_before,
        file=ContentFile(PDF_BYTES, name="consent.pdf"), file_name="동의서.pdf", file_content_type="application/pdf")
    w.ticket = ticket_file(
        local_government=seogu, category=Category.objects.get(code="parking"), store=w.store,
        description="가게 앞 불법 주차 때문에 손님이 들어오지 못합니다", reporter=owner,
        reporter_name="최상인", reporter_phone="010-1234-5678",
        photo_files=[SimpleUploadedFile("photo.jpg", jpeg_bytes(), content_type="image/jpeg")])
    w.ticket_photo = w.ticket.photos.get()
    w.export_job = ExportJob.objects.create(
        name="merchants.store", requested_by=official, local_government=seogu, dedupe_key="every-url",
        status=ExportJob.Status.DONE, filename="stores.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    w.export_job.file.save("stores.xlsx", ContentFile(b"PK\x03\x04"), save=True)  # its path needs created_at

    from projects import services as project_services

    w.project = project_services.project_create(
        official=official, title="양동 간판 개선", type="signage", planned_start=datetime.date(2026, 3, 1),
        planned_end=datetime.date(2026, 6, 30), district_ids=[w.district.pk], funding={"city": (10_000_000, 0)})
    w.milestone = project_services.milestone_add(official=official, project_id=w.project.pk, title="디자인 확정",
                                                 due_on=datetime.date(2026, 4, 1))
    w.project_photo = project_services.photo_add(official=official, project_id=w.project.pk, upload=SimpleUploadedFile(
        "photo.jpg", jpeg_bytes(), content_type="image/jpeg"))
    # A merchant association of the district; merchant A (the owner) is its president.
    from associations import services as association_services
    from associations.models import ChangeRequest

    w.association = association_services.association_create(official=official, name="양동상인회",
                                                            district_ids=[w.district.pk])
    w.association_officer = association_services.officer_add(
        association_id=w.association.pk, official=official, role="president", person_name="최상인",
        term_start=datetime.date(2025, 1, 1), user=owner)
    w.membership = association_services.member_add(association_id=w.association.pk, store_id=w.store.pk,
                                                   joined_on=datetime.date(2025, 1, 1), actor=official)
    w.meeting = association_services.meeting_record(
        association_id=w.association.pk, actor=official, held_on=datetime.date(2026, 1, 5), attendance=5,
        agenda="정기총회", minutes_file=pdf("minutes.pdf"))
    w.proposal = association_services.proposal_submit(
        association_id=w.association.pk, merchant=owner, kind=ChangeRequest.Kind.MEETING,
        effective_on=datetime.date(2026, 1, 6), attendance=4, agenda="임시총회", minutes_file=pdf("proposal.pdf"))

    month = datetime.date(2026, 1, 1)
    SalesReportFactory(store=w.store, month=month)
    aggregate_month(local_government_id=seogu.pk, month=month, publish=False)
    aggregate_month(local_government_id=bukgu.pk, month=month, publish=False)

    w.reset_uid = urlsafe_base64_encode(force_bytes(owner.pk))
    w.reset_token = default_token_generator.make_token(owner)
    return w


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()  # rate-limit counters and kept pages must not carry over from one request to the next
    yield
    cache.clear()


def client_as(persona: str, w) -> Client:
    client = Client()
    if persona == "anon":
        return client
    if persona == "admin_as_seogu":
        from accounts.middleware import ACTING_GOVERNMENT_KEY

        client.force_login(w.users["admin"])
        session = client.session
        session[ACTING_GOVERNMENT_KEY] = w.seogu.pk
        session.save()
        return client
    client.force_login(w.users[persona])
    return client


def login_paths() -> set[str]:
    return {reverse("accounts:login"), reverse("admin:login")}


def outcome(response) -> str:
    status = response.status_code
    if status == 405:
        return M405
    if status in (403, 404):
        return DENY
    if 300 <= status < 400:
        return LOGIN if urlsplit(response.get("Location", "")).path in login_paths() else OK
    if 200 <= status < 300:
        return OK
    return f"HTTP {status}"


def describe(response) -> str:
    where = f" -> {response['Location']}" if response.has_header("Location") else ""
    return f"HTTP {response.status_code}{where}"


def table_cases(table):
    return [pytest.param(name, persona, row[i], id=f"{name}-{persona}")
            for name, row in table.items() for i, persona in enumerate(PERSONAS) if row[i] is not None]


# --- GET every URL as every persona ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "persona", "expected"), table_cases(EXPECTED))
def test_get_every_url_as_every_persona(world, db, name, persona, expected):
    url = reverse(name, kwargs=url_kwargs(world).get(name))
    response = client_as(persona, world).get(url)
    assert outcome(response) == expected, f"GET {url} as {persona}: {describe(response)}, expected {expected}"


# --- POST state changes as the personas that must not make them -------------------------------------

def database_state() -> dict:
    from django.apps import apps

    state = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in PROJECT_APPS and label not in UNCHECKED_TABLES:
            left_out = UNCOMPARED_COLUMNS.get(label, set())
            columns = [f.attname for f in model._meta.concrete_fields if f.name not in left_out]
            state[label] = list(model._base_manager.order_by("pk").values(*columns))
    return state


def stored_files(w) -> list[Path]:
    return sorted(p.relative_to(w.media) for p in w.media.rglob("*") if p.is_file())


def post_as(persona: str, name: str, w):
    """POST the state change `name` as `persona`: its URL, the response, the tables whose rows changed
    and whether the stored files changed."""
    url = reverse(name, kwargs=url_kwargs(w).get(name))
    client = client_as(persona, w)  # logging in stamps last_login: before the snapshot
    before, files_before = database_state(), stored_files(w)
    response = client.post(url, post_data(w).get(name, {}))
    after = database_state()
    changed = sorted(label for label in before if before[label] != after[label])
    return url, response, changed, stored_files(w) != files_before


@pytest.mark.parametrize(("name", "persona", "expected"), table_cases(POST_EXPECTED))
def test_post_as_a_persona_that_must_not_act(world, db, name, persona, expected):
    url, response, changed, files_changed = post_as(persona, name, world)
    assert outcome(response) == expected, f"POST {url} as {persona}: {describe(response)}, expected {expected}"
    assert changed == [], f"POST {url} as {persona} changed records"
    assert not files_changed, f"POST {url} as {persona} changed the stored files"


# --- the cases the issue names ------------------------------------------------------------------------

def test_another_merchant_cannot_delete_a_document_and_the_file_survives(world, db):
    document = world.draft_document
    url = reverse("giftcerts:document_delete", kwargs={"pk": world.draft.pk, "doc_id": document.pk})

    response = client_as("merchant_b", world).post(url)
    assert response.status_code in (403, 404)
    document.refresh_from_db()
    assert document.file.storage.exists(document.file.name)

    # The other merchant's own application does not open a way to it either.
    from giftcerts import services

    b = world.users["merchant_b"]
    own = services.application_start(store_id=b.merchant.stores.get().pk, merchant=b)
    response = client_as("merchant_b", world).post(
        reverse("giftcerts:document_delete", kwargs={"pk": own.pk, "doc_id": document.pk}))
    assert response.status_code in (403, 404)
    assert type(document).objects.filter(pk=document.pk).exists()

    # The same request by its owner works: the refusals above are not a broken request.
    response = client_as("owner", world).post(url)
    assert response.status_code == 302
    assert not type(document).objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize(("persona", "expected"), [
    ("anon", LOGIN), ("owner", DENY), ("merchant_b", DENY), ("official", OK), ("official_bukgu", DENY),
    ("admin", DENY), ("admin_as_seogu", OK)])
def test_franchise_detail_by_persona(world, db, persona, expected):
    url = reverse("giftcerts:franchise_detail", kwargs={"pk": world.franchise.pk})
    response = client_as(persona, world).get(url)
    assert outcome(response) == expected, describe(response)
    if expected == OK:
        assert world.franchise.number in response.content.decode()
    else:
        assert world.franchise.number not in response.content.decode()


# The same POST by a persona that may act does change records: the refusals above are refusals, not
# requests that would have failed anyway.
@pytest.mark.parametrize(("name", "persona"), [
    ("districts:district_revoke", "official"),
    ("consent:withdraw", "official"),
    ("merchants:store_close", "official"),
    ("merchants:claim_reject", "official"),
    ("giftcerts:application_withdraw", "owner"),
    ("giftcerts:document_delete", "owner"),
    ("giftcerts:review_reject", "official"),
    ("giftcerts:review_supplement", "admin_as_seogu"),
    ("giftcerts:franchise_cancel", "official"),
    ("hotline:ticket_action", "official"),
    ("associations:proposal_decide", "official"),
    ("associations:my_propose", "owner"),
    ("giftcerts_api:application-reject", "official"),
])
def test_the_same_post_by_a_persona_that_may_act_changes_records(world, db, name, persona):
    url, response, changed, _files_changed = post_as(persona, name, world)
    assert response.status_code in (200, 302), describe(response)
    assert changed, f"POST {url} as {persona} changed nothing"
