"""Whole-page cache for anonymous readers, fresh in every deployment the docs allow.

Freshness is decided by the database, not by the cache. `ContentVersion` holds a random token
that database triggers replace whenever a row of public content changes — whatever makes the
change: the admin, a management command, a restore, a Django shell, raw SQL (migration 0006).
Each cached page is stored with the token read *before* it was built, and is served only while
that token is still the database's current one. So the first request after any committed
change rebuilds the page, on every worker and every app server, with or without Redis, and a
cache that restarts, is flushed or evicts keys can only lose pages, never bring old ones back:
tokens are random and never repeat.

Nothing is written when a scheduled issue goes live, so each page also records when the next
scheduled issue falls due, read with the page; from that moment the page is rebuilt.

Pages are kept in the default cache (each worker's memory, or Redis when `REDIS_URL` is set);
with Redis each worker also keeps copies of the pages it serves in its own memory (the "pages"
cache), so a hit moves no page over the network. Either way a hit costs one small query for
the token. When the database does not answer, cached pages are served until the next scheduled
publication (nothing can change content meanwhile) and everything else is a 503.

Only anonymous GET/HEAD requests without a session cookie are served from or written to the
cache, and only complete 200 responses that set no cookie and allow caching (previews are
`never_cache`). The key holds the scheme, host, language, path and only the query parameters
the page reads (`PAGE_PARAMETERS`), so made-up query strings cannot fill the cache.
"""

import hashlib
import logging
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError, connection, connections
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

logger = logging.getLogger(__name__)

CONTENT_SCOPE = "content"
WORKER_COPIES = "pages"  # the cache alias of each worker's copies of pages, with Redis
# The query parameters each cached page reads (by URL name); every other one is ignored.
PAGE_PARAMETERS = {
    "digest:search": ("q", "page", "section", "tag", "year"),
    "digest:tag-detail": ("page",),
    "sitemap": ("p",),
}


def current_token():
    """The database's current content token; None when there is none yet (nothing cached)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM digest_contentversion WHERE scope = %s", [CONTENT_SCOPE])
        row = cursor.fetchone()
    return row[0] if row else None


def renew_token(using="default"):
    """Make every cached page stale: for changes no trigger sees (a restore, new code).
    Does nothing to a database not migrated that far yet."""
    from .models import ContentVersion

    if ContentVersion._meta.db_table not in connections[using].introspection.table_names():
        return
    ContentVersion.objects.using(using).update_or_create(
        scope=CONTENT_SCOPE, defaults={"token": secrets.token_hex(16)}
    )


def next_publication():
    """When the next scheduled issue goes live (a POSIX timestamp), or None."""
    from .models import Issue

    publish_at = (
        Issue.objects.filter(
            status__in=Issue.Status.visible_states(), publish_at__gt=timezone.now()
        )
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    return publish_at.timestamp() if publish_at else None


def worker_copies():
    """This worker's copies of pages (a local-memory cache), or None when the shared cache is
    this process's memory already."""
    return caches[WORKER_COPIES] if WORKER_COPIES in settings.CACHES else None


def is_cacheable_request(request):
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PATHS)


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def page_parameters(request):
    """The query string's parameters that the requested page reads, in a fixed order."""
    try:
        names = PAGE_PARAMETERS.get(resolve(request.path_info).view_name, ())
    except Resolver404:
        names = ()
    return urlencode([(name, value) for name in names for value in request.GET.getlist(name)])


def page_key(request):
    language = translation.get_language_from_request(request)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{page_parameters(request)}"
    return f"digest:page:{language}:{hashlib.sha256(address.encode()).hexdigest()}"


class StoredPage:
    """What the cache keeps of a page: the content token and next publication time it was
    built at, its status, headers and bytes."""

    __slots__ = ("token", "valid_until", "status", "headers", "content")

    def __init__(self, token, valid_until, status, headers, content):
        self.token, self.valid_until = token, valid_until
        self.status, self.headers, self.content = status, headers, content

    @classmethod
    def of(cls, response, token, valid_until):
        headers = list(response.items())
        return cls(token, valid_until, response.status_code, headers, response.content)

    def is_current(self, token, now):
        due = self.valid_until is None or now < self.valid_until
        return due and (token is None or token == self.token)

    def response(self):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["X-Cache"] = "hit"
        return response


def mark_revalidate(response):
    """Tell browsers and shared caches the truth: this page may change at any moment, so they
    may keep it but must ask again (cheaply, with its ETag) before reusing it."""
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    # The language comes from the cookie or Accept-Language (LocaleMiddleware adds the latter).
    patch_vary_headers(response, ("Cookie",))


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        copies = worker_copies()
        try:
            token = current_token()
        except DatabaseError:
            # Content cannot change while the database is down: serve what is cached.
            logger.warning("Database unavailable; serving cached pages only", exc_info=True)
            stored = self.lookup(key, copies, token=None)
            return stored.response() if stored else self.get_response(request)
        if token is None:  # no change recorded yet (an emptied database): nothing to compare
            response = self.get_response(request)
            if is_cacheable_response(response):
                mark_revalidate(response)
            return response
        stored = self.lookup(key, copies, token)
        if stored is not None:
            return stored.response()
        # The token was read before the page is built: a change committed meanwhile replaces
        # it, so this copy is stale from the start rather than wrongly current.
        valid_until = next_publication()
        response = self.get_response(request)
        if is_cacheable_response(response):
            self.store(key, copies, response, token, valid_until)
        return response

    def lookup(self, key, copies, token):
        """The current copy of the page under `key`, from this worker's copies or the shared
        cache, or None. A cache outage counts as a miss."""
        now = time.time()
        try:
            stored = copies.get(key) if copies is not None else None
            if stored is None or not stored.is_current(token, now):
                stored = cache.get(key)  # built by another worker or app server
                if stored is not None and copies is not None and stored.is_current(token, now):
                    copies.set(key, stored, settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - without the cache, pages come from the database
            logger.warning("Page cache unavailable; serving from the database", exc_info=True)
            return None
        return stored if stored is not None and stored.is_current(token, now) else None

    def store(self, key, copies, response, token, valid_until):
        mark_revalidate(response)
        if not response.has_header("ETag"):
            set_response_etag(response)
        response["X-Cache"] = "miss"
        stored = StoredPage.of(response, token, valid_until)
        try:
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            if copies is not None:
                copies.set(key, stored, settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("Could not store a page in the cache", exc_info=True)
