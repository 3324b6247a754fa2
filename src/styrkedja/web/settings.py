"""Django settings, driven by the environment.

DATABASE_URL chooses the database (default: SQLite under var/ in the project
directory). STYRKEDJA_SECRET_KEY, STYRKEDJA_DEBUG and STYRKEDJA_ALLOWED_HOSTS
configure production; the defaults suit the local demo. Every variable read here
is listed in the README's settings table (a test checks it), and a value that
cannot be read is refused with ImproperlyConfigured naming the variable.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The project directory: the checkout for an editable install, else the working directory.
_checkout = PACKAGE_DIR.parent.parent
PROJECT_DIR = _checkout if (_checkout / "pyproject.toml").exists() else Path.cwd()
VAR_DIR = Path(os.environ.get("STYRKEDJA_VAR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting; a value that is neither is refused rather than read as "no"."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: expected one of {', '.join(sorted(_TRUE | _FALSE))}"
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


DEBUG = env_bool("STYRKEDJA_DEBUG", False)
# The demo key is only for local use: the production entry point (wsgi.py) refuses it with DEBUG off
# unless STYRKEDJA_DEMO_KEY says this server is a local demo (see core/deploy.py).
DEMO_SECRET_KEY = "styrkedja-local-demo-key-not-for-production"
SECRET_KEY = os.environ.get("STYRKEDJA_SECRET_KEY", DEMO_SECRET_KEY)
STYRKEDJA_DEMO_KEY = env_bool("STYRKEDJA_DEMO_KEY", False)
ALLOWED_HOSTS = os.environ.get("STYRKEDJA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "styrkedja.web.core",
    "styrkedja.web.areas",
    "styrkedja.web.indicators",
    "styrkedja.web.strategies",
    "styrkedja.web.followup",
    "styrkedja.web.projects",
    "styrkedja.web.chain",
    "styrkedja.web.dashboards",
    "styrkedja.web.influence",
    "styrkedja.web.contribution",
    "styrkedja.web.rounds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "styrkedja.web.core.middleware.SwedishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it turns a lockout into the lockout page
]

ROOT_URLCONF = "styrkedja.web.urls"
WSGI_APPLICATION = "styrkedja.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "web" / "templates"],
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'styrkedja.sqlite3'}"),
        conn_max_age=env_int("STYRKEDJA_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server read while an import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"

# The pages' rendered main content (dashboards/cache.py): per process, a few hundred fragments (LRU).
# Keys carry a data version, so a shared cache (Redis, memcached) would be equally correct.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "styrkedja",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 400},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# Swedish first, English on request.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "web" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise looks there first (empty until `collectstatic`)
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "static"]
# WhiteNoise serves static files from the WSGI app, so gunicorn needs no proxy rule for them. Without
# `collectstatic` it finds them where they lie (the finders); after it, from STATIC_ROOT, compressed.
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "dashboards:home"

# Readers of published strategies need no login when this is on.
PUBLIC_READ = env_bool("STYRKEDJA_PUBLIC_READ", False)
# Who processed the statistics shown in charts ("Bearbetning: …"); empty: the caption names only the source.
PROCESSED_BY = os.environ.get("STYRKEDJA_PROCESSED_BY", "").strip()

EMAIL_BACKEND = os.environ.get("STYRKEDJA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("STYRKEDJA_FROM_EMAIL", "styrkedja@localhost")

STYRKEDJA_CACHE_DIR = Path(os.environ.get("STYRKEDJA_CACHE_DIR", VAR_DIR / "cache"))

# Uploaded files (project plans as Excel) above this size are refused before they are read (a
# workbook is a zip: a few MB may unpack to gigabytes, so its unpacked size is checked as well).
STYRKEDJA_MAX_UPLOAD_BYTES = int(os.environ.get("STYRKEDJA_MAX_UPLOAD_MB", "10")) * 1024 * 1024
# Statistics files uploaded on the web for a background import (indicators/jobs.py).
STYRKEDJA_MAX_IMPORT_BYTES = env_int("STYRKEDJA_MAX_IMPORT_MB", 200) * 1024 * 1024
# A plan workbook holds a few hundred cells; this bounds the XML parsed for one upload.
# Percent of a peer group that must have a target's year for the comparison to use that year (the
# missing peers are named); a target in the strategy file may state its own (`peer_coverage`).
STYRKEDJA_PEER_COVERAGE = float(os.environ.get("STYRKEDJA_PEER_COVERAGE", "90"))
STYRKEDJA_MAX_PLAN_UNPACKED_BYTES = 50 * 1024 * 1024

# --- Deployment: all off for the local demo, switched on in production by the environment. ---
# HTTPS: redirect plain HTTP, send cookies only over HTTPS, and HSTS (the browser then refuses plain HTTP).
HTTPS = env_bool("STYRKEDJA_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("STYRKEDJA_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("STYRKEDJA_HSTS_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("STYRKEDJA_HSTS_PRELOAD", HTTPS)
# Behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto header (and only then, since a
# client could send the header itself) and take the client's address from X-Forwarded-For for throttling.
BEHIND_PROXY = env_bool("STYRKEDJA_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("STYRKEDJA_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# Content-Security-Policy: scripts and styles only from this site (the pages have no inline script);
# charts are inline SVG, the API docs' icons data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): after STYRKEDJA_LOGIN_ATTEMPTS failed logins for one user name from one
# address, that pair is locked out for STYRKEDJA_LOGIN_LOCKOUT_MINUTES; a successful login resets the count.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("STYRKEDJA_LOGIN_ATTEMPTS", 5)
AXES_COOLOFF_TIME = _dt.timedelta(minutes=env_int("STYRKEDJA_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "styrkedja.web.core.lockout.locked_out"
AXES_ENABLE_ADMIN = False  # its admin pages would bypass our audit trail; `axes_reset_username` lifts a lock
AXES_VERBOSE = False  # our own log and audit lines say what happened (core/signals.py)
AXES_IPWARE_PROXY_COUNT = 1 if BEHIND_PROXY else None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if BEHIND_PROXY else ["REMOTE_ADDR"]

# Logging: one JSON object per line on stderr, so a 500 leaves its traceback with the request's method,
# path and status (never its body, query string, cookies or headers: see core/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "styrkedja.web.core.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("STYRKEDJA_LOG_LEVEL", "INFO").upper()},
    # Django's own console handler would print errors a second time; they reach the root handler.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # 4xx answers are in the server's access log; here only server errors (with their traceback)
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},  # one line per login otherwise; lockouts and failures stay
    },
}
