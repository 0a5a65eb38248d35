"""Whole-page cache for anonymous readers, fresh in every deployment the docs allow.

Freshness is decided by the database, not by the cache. `ContentVersion` rows hold random
tokens for *scopes* of what readers see — one issue, one tag, the sections, which issues are
visible, anything at all — that database triggers renew whenever a row in the scope changes,
whatever makes the change: the admin, a management command, a Django shell, raw SQL (migration
0006 lists the scopes). A view says which scopes its page shows (`digest.scopes.depends_on`);
the page is stored with their tokens and served only while they are still current. So a change
makes stale exactly the pages that show what changed, on every worker and every app server,
with or without Redis; and a cache that restarts, is flushed or evicts keys can only lose
pages, never bring old ones back: tokens are random and never repeat.

A page is stored only if nothing changed while it was built (the `content` token, renewed by
every change, is the same before and after), so the tokens stored with it always describe the
data it was built from. Nothing is written when a scheduled issue goes live, so each page also
records when the next scheduled issue falls due, read before it is built; from that moment the
page is stale. (A page showing only the issues of some years or weeks — a year, a month, an
issue page and the weeks its links span — records only the next one of those.)

No stampede: when a page goes stale because something in it was *edited*, one request rebuilds
it while concurrent requests get the previous copy (`X-Cache: stale`) for at most
`PAGE_CACHE_REBUILD_SECONDS`. When something in it was deleted or hidden (unpublished), the old
copy is never served again.

Pages are kept in the default cache (each worker's memory, or Redis when `REDIS_URL` is set);
with Redis each worker also keeps copies of the pages it serves in its own memory (the "pages"
cache), so a hit moves no page over the network. Either way a hit costs one query for the
tokens. When the database does not answer, cached pages are served until the next scheduled
publication (nothing can change content meanwhile) and everything else is a 503.

Only anonymous GET/HEAD requests without a session cookie are served from or written to the
cache, and only complete responses that set no cookie and allow caching (previews are
`never_cache`): 200s, and the 404s of views that said what they show (an unpublished issue's
address until it is published), never those of addresses of nothing. The key holds the scheme,
host, language, path and only the query parameters the page reads (`PAGE_PARAMETERS`), so
made-up query strings cannot fill the cache.
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
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

from .links import resolve_reader_path
from .scopes import CONTENT, DEPLOY, next_publication, shows_some_years_only

logger = logging.getLogger(__name__)

WORKER_COPIES = "pages"  # the cache alias of each worker's copies of pages, with Redis
# The query parameters each cached page reads (by URL name); every other one is ignored.
PAGE_PARAMETERS = {
    "digest:search": ("q", "page", "section", "tag", "year"),
    "digest:tag-detail": ("page",),
    "sitemap": ("p",),
}


def versions(scopes):
    """{scope: (token, removal)} as the database holds them now; scopes never changed are
    missing."""
    scopes = sorted(scopes)
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(scopes))
        cursor.execute(
            "SELECT scope, token, removal FROM digest_contentversion "  # noqa: S608 - placeholders
            f"WHERE scope IN ({placeholders})",
            scopes,
        )
        return {scope: (token, removal) for scope, token, removal in cursor.fetchall()}


def renew_everything(using="default"):
    """Make every cached page stale: for changes no trigger sees (a restore, new code).
    Does nothing to a database not migrated that far yet."""
    from .models import ContentVersion

    if ContentVersion._meta.db_table not in connections[using].introspection.table_names():
        return
    for scope in (DEPLOY, CONTENT):
        ContentVersion.objects.using(using).update_or_create(
            scope=scope, defaults={"token": secrets.token_hex(16), "removal": secrets.token_hex(16)}
        )


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


def is_cacheable_response(response, scopes):
    """Complete pages that set no cookie and allow caching: 200s, and 404s of views that said
    what they depend on (`scopes`: an unpublished issue's address, a tag without visible
    entries), never the 404s of made-up addresses, which could fill the cache."""
    if response.status_code not in (200, 404) or response.streaming or response.cookies:
        return False
    if response.status_code == 404 and not scopes:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def page_parameters(request):
    """The query string's parameters that the requested page reads, in a fixed order."""
    if not request.META.get("QUERY_STRING"):
        return ""  # most requests: nothing to look up
    match = getattr(request, "resolver_match", None) or resolve_reader_path(request.path_info)
    names = PAGE_PARAMETERS.get(match.view_name, ()) if match is not None else ()
    return urlencode([(name, value) for name in names for value in request.GET.getlist(name)])


