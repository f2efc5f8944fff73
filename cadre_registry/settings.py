"""Settings for cadre-registry, read from the environment only (DESIGN §10).

DATABASE_URL  database address (default: SQLite under var/)
DATABASE_REPLICA_URL  optional read replica for report reads (cadre_registry.replica)
REDIS_URL     optional shared cache (sessions, login throttling, figures); local memory otherwise
SECRET_KEY    required unless DEBUG
DEBUG         1/0, true/false, yes/no, on/off (default: off)
ALLOWED_HOSTS comma-separated host names (default: localhost names when DEBUG, none otherwise)
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from cadre_registry.env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: export SECRET_KEY=<a long random string>."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)

INSTALLED_APPS = [
    "accounts.apps.RegistryAdminConfig",  # django.contrib.admin, for superusers and district staff
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "axes",
    "accounts",
    "units",
    "figures",
    "officials",
    "standards",
    "training",
    "reorganisation",
    "spreadsheets",
    "django_tasks_db",
    "jobs",
    "pages",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cadre_registry.middleware.HostileQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "cadre_registry.replica.RecentWriteMiddleware",
    "figures.middleware.FiguresBeforeCommit",
]

ROOT_URLCONF = "cadre_registry.urls"

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
                "accounts.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "cadre_registry.wsgi.application"

_DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or _DEFAULT_DATABASE_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 0),
        )
    }
except ValueError as exc:  # an unknown scheme or a malformed address
    raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from None
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.postgresql",
    "django.db.backends.sqlite3",
):
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL or SQLite database.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The demo's web process and its worker write to one file: a transaction takes the write
    # lock when it begins (none fails upgrading a read lock) and waits for the other's commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

# A read replica serves the dashboard's and the API's reads (cadre_registry.replica).
_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if _REPLICA_URL:
    try:
        DATABASES["replica"] = dj_database_url.parse(
            _REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 0)
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL cannot be read: {exc}") from None
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["cadre_registry.replica.ReplicaRouter"]
# No JIT compilation on PostgreSQL: the registry's reports read at most a few hundred thousand
# rows, and once the planner's statistics are up to date their estimated cost passes
# jit_above_cost, so that each report compiled 100 functions every time it ran, which took longer
# than running the query (issue 12: the national report of 10,000 officials took 0.12-0.28 s
# instead of 0.09 s; of 168,000 officials 1.5-2.5 s instead of 1.0-1.5 s, and the hand-written
# query 0.75-0.92 s instead of 0.69-0.79 s). An `options` given in the address (?options=...) is
# kept, and one that sets jit itself wins.
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _options = _database.setdefault("OPTIONS", {})
        if "jit" not in _options.get("options", ""):
            _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
REPLICA_STICKY_SECONDS = env_int("REPLICA_STICKY_SECONDS", 300)

# A shared cache when REDIS_URL names one (several workers or servers): sessions, login
# throttling and the cached figures live there. Otherwise each process keeps its own.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Two registries sharing one Redis never read each other's figures.
            "KEY_PREFIX": f"cadre:{Path(str(DATABASES['default']['NAME'])).name}",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},  # a national trend is about 1,000 reports
        }
    }
# Cached compliance reports (standards.cached) are keyed by the data's versions: a write makes
# them unreachable at once; this only bounds how long an unused one occupies the cache.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 24 * 60 * 60)

# Background jobs (jobs app): Django's task framework on the database (django-tasks-db), so that
# SQLite demos and PostgreSQL servers need nothing more; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Roster files this large (about 3,000 rows of .xlsx) are imported by the worker, not the request.
IMPORT_JOB_MIN_BYTES = env_int("IMPORT_JOB_MIN_BYTES", 256 * 1024)
# A reorganisation worksheet of this many rows or more is applied by the worker: about 700 rows
# a second, so a whole legacy province (thousands of rows) takes seconds and the country about
# 4 minutes, while a worksheet below it (a few communes) is applied within about 1.5 s, as fast as
# the largest import kept in the request, and its report is shown at once.
REORGANISATION_JOB_MIN_ROWS = env_int("REORGANISATION_JOB_MIN_ROWS", 1000)
# A report download (roster export, BM02/BNV) covering this many communes or more is written by
# the worker: every province (legacy: 47 communes or more; since 2025: 38 to 168, the one of 38
# alone below it) and the whole country; a commune or a district (690 of the 691 legacy
# districts have at most 36 communes) is answered at once.
EXPORT_JOB_MIN_COMMUNES = env_int("EXPORT_JOB_MIN_COMMUNES", 40)
# A running job whose worker gave no sign of life for this long is shown as failed.
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 30)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.UsernameInPasswordValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginThrottleBackend",  # django-axes: locks out after repeated failures
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.RolePermissionBackend",  # district staff's admin permissions by role
]

# Login throttling (django-axes): a user name is locked on the address it was tried from after
# AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Also per address across user names (a spray of many names from one address), with a higher
# limit since an office shares an address (accounts.backends.LoginThrottleHandler).
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.backends.LoginThrottleHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["cadre_registry.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # collectstatic fills it; WhiteNoise wants it
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# WhiteNoise serves what collectstatic wrote, compressed (gzip, and Brotli when installed), once
# it has run outside DEBUG (the production profile); until then the files in their folders.
WHITENOISE_USE_FINDERS = DEBUG or not any(STATIC_ROOT.iterdir())
MEDIA_URL = "media/"
# Uploaded evidence, rosters and worksheets waiting for confirmation, the files background jobs
# keep and produce: one directory shared by every app server and the worker (see docs/deploy.md).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
ROSTER_MAX_UPLOAD_BYTES = env_int("ROSTER_MAX_UPLOAD_BYTES", 64 * 1024 * 1024)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Uploads: request bodies and files kept in memory are bounded; evidence files have their own
# limit and types (officials.validators).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_PERMISSIONS = 0o640

if not DEBUG:
    # Behind HTTPS (SECURE_COOKIES=0 only for local tests over plain HTTP): secure cookies,
    # a redirect to HTTPS and HSTS. TRUST_X_FORWARDED_PROTO=1 behind a TLS-terminating proxy.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
    # The health check answers over plain HTTP too: `curl http://127.0.0.1:8000/healthz` on the
    # machine and a load balancer's check reach the app without the proxy's TLS.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int(
        "SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if SESSION_COOKIE_SECURE else 0
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
    SECURE_HSTS_PRELOAD = SECURE_HSTS_INCLUDE_SUBDOMAINS  # only takes effect once submitted
    if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Content security policy (Django's own middleware): nothing but this site's files.
    SECURE_CSP = {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF],
        "style-src": [CSP.SELF],
        "img-src": [CSP.SELF, "data:"],
        "font-src": [CSP.SELF],
        "connect-src": [CSP.SELF],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
