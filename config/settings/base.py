"""Settings shared by every environment.

This module is the only place that reads the environment; dev, prod and test adjust the values.
"""

import datetime
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# --- Values from the environment (each one is documented in the README) -----------------------
# django-environ reads and converts them; an empty value counts as unset.
env = environ.Env()


def _names(variable):
    """A comma-separated list, without blanks."""
    return [name.strip() for name in env.list(variable, default=[]) if name.strip()]


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
# None when unset: each environment picks its own default (dev on, prod always off).
DEBUG_FROM_ENV = env.bool("DJANGO_DEBUG", default=None)
DEBUG = bool(DEBUG_FROM_ENV)
ALLOWED_HOSTS = _names("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = _names("DJANGO_CSRF_TRUSTED_ORIGINS")
DATABASES = {
    "default": {
        **env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        "CONN_MAX_AGE": env.int("DJANGO_CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    }
}
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Asia/Tokyo")
LANGUAGE_CODE = env.str("DJANGO_LANGUAGE_CODE", default="zh-hans")
REDIS_URL = env.str("REDIS_URL", default="")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"
# Number of reverse proxies in front of the app whose X-Forwarded-For can be trusted.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
LOGIN_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
LOGIN_COOLOFF_MINUTES = env.int("DJANGO_LOGIN_COOLOFF_MINUTES", default=15)
PAGE_CACHE_ENABLED = env.bool("DIGEST_PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("DIGEST_PAGE_CACHE_SECONDS", default=3600)
PAGE_COPIES = env.int("DIGEST_PAGE_COPIES", default=100)
# The HTTP caches (Varnish) in front of the site that are told what changed (digest.cdn), and
# how long they may keep a page between changes; none: pages say `max-age=0` to every cache.
DIGEST_CDN_PURGE_URLS = _names("DIGEST_CDN_PURGE_URLS")
DIGEST_CDN_MAX_AGE = env.int("DIGEST_CDN_MAX_AGE", default=86400)
# How long readers may get the previous copy of an edited page while one request rebuilds it.
PAGE_CACHE_REBUILD_SECONDS = env.int("DIGEST_PAGE_CACHE_REBUILD_SECONDS", default=10)
# Weekday an issue's coverage starts on (0 = Monday ... 6 = Sunday); an issue may override it.
DIGEST_WEEK_STARTS_ON = env.int("DIGEST_WEEK_STARTS_ON", default=6)
DIGEST_SITE_NAME = env.str("DIGEST_SITE_NAME", default="Digest")
# The weekly publication calendar: weekday (0 = Monday ... 6 = Sunday), local time and zone.
DIGEST_PUBLISH_WEEKDAY = env.int("DIGEST_PUBLISH_WEEKDAY", default=6)
DIGEST_PUBLISH_TIME = env.str("DIGEST_PUBLISH_TIME", default="09:00")
DIGEST_PUBLISH_TIME_ZONE = env.str("DIGEST_PUBLISH_TIME_ZONE", default="")  # "": TIME_ZONE
# The most picks an issue may have (Issue.check_pick_count).
DIGEST_PICK_LIMIT = env.int("DIGEST_PICK_LIMIT", default=5)
# How long a shared preview link works unless revoked earlier.
DIGEST_PREVIEW_LINK_DAYS = env.int("DIGEST_PREVIEW_LINK_DAYS", default=7)
# The site's public address, for absolute links in exports (e-mail HTML), e.g. https://digest.example.
DIGEST_SITE_URL = env.str("DIGEST_SITE_URL", default="")
# A font file with Chinese glyphs for the pictures shared links show (digest.share_images);
# empty: the one fontconfig picks for Chinese, else a well-known location.
DIGEST_SHARE_IMAGE_FONT = env.str("DIGEST_SHARE_IMAGE_FONT", default="")
# Other sites whose pictures pages may show (images in Markdown), e.g. https://images.example.org;
# the browser blocks pictures from anywhere else, so no text can embed a tracking pixel. The
# demo and the sample issue need none: their pictures are uploaded files.
DIGEST_IMAGE_HOSTS = _names("DIGEST_IMAGE_HOSTS")
# Characters a Markdown field (intro, summary) and a live preview request may hold; rendering
# time grows with the length, so this bounds it (benchmarks/markdown_worst_cases.py).
DIGEST_MARKDOWN_MAX_LENGTH = env.int("DIGEST_MARKDOWN_MAX_LENGTH", default=10000)
# "Fill from a link" in the entry editor (digest.link_metadata): arXiv's API, and the limits of
# every fetch (digest.link_fetch: seconds for the whole fetch, redirects included; bytes of an
# answer).
DIGEST_ARXIV_API_URL = env.str("DIGEST_ARXIV_API_URL", default="https://export.arxiv.org/api/query")
DIGEST_LINK_FETCH_TIMEOUT = env.float("DIGEST_LINK_FETCH_TIMEOUT", default=8.0)
DIGEST_LINK_FETCH_MAX_BYTES = env.int("DIGEST_LINK_FETCH_MAX_BYTES", default=2 * 1024 * 1024)
# Outgoing e-mail (review notifications, invitations): SMTP in production; development prints
# messages on the console (dev.py).
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("DJANGO_EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Never from the environment: only the test settings let the link fetcher reach loopback
# addresses, where their fake servers listen (prod.py sets it off again).
DIGEST_LINK_FETCH_ALLOW_LOOPBACK = False

# --- Applications ----------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
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
    # The language: from the URL on readers' pages, the browser's on editors' pages.
    "config.middleware.LocaleMiddleware",
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

# Sign-in happens in the admin (also for invited people who just chose a password).
LOGIN_URL = "admin:login"
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
            # django-redis: one client per server, reused by every call (Django's own backend
            # builds a client per call, which costs a page cache hit a third more CPU time).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "digest",
            # A Redis outage must cost a request milliseconds, not a hung worker.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
        # Each worker's copies of the pages it serves, so that a page cache hit moves no page
        # over the network (digest.cache).
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "digest-pages",
            "OPTIONS": {"MAX_ENTRIES": PAGE_COPIES},
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole pages for anonymous readers (digest.cache); invalidated by content version, so the
# lifetime only bounds how long unused old versions occupy memory.
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
MARKDOWNX_MARKDOWNIFY_FUNCTION = "digest.markdown.render_markdown"
MARKDOWNX_URLS_PATH = "/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/markdownx/upload/"
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_MEDIA_PATH = "uploads/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