def page_key(request):
    # The URL alone decides the language (config.middleware.LocaleMiddleware).
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    address = f"{request.scheme}://{request.get_host()}{request.path}?{page_parameters(request)}"
    return f"digest:page:{language}:{hashlib.sha256(address.encode()).hexdigest()}"


FRESH, STALE_EDITED, STALE = "fresh", "edited", "stale"
# How often a request waiting for another one's rebuild of a page looks for it.
REBUILD_POLL_SECONDS = 0.05
pause, clock = time.sleep, time.monotonic  # how a waiting request waits (tests wait in no time)
NEVER_CHANGED = (None, None)  # the versions of a scope without a row yet


class StoredPage:
    """What the cache keeps of a page: the versions of the scopes it shows and the next
    publication time when it was built, its status, headers and bytes."""

    __slots__ = ("versions", "valid_until", "status", "headers", "content")

    def __init__(self, versions, valid_until, status, headers, content):
        self.versions, self.valid_until = versions, valid_until
        self.status, self.headers, self.content = status, headers, content

    @classmethod
    def of(cls, response, versions, valid_until):
        # Cache headers are written each time the page is served (see `cache_headers`).
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in {"cache-control", "surrogate-key"}
        ]
        return cls(versions, valid_until, response.status_code, headers, response.content)

    def state(self, current, now):
        """FRESH while every scope it shows is unchanged and no issue has gone live since;
        STALE_EDITED when things in it were only edited; else STALE."""
        changed = [
            scope
            for scope, version in self.versions.items()
            if current.get(scope, NEVER_CHANGED) != version
        ]
        if self.valid_until is not None and now >= self.valid_until:
            return STALE  # a scheduled issue went live: readers see it from its time on
        if not changed:
            return FRESH
        removed = [
            scope
            for scope in changed
            if current.get(scope, NEVER_CHANGED)[1] != self.versions[scope][1]
        ]
        if not removed:
            return STALE_EDITED
        return STALE

    def response(self, state="hit"):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        cache_headers(response, self.versions, self.valid_until)
        response["X-Cache"] = state
        return response


