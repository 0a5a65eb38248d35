"""Telling the HTTP cache or CDN in front of the site exactly which pages changed.

Cacheable pages name the scopes they show in a `Surrogate-Key` header (digest.cache). The
database triggers that renew content versions also queue every changed scope in
`PendingPurge`; `purge()` asks the HTTP cache to drop every page tagged with a queued scope.
It runs after each commit that changed content through the models (digest.signals), and with
`publish_scheduled` every minute for changes made around them (raw SQL, `QuerySet.update()`).
Scheduled publications need no purge: a page's `s-maxage` ends when the next issue goes live.

A purger is anything with `purge(scopes)`; `VarnishBan` is the one shipped: a `BAN` request
that the VCL in docs/deploy/varnish.vcl turns into a ban on the `Surrogate-Key` header.
Without `DIGEST_CDN_PURGE_URLS` pages carry no `s-maxage` and the queue is only emptied.
"""

import http.client
import logging
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q

logger = logging.getLogger(__name__)

BATCH = 100  # scopes per ban: keeps the ban expression short


class PurgeError(Exception):
    """The HTTP cache did not confirm a purge; the scopes stay queued."""


class VarnishBan:
    """Ban, in each Varnish at `urls`, the objects whose Surrogate-Key names one of the scopes."""

    def __init__(self, urls, timeout=2.0):
        self.urls, self.timeout = urls, timeout

    def purge(self, scopes):
        words = "|".join(re.escape(scope) for scope in sorted(scopes))
        # No spaces: Varnish splits a ban expression at them.
        pattern = rf"(^|\s)({words})(\s|$)"
        for url in self.urls:
            parts = urlsplit(url)
            connection = http.client.HTTPConnection(
                parts.hostname, parts.port or 80, timeout=self.timeout
            )
            try:
                connection.request(
                    "BAN", parts.path or "/", headers={"X-Surrogate-Key-Pattern": pattern}
                )
                status = connection.getresponse().status
            except OSError as error:
                raise PurgeError(f"{url}: {error}") from error
            finally:
                connection.close()
            if status != 200:
                raise PurgeError(f"{url} answered {status} to a ban")


def purger():
    """The configured purger, or None when no HTTP cache is in front of the site."""
    urls = settings.DIGEST_CDN_PURGE_URLS
    return VarnishBan(urls) if urls else None


def purge():
    """Send the queued scopes to the HTTP cache and take them off the queue; the scopes sent.

    A scope changed again while it is being purged keeps its place (its token changed), so
    pages the cache fetched between the ban and that change are banned again next time. When
    the cache does not answer, the scopes stay queued and the failure is logged.
    """
    from .models import PendingPurge

    target = purger()
    sent = []
    with transaction.atomic():
        queued = list(
            PendingPurge.objects.select_for_update(skip_locked=True).values_list("scope", "token")
        )
        for start in range(0, len(queued), BATCH):
            batch = queued[start : start + BATCH]
            if target is not None:
                try:
                    target.purge([scope for scope, _ in batch])
                except PurgeError:
                    logger.warning("Could not purge the HTTP cache; will try again", exc_info=True)
                    break
            sent_now = Q()
            for scope, token in batch:
                sent_now |= Q(scope=scope, token=token)
            PendingPurge.objects.filter(sent_now).delete()
            sent += [scope for scope, _ in batch]
    return sent


def purge_after_commit():
    """Purge once the current transaction has committed, if an HTTP cache is configured."""
    if settings.DIGEST_CDN_PURGE_URLS:
        transaction.on_commit(purge)
