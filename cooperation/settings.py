"""Settings of the East–West Cooperation Portal, read from the environment.

Development runs with no variables set (SQLite under ``var/``, DEBUG on). Production sets
``DJANGO_DEBUG=false`` and must then provide ``DJANGO_SECRET_KEY``: start-up fails without it.
"""

import datetime
import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean variable the way people write them: 1/0, true/false, yes/no, on/off."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated list, dropping empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - refused above outside DEBUG

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
# How many reverse proxies stand in front of the portal and append to X-Forwarded-For; 0
# believes no forwarding header at all.
TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "axes",
    "dbbackup",
    "django_tasks",
    "django_tasks_db",
    "cooperation.core",
    "programs",
    "talent",
    "cooperation.dashboard",
    "cooperation.reference",
    "csp",
    # Last, as django-cleanup asks: deletes a document's file once it is replaced or deleted.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    "cooperation.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Repeated wrong passwords lock an account out from the address they came from (django-axes),
# for a while, or until an administrator deletes the attempt in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", "30"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cooperation.core.admin.locked_out"
# The address a sign-in came from, read past the trusted proxies as the API's throttle reads it.
AXES_CLIENT_IP_CALLABLE = "cooperation.api.access.client_address"

ROOT_URLCONF = "cooperation.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "cooperation.wsgi.application"

# PostgreSQL in production and CI (DATABASE_URL); an SQLite file for a newcomer.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Statistics may read from a PostgreSQL replica; tests mirror it onto the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
STATS_DATABASE = "replica" if "replica" in DATABASES else "default"
# PostgreSQL's JIT compiles the statistics' aggregates over a country's records for longer
# (about 0.2 s) than it then saves; the portal's queries run best interpreted. A URL's own
# ``?options=`` wins.
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Chinese pages group digits by thousands with commas, as the reports they mirror do.
FORMAT_MODULE_PATH = ["cooperation.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The chart library comes from npm (package-lock.json), served from node_modules/.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "cooperation.staticfinders.NodeModulesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Where `manage.py dbbackup` and `mediabackup` (django-dbbackup) write, and restores read.
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("DJANGO_BACKUP_DIR", str(VAR_DIR / "backups"))},
    },
    # Exports and imports run in the background: their files, served only to who asked.
    "jobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("DJANGO_JOBS_DIR", str(VAR_DIR / "jobs"))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files are served only through cooperation.dashboard.views.agreement_document, at media/.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# The largest agreement document an official may upload.
DOCUMENT_MAX_MEGABYTES = int(os.environ.get("DJANGO_DOCUMENT_MAX_MB", "20"))

LOGIN_URL = "admin:login"

# Background jobs (large exports and imports) go through Django's task framework (the
# django-tasks backport). The default keeps the queue in the database, so nothing else must
# run but `python manage.py db_worker`; DJANGO_TASKS_BACKEND names another backend, e.g.
# django_tasks.backends.immediate.ImmediateBackend to run each job inside its request.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A sheet of more rows than this is exported or imported as a background job, not in the
# request; smaller ones are answered at once.
JOBS_ROWS_IN_REQUEST = int(os.environ.get("DJANGO_JOBS_ROWS_IN_REQUEST", "2000"))
# The largest file and the most rows an official may import at a time (the import_records
# command has no limit): a larger one is refused, with these limits in the message.
IMPORT_MAX_MEGABYTES = int(os.environ.get("DJANGO_IMPORT_MAX_MB", "20"))
IMPORT_MAX_ROWS = int(os.environ.get("DJANGO_IMPORT_MAX_ROWS", "100000"))

# Logs go to standard error, one JSON object a line (DJANGO_LOG_FORMAT=text for a developer's
# console), each with its request's id; a server error comes with its traceback, and is
# mailed to ADMINS when DEBUG is off.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "cooperation.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {"()": "cooperation.logs.JSONFormatter"},
        "text": {"()": "cooperation.logs.TextFormatter"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": os.environ.get("DJANGO_LOG_FORMAT", "json"),
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # Django's records reach the root's handler; the errors are also mailed.
    "loggers": {"django": {"handlers": ["mail_admins"], "level": LOG_LEVEL}},
}
# Who is mailed server errors: "Name <address>, address, …".
ADMINS = [
    (name or address, address)
    for name, address in getaddresses([os.environ.get("DJANGO_ADMINS", "")])
    if address
]
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
# Officials are mailed when their records are returned or published: printed to the console
# in development, sent through the mail server above in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", SERVER_EMAIL)

# The API: token auth for clients (first, so an anonymous write is told to authenticate),
# session auth for the browser; JSON by default, CSV on ?format=csv or Accept: text/csv.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cooperation.api.access.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["cooperation.api.access.ModelPermission"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "cooperation.api.renderers.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "cooperation.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "cooperation.api.access.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["cooperation.api.access.AnonThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cooperation.api.base.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # The throttle tells clients apart by the address the trusted proxies saw, so that a
    # client cannot name itself anew in X-Forwarded-For to escape its limit.
    "NUM_PROXIES": TRUSTED_PROXIES,
}
# Lists (the API's, the admin's) count their rows exactly up to this many; beyond, the total
# is the database's estimate and says so, since counting a national table costs more than
# the page itself.
LIST_EXACT_COUNT_LIMIT = 10_000

# Requests per period an anonymous client may make, e.g. "60/minute"; empty turns it off.
API_ANON_RATE = os.environ.get("DJANGO_API_ANON_RATE", "60/minute") or None
# API tokens (django-rest-knox) are kept hashed and expire after this many days.
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=int(os.environ.get("DJANGO_API_TOKEN_DAYS", "365"))),
    "AUTH_HEADER_PREFIX": "Token",
}
# Wrong API tokens an address may send per period before it is refused for the rest of it.
API_FAILED_TOKEN_RATE = os.environ.get("DJANGO_API_FAILED_TOKEN_RATE", "10/minute") or None

SPECTACULAR_SETTINGS = {
    "TITLE": "East–West Cooperation Portal API",
    "DESCRIPTION": (
        "Records of East–West cooperation (东西部协作) between paired districts, and their "
        "statistics. Anonymous clients read published records; send `Authorization: Token "
        "<key>` to read and write what your account may."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for the qualifier choices, whichever field carries them.
    "ENUM_NAME_OVERRIDES": {"QualifierEnum": "cooperation.core.models.quantities.Qualifier"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cooperation.api.schema.add_error_responses",
    ],
    # The documentation pages load their scripts from the portal itself, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Security headers. HTTPS is assumed in production; a plain-HTTP intranet turns the redirect
# and HSTS off with DJANGO_SECURE_SSL_REDIRECT=false and DJANGO_SECURE_HSTS_SECONDS=0.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probes the health check over plain HTTP and must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The flag only consents to the browsers' preload list; nothing is listed until submitted.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
if TRUSTED_PROXIES:
    # Believe the scheme only from a proxy, which must set or strip this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Every page runs only the portal's own scripts and styles: no inline script or style, no
# CDN. The charts' data travels in <script type="application/json">, which is not run; a
# template that must inline an element gives it the request's nonce ({{ request.csp_nonce }}),
# which then alone joins the policy of that response.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# No page of the portal uses any of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