def cache_headers(response, scopes, valid_until):
    """Tell browsers and shared caches the truth about a cacheable page.

    Browsers may keep it but must ask again (cheaply, with its ETag) before reusing it: it may
    change at any moment. An HTTP cache that is told about changes (`DIGEST_CDN_PURGE_URLS`,
    digest.cdn) may keep it until the next scheduled issue goes live, and learns from
    `Surrogate-Key` which changes concern it; any other shared cache must ask every time.
    """
    if settings.DIGEST_CDN_PURGE_URLS:
        shared_for = settings.DIGEST_CDN_MAX_AGE
        # Until the next issue goes live, and then not a moment longer (no stale copy).
        until_due = None if valid_until is None else max(0, int(valid_until - time.time()))
        if until_due is not None and until_due < shared_for:
            patch_cache_control(response, public=True, max_age=0, s_maxage=until_due)
        else:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=shared_for,
                stale_while_revalidate=settings.PAGE_CACHE_REBUILD_SECONDS,
            )
        response["Surrogate-Key"] = " ".join(sorted(scopes))
    else:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    # The language is in the URL; a signed-in editor's request (a session cookie) is another matter.
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
        stored = self.lookup(key, copies)
        asked = {CONTENT, DEPLOY, *(stored.versions if stored else ())}
        try:
            current = versions(asked)
        except DatabaseError:
            # Content cannot change while the database is down: serve what is cached.
            logger.warning("Database unavailable; serving cached pages only", exc_info=True)
            if stored is not None and (
                stored.valid_until is None or time.time() < stored.valid_until
            ):
                return stored.response()
            return self.get_response(request)
        if stored is not None:
            state = stored.state(current, time.time())
            if state == FRESH:
                return stored.response()
            if copies is not None:  # another worker or app server may have rebuilt it
                shared = self.shared_copy(key, copies, stored)
                if shared is not None:
                    return shared
            if not self.claim_rebuild(key):  # another request is rebuilding it
                if state == STALE_EDITED:
                    return stored.response("stale")
                # Something in it was removed: never the previous copy, but the one being
                # built, once it is stored (or build it here if it does not come).
                rebuilt = self.wait_for_rebuild(key, copies, stored)
                if rebuilt is not None:
                    return rebuilt
        return self.build(request, key, copies, current, asked)

    def lookup(self, key, copies):
        """The page stored under `key` (this worker's copy first), or None; a cache outage
        counts as a miss."""
        try:
            stored = copies.get(key) if copies is not None else None
            return stored if stored is not None else cache.get(key)
        except Exception:  # noqa: BLE001 - without the cache, pages come from the database
            logger.warning("Page cache unavailable; serving from the database", exc_info=True)
            return None

    def shared_copy(self, key, copies, stale):
        """The shared cache's copy of the page if it is fresh (built elsewhere after `stale`)."""
        try:
            stored = cache.get(key)
        except Exception:  # noqa: BLE001
            return None
        if stored is None or stored.versions == stale.versions:
            return None
        if stored.state(versions([*stored.versions]), time.time()) != FRESH:
            return None
        copies.set(key, stored, settings.PAGE_CACHE_SECONDS)
        return stored.response()

    def claim_rebuild(self, key):
        """Whether this request is the one to rebuild the stale page under `key`."""
        try:
            return cache.add(f"{key}:rebuild", 1, settings.PAGE_CACHE_REBUILD_SECONDS)
        except Exception:  # noqa: BLE001
            return True

    def wait_for_rebuild(self, key, copies, stale):
        """The copy of the page that another request is building, once it is stored and
        fresh; None if it does not come within PAGE_CACHE_REBUILD_SECONDS or the other request
        gave up (this request then builds the page itself)."""
        deadline = clock() + settings.PAGE_CACHE_REBUILD_SECONDS
        while clock() < deadline:
            pause(REBUILD_POLL_SECONDS)
            try:
                stored = cache.get(key)
                building = cache.get(f"{key}:rebuild") is not None
                rebuilt = stored is not None and stored.versions != stale.versions
                if rebuilt and stored.state(versions([*stored.versions]), time.time()) == FRESH:
                    if copies is not None:
                        copies.set(key, stored, settings.PAGE_CACHE_SECONDS)
                    return stored.response("waited")
            except Exception:  # noqa: BLE001 - cache or database trouble: build it here
                return None
            if not building:
                return None
        return None

    def release_rebuild(self, key):
        try:
            cache.delete(f"{key}:rebuild")
        except Exception:  # noqa: BLE001 - the claim expires by itself
            logger.warning("Could not release a page rebuild", exc_info=True)

    def build(self, request, key, copies, before, asked):
        """Build the page and store it with the versions of the scopes it shows, unless one of
        them changed while it was built (`before`: the versions of the scopes `asked` as the
        request began)."""
        started = timezone.now()
        valid_until = next_publication()
        request.page_scopes = None
        response = self.get_response(request)
        if not is_cacheable_response(response, request.page_scopes):
            self.release_rebuild(key)
            return response
        scopes = request.page_scopes
        scopes = {CONTENT} if scopes is None else set(scopes)
        scopes.add(DEPLOY)
        if shows_some_years_only(scopes):
            # Only a scheduled issue of those years or weeks changes it when it goes live (one
            # due while the page was built makes it stale at once).
            try:
                valid_until = next_publication(scopes, after=started)
            except DatabaseError:
                return response
        cache_headers(response, scopes, valid_until)
        if not response.has_header("ETag"):
            set_response_etag(response)
        response["X-Cache"] = "miss"
        try:
            after = versions(scopes | {CONTENT})
        except DatabaseError:
            return response
        if scopes <= asked:
            # The page shows what it showed last time: only a change in those scopes while it
            # was built costs the copy, not one anywhere else on the site.
            changed = any(
                before.get(scope, NEVER_CHANGED) != after.get(scope, NEVER_CHANGED)
                for scope in scopes
            )
        else:
            changed = CONTENT not in before or before[CONTENT] != after.get(CONTENT)
        if changed:
            # What it shows changed while it was built: keep no copy, and let the next request
            # build it again rather than serve the previous copy.
            self.release_rebuild(key)
            return response
        stored = StoredPage.of(
            response, {scope: after.get(scope, NEVER_CHANGED) for scope in scopes}, valid_until
        )
        try:
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            if copies is not None:
                copies.set(key, stored, settings.PAGE_CACHE_SECONDS)
            cache.delete(f"{key}:rebuild")
        except Exception:  # noqa: BLE001
            logger.warning("Could not store a page in the cache", exc_info=True)
        return response
