"""Whole-page cache for anonymous readers that is never stale and never leaks.

Every cached page is stored with the *content version* it was built at: a counter in the
shared cache (Redis in production) that goes up after every committed change of an issue,
entry, pick, section or tag (see digest.signals). A page counts only when its version is the
current one, so a change makes every page fresh at once on every app server sharing the
cache; the next request rebuilds the page and stores it over the old one.

Nothing is saved when a scheduled issue goes live, so the cache also remembers the next
`publish_at` still to come; the first request after that moment raises the version.

With Redis, each worker also keeps the pages it serves in its own memory (the "pages" cache):
a hit then reads only the version and the next due time from Redis, and takes the page's
bytes from memory if they were built at that version. The version still comes from Redis on
every request, so the copies are exactly as fresh as the shared cache.

Only anonymous GET/HEAD requests without a session cookie are served from or written to the
cache, and only complete 200 responses that set no cookie and allow caching (previews are
`never_cache`). Staff, previews and everyone with a session always get a freshly built page.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import set_response_etag

logger = logging.getLogger(__name__)

VERSION_KEY = "digest:content-version"
NEXT_DUE_KEY = "digest:next-due"
NO_SCHEDULED_ISSUE = "none"
WORKER_COPIES = "pages"  # the cache alias of each worker's copies of pages, with Redis


def content_changed():
    """Make every cached page stale, once the current transaction has committed.

    Raising the version only after commit means no request can build a page from the old
    data and store it under the new version.
    """
    transaction.on_commit(_bump_version)


def _bump_version():
    try:
        cache.add(VERSION_KEY, 0, timeout=None)
        cache.incr(VERSION_KEY)
        cache.delete(NEXT_DUE_KEY)
    except Exception:  # noqa: BLE001 - a cache outage must never break saving content
        logger.exception("Could not mark cached pages as stale")


def _version_from(values):
    """The content version, given the cached version and next due time (None: refetch).

    Moves the version on, once, when a scheduled issue has fallen due.
    """
    version = values.get(VERSION_KEY, 0)
    next_due = values.get(NEXT_DUE_KEY)
    if next_due is None:
        try:
            next_due = _store_next_due()
        except DatabaseError:
            # Database down: keep serving what is cached; check again on the next request.
            return version
    if next_due != NO_SCHEDULED_ISSUE and next_due <= time.time():
        _bump_version()
        return None
    return version


def current_version():
    """The content version pages are cached under, moved on when a scheduled issue is due."""
    version = _version_from(cache.get_many([VERSION_KEY, NEXT_DUE_KEY]))
    return current_version() if version is None else version


def _store_next_due():
    from .models import Issue

    publish_at = (
        Issue.objects.filter(
            status__in=Issue.Status.visible_states(), publish_at__gt=timezone.now()
        )
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    next_due = publish_at.timestamp() if publish_at else NO_SCHEDULED_ISSUE
    cache.set(NEXT_DUE_KEY, next_due, timeout=None)
    return next_due


def worker_copies():
    """This worker's copies of pages (a local-memory cache), or None when the shared cache is
    this process's memory already."""
    return caches[WORKER_COPIES] if WORKER_COPIES in settings.CACHES else None


def cached_page(key, version, values, copies):
    """The page stored under `key` at `version`, or None. `values` holds what was read from
    the shared cache already; `copies` is this worker's copies (see `worker_copies`)."""
    if copies is None:
        stored = values.get(key)
    else:
        stored = copies.get(key)
        if stored is None or stored[0] != version:
            stored = cache.get(key)  # built by another worker or app server
            if stored is not None and stored[0] == version:
                copies.set(key, stored, settings.PAGE_CACHE_SECONDS)
    return stored if stored is not None and stored[0] == version else None


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


def page_key(request):
    language = translation.get_language_from_request(request)
    address = hashlib.sha256(f"{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    return f"digest:page:{language}:{address}"


def stored_form(response, version):
    """What the cache keeps of a page: the version it was built at, status, headers, bytes."""
    return (version, response.status_code, list(response.items()), response.content)


def response_from(stored):
    _version, status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module docstring).

    A hit costs one cache round trip: the content version and the next due publish time are
    read together with the page (or the page comes from this worker's copy), and the page
    counts only if it was built at the current version.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        copies = worker_copies()
        try:
            # One round trip: the version and next due time, and the page itself unless this
            # worker keeps its own copies.
            values = cache.get_many([VERSION_KEY, NEXT_DUE_KEY, *([key] if copies is None else [])])
            version = _version_from(values)
            if version is None:
                version = current_version()
            stored = cached_page(key, version, values, copies)
        except Exception:  # noqa: BLE001 - without the cache, pages come from the database
            logger.warning("Page cache unavailable; serving from the database", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            return response_from(stored)
        response = self.get_response(request)
        if is_cacheable_response(response):
            if not response.has_header("ETag"):
                set_response_etag(response)
            response["X-Cache"] = "miss"
            stored = stored_form(response, version)
            try:
                cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
                if copies is not None:
                    copies.set(key, stored, settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("Could not store a page in the cache", exc_info=True)
        return response
