"""Settings, read from the environment with working defaults.

Unset DATABASE_URL -> SQLite file; unset CELERY_BROKER_URL -> tasks run eagerly
in-process. With DEBUG off the app refuses to start without SECRET_KEY and
ALLOWED_HOSTS.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

# --- Secret key strength (production) -------------------------------------------------------------
# The same bar as Django's security.W009 check, enforced at start-up instead of warned about:
# a key of whitespace, a short key or one of few distinct characters signs sessions, password
# reset links and CSRF tokens that can be forged.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
SECRET_KEY_ADVICE = ('Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))" '
                     "(생성 방법: 위 명령으로 50자 이상의 무작위 키를 만드십시오.)")


def secret_key_problem(key: str) -> str | None:
    """Why `key` is not fit for production, or None."""
    if not key.strip():
        return ("SECRET_KEY must be set when DEBUG is off; it is empty or only whitespace. "
                "(DEBUG가 꺼져 있으면 SECRET_KEY가 필요합니다. 비어 있거나 공백뿐입니다.)")
    if key.startswith("django-insecure-"):
        return ("SECRET_KEY is Django's generated development key (django-insecure-...). "
                "(SECRET_KEY가 개발용 키입니다.)")
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return (f"SECRET_KEY is {len(key)} characters; at least {SECRET_KEY_MIN_LENGTH} are needed. "
                f"(SECRET_KEY가 {len(key)}자입니다. {SECRET_KEY_MIN_LENGTH}자 이상이어야 합니다.)")
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return (f"SECRET_KEY uses only {len(set(key))} different characters; at least "
                f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} are needed (it is guessable). "
                f"(SECRET_KEY에 쓰인 문자가 {len(set(key))}종류뿐이라 추측하기 쉽습니다.)")
    return None


SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
elif sys.argv[1:2] == ["collectstatic"]:
    # The static build serves nothing and signs nothing: a production image is built before its secrets exist.
    SECRET_KEY = SECRET_KEY or secrets.token_urlsafe(50)
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["build.invalid"]
else:
    if problem := secret_key_problem(SECRET_KEY):
        raise ImproperlyConfigured(f"{problem} {SECRET_KEY_ADVICE}")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # SimpleAdminConfig: autodiscovery would import leaflet.admin, which needs GDAL.
    # Each app registers its admin module in AppConfig.ready().
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "django_ratelimit",
    "csp",
    "axes",
    "core",
    "accounts",
    "districts",
    "merchants",
    "giftcerts",
    "sales",
    "dashboard",
    "hotline",
    "consent",
    "perception",
    "privacy",
    "exports",
    "projects",
    "associations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.csp.CSPNonceContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (which answers /static/ with its own pre-compressed files), before anything
    # that writes the body: HTML, JSON and GeoJSON go out gzipped when the client accepts it.
    "core.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.KoreanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.middleware.RejectNullCharactersMiddleware",  # NUL in a query or form field: 400, not a DataError
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.ActingGovernmentMiddleware",
    "accounts.middleware.OfficialSessionTimeoutMiddleware",
    "core.middleware.ProductErrorPagesInDebugMiddleware",  # DEBUG: no technical 404/500 pages for non-staff
    # Last, as django-axes asks: it turns a lockout raised by the backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alleydistricts.urls"
WSGI_APPLICATION = "alleydistricts.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers while a background import writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 30, "init_command": "PRAGMA journal_mode=WAL;"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
# accounts: login throttling (django-axes), password reset, officials' session timeout.
# Axes' backend comes first so a locked-out login is refused before the password is checked.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))  # per username + IP address
# A guess spread over many addresses is slowed too: this many failures for one username from anywhere
# lock that username (higher, so one person cannot lock a colleague out with a few tries).
ACCOUNTS_USERNAME_FAILURE_LIMIT = int(os.environ.get("ACCOUNTS_USERNAME_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.ComboAndUsernameHandler"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"  # the Korean page: when to retry, whom to ask
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"
# The address is REMOTE_ADDR (X-Forwarded-For can be forged unless a known proxy sets it).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link works for two hours
# Officials and admins are logged out after this much inactivity (e-government guide: session control);
# the page warns this many seconds before and offers to continue.
OFFICIAL_SESSION_IDLE_SECONDS = int(os.environ.get("OFFICIAL_SESSION_IDLE_SECONDS", str(30 * 60)))
OFFICIAL_SESSION_WARNING_SECONDS = int(os.environ.get("OFFICIAL_SESSION_WARNING_SECONDS", str(3 * 60)))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Korean first, English second.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["alleydistricts.formats"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # KRDS keeps its folder layout so the relative icon URLs resolve.
    ("vendor/krds/css", NODE_MODULES / "krds-uiux/resources/css"),
    ("vendor/krds/js", NODE_MODULES / "krds-uiux/resources/js"),
    ("vendor/krds/fonts", NODE_MODULES / "krds-uiux/resources/fonts"),
    ("vendor/krds/img", NODE_MODULES / "krds-uiux/resources/img"),
    # krds-uiux 1.1 component.css points at ../../img/img/component/... (common.css at
    # ../../img/component/...), so the icons are served under both paths. The second entry
    # names the `component` subfolder, not `img` again: FileSystemFinder keeps one storage per
    # folder, and two prefixes on the same folder would collect only one of them (collectstatic
    # with the manifest storage then fails on the other path's references).
    ("vendor/krds/img/img/component", NODE_MODULES / "krds-uiux/resources/img/component"),
    ("vendor/markercluster", NODE_MODULES / "leaflet.markercluster/dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js/dist"),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # vendor/krds/css/subset/component.css: KRDS's component.css without the rules no page can use
    # (core/krds_css.py), built from the sources; base.html loads it instead of the 540 KB original.
    "core.krds_css.KrdsSubsetFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Private uploads (documents, photos): never under static, served only by
# permission-checking views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Email: console by default.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@alley-districts.local")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Cache: Redis when configured (shared by workers and rate limits), else local memory.
REDIS_CACHE_URL = os.environ.get("CACHE_URL", "")
if REDIS_CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# django-ratelimit (hotline report form) counts in the default cache. Its check refuses
# LocMemCache because each process counts alone: acceptable for the embedded default
# (one runserver process) and still refuses a burst per process; production sets CACHE_URL
# so web workers share Redis. Django's own RedisCache does atomic INCR but is not in the
# library's list of known backends, hence the warning silenced too.
RATELIMIT_USE_CACHE = "default"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + ([] if REDIS_CACHE_URL else ["django_ratelimit.E003"])

# Celery: eager in-process unless a broker is configured.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic tasks (Celery beat). Every task is idempotent: a run twice changes nothing.
CELERY_BEAT_SCHEDULE = {
    # merchants and sales: store and sales imports whose worker died are run again (or given up) within minutes.
    "merchants-recover-imports": {
        "task": "merchants.recover_imports", "schedule": 60.0, "options": {"expires": 55},
    },
    "sales-recover-imports": {
        "task": "sales.recover_imports", "schedule": 60.0, "options": {"expires": 55},
    },
    # districts: stores follow their districts (new imports, moved or closed stores).
    "districts-reassign-stores": {
        "task": "districts.reassign_stores", "schedule": crontab(hour=3, minute=30), "options": {"expires": 60 * 60},
    },
    # hotline: overdue flags and keyword counts.
    "hotline-flag-overdue": {"task": "hotline.flag_overdue_tickets", "schedule": crontab(minute=5)},
    "hotline-keywords": {"task": "hotline.compute_recent_keywords", "schedule": crontab(minute=20)},
    # giftcerts (Onnuri): expiry and renewal reminders, info-session reminders.
    "giftcerts-franchises-daily": {"task": "giftcerts.franchises_daily", "schedule": crontab(hour=6, minute=0)},
    "giftcerts-session-reminders": {"task": "giftcerts.session_reminders", "schedule": crontab(hour=9, minute=0)},
    # privacy: reporters' contact data of long-closed tickets, then access-log rows past retention.
    "hotline-erase-reporter-contacts": {
        "task": "hotline.erase_reporter_contacts", "schedule": crontab(hour=4, minute=10),
    },
    "privacy-purge-access-log": {"task": "privacy.purge_access_log", "schedule": crontab(hour=4, minute=40)},
    # dashboard: the running and the previous month, nightly.
    "dashboard-aggregate-recent-months": {
        "task": "dashboard.tasks.aggregate_recent_months", "schedule": crontab(hour=2, minute=30),
    },
}

# dashboard: coalesced aggregation and response cache.
# Seconds a queued aggregation waits, so a burst of changes (an import, many decisions) runs once.
DASHBOARD_AGGREGATION_COUNTDOWN = int(os.environ.get("DASHBOARD_AGGREGATION_COUNTDOWN", "15"))
# Upper bound on how long a dashboard response stays cached (aggregation invalidates it at once).
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "600"))

# core: the transactional outbox of follow-up work (core/outbox.py), the worker heartbeat, /healthz.
OUTBOX_RELAY_SECONDS = int(os.environ.get("OUTBOX_RELAY_SECONDS", "20"))  # beat hands due rows to Celery
OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", "600"))  # a claim older than this: worker died
OUTBOX_REPUBLISH_AFTER_SECONDS = int(os.environ.get("OUTBOX_REPUBLISH_AFTER_SECONDS", "300"))  # broker lost it
OUTBOX_RETRY_BASE_SECONDS = 30  # a failed run waits 30 s, 60 s, 120 s ... up to an hour
OUTBOX_RETRY_MAX_SECONDS = 3600
OUTBOX_MAX_ATTEMPTS = 8
OUTBOX_KEEP_DAYS = 7
HEALTHZ_WORKER_STALE_SECONDS = int(os.environ.get("HEALTHZ_WORKER_STALE_SECONDS", "300"))
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")  # "Authorization: Bearer <token>" sees the details
CELERY_BEAT_SCHEDULE.update({
    "core-outbox-relay": {"task": "core.outbox.relay", "schedule": OUTBOX_RELAY_SECONDS,
                          "options": {"expires": OUTBOX_RELAY_SECONDS}},
    "core-heartbeat": {"task": "core.heartbeat", "schedule": 60, "options": {"expires": 60}},
    "core-outbox-prune": {"task": "core.outbox.prune", "schedule": crontab(hour=4, minute=10)},
})
# exports: lists longer than this are written by a worker (progress page, then a private download).
EXPORT_INLINE_MAX_ROWS = int(os.environ.get("EXPORT_INLINE_MAX_ROWS", "2000"))
EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", "24"))  # a finished file is deleted after this
EXPORT_PROGRESS_EVERY_ROWS = 1000  # how often a running export writes its progress
CELERY_BEAT_SCHEDULE["exports-expire-jobs"] = {"task": "exports.expire_jobs", "schedule": crontab(minute=15)}
# A rate limiter whose cache is down lets the request through (core/ratelimits.py logs a warning).
RATELIMIT_FAIL_OPEN = True
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: the folder (the fault tests count mails there).
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
# ----------------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Input limits: JSON bodies with a nesting limit and Korean parse errors (core.jsonlimits).
    "DEFAULT_PARSER_CLASSES": ["core.parsers.LimitedJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api_pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # API contract: every 400/403/404 in the schema (core/api_schema.py).
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Alley districts API",
    "DESCRIPTION": "골목형상점가 · 온누리상품권 가맹 관리 API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: they put a link inside each operation's button (axe nested-interactive); no
    # syntax colours: red on dark grey is 3.45:1 (axe color-contrast).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": False}},
    # Several models have a "status"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "DistrictStatusEnum": "districts.models.District.Status",
    },
}

DATA_ATTRIBUTION = _(
    "Dong boundaries: Statistics Korea SGIS (KOGL Type 1), processed by vuski/admdongkor (CC BY 4.0). "
    "Market stores: Gwangju Metropolitan City, data.go.kr."
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (35.1385, 126.8560),
    "DEFAULT_ZOOM": 13,
    "MIN_ZOOM": 6,
    "MAX_ZOOM": 19,
    "TILES": [
        (
            "OpenStreetMap",
            os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
            {"attribution": "&copy; OpenStreetMap contributors", "maxZoom": 19},
        )
    ],
    "ATTRIBUTION_PREFIX": "SGIS · vuski/admdongkor (CC BY 4.0) · data.go.kr",
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
    # Leaflet finds its marker images from leaflet.css's URL, which the manifest storage renames
    # (marker-icon.<hash>.png) under DEBUG=0, so markers would load from the page's own path.
    "FORCE_IMAGE_PATH": STATIC_URL + "leaflet/images/",
    "PLUGINS": {
        "markercluster": {
            "css": ["vendor/markercluster/MarkerCluster.css", "vendor/markercluster/MarkerCluster.Default.css"],
            "js": ["vendor/markercluster/leaflet.markercluster.js"],
            "auto-include": False,
        },
    },
}

# Domain settings (rules kept as settings, not literals in code).
DEFAULT_LOCAL_GOVERNMENT_CODE = os.environ.get("DEFAULT_LOCAL_GOVERNMENT_CODE", "29140")
# privacy (개인정보 보호법): the personal-data access log is kept at least two years (안전성 확보조치 기준
# 제8조), so a shorter value is raised to 730 days; reporters' contact data is erased this long after closing.
PRIVACY_ACCESS_LOG_RETENTION_DAYS = max(730, int(os.environ.get("PRIVACY_ACCESS_LOG_RETENTION_DAYS", "730")))
HOTLINE_REPORTER_CONTACT_RETENTION_DAYS = int(os.environ.get("HOTLINE_REPORTER_CONTACT_RETENTION_DAYS", "90"))
# The monthly review flags an official whose count of an action is this many times their usual month
# and above the floor of that action.
PRIVACY_REVIEW_UNUSUAL_FACTOR = 3
PRIVACY_REVIEW_UNUSUAL_FLOOR = {"export": 5, "download": 20, "default": 50}
# hotline: a duplicate may be merged into an open ticket, or one closed at most this many days ago.
HOTLINE_MERGE_RECENT_DAYS = int(os.environ.get("HOTLINE_MERGE_RECENT_DAYS", "30"))
ONNURI_REVENUE_LIMIT_WON = int(os.environ.get("ONNURI_REVENUE_LIMIT_WON", "3000000000"))
UPLOAD_MAX_BYTES = 10 * 1024 * 1024  # documents and photos
# Store claims: a claim needs a business registration certificate reviewed by an official, or a positive
# answer from the National Tax Service check (국세청 사업자등록정보 진위확인, data.go.kr). Off by default.
NTS_VERIFICATION_ENABLED = env_bool("NTS_VERIFICATION_ENABLED", False)
NTS_VALIDATE_URL = os.environ.get("NTS_VALIDATE_URL", "https://api.odcloud.kr/api/nts-businessman/v1/validate")
NTS_SERVICE_KEY = os.environ.get("NTS_SERVICE_KEY", "")
NTS_TIMEOUT_SECONDS = float(os.environ.get("NTS_TIMEOUT_SECONDS", "5"))
NTS_CLIENT_CLASS = "merchants.nts.NtsBusinessClient"
# Store files uploaded in the browser; larger ones go through `manage.py import_stores`.
STORE_IMPORT_MAX_BYTES = int(os.environ.get("STORE_IMPORT_MAX_BYTES", str(500 * 1024 * 1024)))
# Store and sales imports: recovery after a dead worker. A running job stamps a heartbeat at every
# batch (2,000 rows, about a second); one silent this long lost its worker and is run again from the
# start, at most this many times before it fails with a reason.
IMPORT_STALE_SECONDS = int(os.environ.get("IMPORT_STALE_SECONDS", "180"))
IMPORT_MAX_ATTEMPTS = int(os.environ.get("IMPORT_MAX_ATTEMPTS", "3"))
# Districts: largest GeoJSON boundary file an official may upload.
DISTRICT_BOUNDARY_UPLOAD_MAX_BYTES = int(os.environ.get("DISTRICT_BOUNDARY_UPLOAD_MAX_BYTES", 2 * 1024 * 1024))

# Security: strict in production, relaxed for local development.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp), enforced with DEBUG on too so the browser tests see
# violations: only this site's files, inline <script>/<style> only with the request's nonce
# (nonce="{{ request.csp_nonce }}"), map tiles from the configured tile host.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

from core.csp import tile_source  # noqa: E402

CSP_TILE_SOURCES = sorted({src for _label, url, _attrs in LEAFLET_CONFIG["TILES"] if (src := tile_source(url))})
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *CSP_TILE_SOURCES],
        "connect-src": [SELF],
        "font-src": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

# Plain-HTTP demo stacks (production settings on http://, e.g. CI's smoke test or a laptop demo):
# PLAIN_HTTP_DEMO=1 turns off what would break login without TLS (Secure cookies, the redirect to
# https, HSTS). Never set it where real users log in; `check --deploy` then warns about each.
PLAIN_HTTP_DEMO = not DEBUG and env_bool("PLAIN_HTTP_DEMO", False)
if PLAIN_HTTP_DEMO:
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = False
    SECURE_HSTS_SECONDS = 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_HSTS_PRELOAD = False

# Logging: one line per event, each with the request (or task) id; the Celery worker uses this
# same configuration (alleydistricts/celery.py). Django's default "django" handler is replaced,
# not added to, so nothing prints twice; expected 4xx are logged without a traceback.
LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.request_id.RequestIdLogFilter"},
        "client_error_traceback": {"()": "core.log_filters.ClientErrorTracebackFilter"},
    },
    "formatters": {"line": {"format": LOG_FORMAT}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["request_id", "client_error_traceback"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Listed with no handlers of their own: their lines go to the root handler once.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}
