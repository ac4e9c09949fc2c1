"""One settings module for every environment, driven by environment variables.

See the table in README.md. With nothing set, ``DJANGO_DEBUG=1`` gives a
local site on an embedded SQLite file under ``var/``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
if DEBUG:
    ALLOWED_HOSTS += ["testserver"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "guide",
    "clinics",
    "plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: it compresses what every other one made.
    "config.middleware.CompressPublicPages",
    "config.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A plan's data key lives for one request; plan pages are never cached.
    "plans.middleware.plan_key_scope",
    # After sessions, before common: the language comes from the address.
    "django.middleware.locale.LocaleMiddleware",
    # A first visit to / in a Spanish-speaking browser goes to /es/.
    "config.middleware.first_visit_language",
    "django.middleware.common.CommonMiddleware",
    "config.middleware.reject_foreign_charsets",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Innermost: the first to see a view's database error.
    "config.middleware.DatabaseUnavailable",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "plans.context_processors.saved_questions",
            ],
            "libraries": {"site": "config.templatetags"},
        },
    },
]

# Database: embedded SQLite unless DATABASE_URL names a server.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections buy nothing for a local file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Deleted or overwritten rows are zeroed in the file, not left readable
    # in free pages (a plan's text from before it was sealed, or deleted).
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA secure_delete = ON;"}
    # Tests get a file too: an in-memory database shared between threads
    # reports "table is locked" instead of waiting for a writer. One file per
    # test process, so two runs side by side never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
    VAR_DIR.mkdir(exist_ok=True)

# Caches. "default" (cached PDFs, sealed) is shared by every worker: the
# database, or Redis. "pages" holds whole public guide pages: this process's
# memory, or Redis so that several servers share one cache (see
# config/pagecache.py). REDIS_URL is optional; nothing else needs Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
PAGE_CACHE_SHARED = bool(REDIS_URL)
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "3600"))
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "pages")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }

# The session only carries a device's key to a plan and small preferences, so
# it lives in a signed cookie: no server-side session rows, no expiry that
# cuts off a slow typist (the plan itself lives 180 days from last use).
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_AGE = 180 * 24 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True  # the 180 days count from the last visit
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# English at /, Mexican Spanish at /es/ (config/urls.py). Only languages
# whose interface and content are complete are offered.
LANGUAGES = [("en", "English"), ("es", "Español")]
CONTENT_LANGUAGES = [("en", "English"), ("es", "Español")]
# "es" is written as in Mexico: dates "27 de noviembre de 2026", 1,234.56.
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes; a test or a second checkout can point it elsewhere.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or VAR_DIR / "static")
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
WHITENOISE_USE_FINDERS = DEBUG

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Security headers. The site makes no request to any other origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# HTTPS: on by default in production. DJANGO_HTTPS=0 serves plain HTTP (the
# test suite's live server); DJANGO_SSL_REDIRECT=0 leaves redirects to a
# TLS-terminating proxy; DJANGO_TRUSTED_PROXY=1 trusts its X-Forwarded-Proto.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # "__Host-": the browser keeps these only if secure, for this host alone
    # and the whole path, so a sibling subdomain cannot plant or read them.
    SESSION_COOKIE_NAME = "__Host-session"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD", default=True)
TRUSTED_PROXY = env_bool("DJANGO_TRUSTED_PROXY", default=False)
if TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The plan's PDF is made in a child process, stopped after this many seconds,
# in one of PDF_SLOTS machine-wide slots (one per gunicorn worker by
# default); with every slot taken, a request waits this long, then is told
# to try again in a moment (waiting holds a worker thread, so keep it short).
PDF_TIMEOUT_SECONDS = float(os.environ.get("DJANGO_PDF_TIMEOUT", "45"))
PDF_SLOTS = int(os.environ.get("DJANGO_PDF_SLOTS", "3"))
PDF_QUEUE_SECONDS = float(os.environ.get("DJANGO_PDF_QUEUE_WAIT", "0"))
PDF_SLOT_DIR = Path(os.environ.get("DJANGO_PDF_SLOT_DIR") or VAR_DIR / "pdf-slots")

# The admin lives at a path of your choosing (DJANGO_ADMIN_PATH), not /admin/.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin").strip("/") + "/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_private_paths": {"()": "config.logging.RedactPrivatePaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_private_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs name paths; the filter hides private tokens in them.
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint reports every layout step at INFO; keep only its warnings.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
