"""Settings shared by every environment.

This module is the only place that reads the environment; dev, prod and test adjust the values.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def _env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# --- Values from the environment -------------------------------------------------------------
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# None when unset: each environment picks its own default (dev on, prod always off).
DEBUG_FROM_ENV = _env_bool("DJANGO_DEBUG", None)
DEBUG = bool(DEBUG_FROM_ENV)
ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Tokyo")
LANGUAGE_CODE = os.environ.get("DJANGO_LANGUAGE_CODE", "zh-hans")
REDIS_URL = os.environ.get("REDIS_URL", "")
SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# Number of reverse proxies in front of the app whose X-Forwarded-For can be trusted.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
LOGIN_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_COOLOFF_MINUTES = int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
# Other sites whose pictures pages may show (images in Markdown), e.g. https://images.example.org;
# the browser blocks pictures from anywhere else, so no text can embed a tracking pixel. The
# demo and the sample issue need none: their pictures are uploaded files.
DIGEST_IMAGE_HOSTS = _env_list("DIGEST_IMAGE_HOSTS")

# --- Applications ----------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "markdownx",
    "reversion",
    "csp",
    "axes",
    "accounts",
    "digest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 Not Modified, for cached pages too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Early, so a cached page costs no session, locale or auth work.
    "digest.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "digest.context_processors.site",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and refuses locked-out clients before checking passwords.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time -----------------------------------------------------------------------
USE_I18N = True
USE_TZ = True
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Cache: Redis when REDIS_URL is set, else this process's memory ----------------------------
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "digest",
            # A Redis outage must cost a request milliseconds, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        # Each worker's copy of the pages it serves, so that a page cache hit reads only the
        # content version from Redis, not the page (digest.cache).
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "digest-pages",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("DIGEST_PAGE_COPIES", "100"))},
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole pages for anonymous readers (digest.cache); invalidated by content version, so the
# lifetime only bounds how long unused old versions occupy memory.
PAGE_CACHE_ENABLED = _env_bool("DIGEST_PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("DIGEST_PAGE_CACHE_SECONDS", "3600"))
PAGE_CACHE_EXCLUDED_PATHS = (f"/{ADMIN_URL}", "/markdownx/", "/preview/", "/language/")

# --- Security for every environment (production adds HTTPS-only settings) -------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere: scripts come from our own static files. Inline styles stay
# allowed because the Django admin sets style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", *DIGEST_IMAGE_HOSTS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
# Sign-in protection (django-axes): lock a client out after repeated failures, for a while.
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# ipware counts the proxies listed *inside* X-Forwarded-For; the last proxy is REMOTE_ADDR
# and not listed, so with N proxies in front the client is the N-th entry from the right.
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if PROXY_COUNT else ("REMOTE_ADDR",)
)
# Uploaded images: raster formats Pillow can open, within these limits (digest.uploads).
DIGEST_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
DIGEST_UPLOAD_MAX_PIXELS = 40_000_000
# What one user's imports waiting for confirmation may hold (document and pictures together).
DIGEST_IMPORT_STAGING_MAX_BYTES = 50 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Tags and Markdown -----------------------------------------------------------------------
TAGGIT_CASE_INSENSITIVE = True
# Characters a Markdown field (intro, summary) and a live preview request may hold; rendering
# time grows with the length, so this bounds it (benchmarks/markdown_worst_cases.py).
DIGEST_MARKDOWN_MAX_LENGTH = int(os.environ.get("DIGEST_MARKDOWN_MAX_LENGTH", "10000"))
MARKDOWNX_MARKDOWNIFY_FUNCTION = "digest.markdown.render_markdown"
MARKDOWNX_URLS_PATH = "/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/markdownx/upload/"
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_MEDIA_PATH = "uploads/"

# --- Digest ----------------------------------------------------------------------------------
# Weekday an issue's coverage starts on (0 = Monday ... 6 = Sunday); an issue may override it.
DIGEST_WEEK_STARTS_ON = int(os.environ.get("DIGEST_WEEK_STARTS_ON", "6"))
DIGEST_SITE_NAME = os.environ.get("DIGEST_SITE_NAME", "Digest")
# The weekly publication calendar: weekday (0 = Monday ... 6 = Sunday), local time and zone.
DIGEST_PUBLISH_WEEKDAY = int(os.environ.get("DIGEST_PUBLISH_WEEKDAY", "6"))
DIGEST_PUBLISH_TIME = os.environ.get("DIGEST_PUBLISH_TIME", "09:00")
DIGEST_PUBLISH_TIME_ZONE = os.environ.get("DIGEST_PUBLISH_TIME_ZONE", "")  # "": TIME_ZONE
# How long a shared preview link works unless revoked earlier.
DIGEST_PREVIEW_LINK_DAYS = int(os.environ.get("DIGEST_PREVIEW_LINK_DAYS", "7"))
# The site's public address, for absolute links in exports (e-mail HTML), e.g. https://digest.example.
DIGEST_SITE_URL = os.environ.get("DIGEST_SITE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
