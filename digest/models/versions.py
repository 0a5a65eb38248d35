"""Page-cache bookkeeping: `ContentVersion`, the tokens naming the current state of what
readers see (digest.cache), and `PendingPurge`, the scopes the HTTP cache in front of the site
has yet to be told about (digest.cdn). Database triggers write both (digest.triggers)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """Random tokens naming the current state of one scope of what readers see.

    Database triggers (migration 0006, which lists the scopes) renew `token` whenever a row of
    an issue, entry, pick, section, tag or tag link in the scope changes, and `removal` when
    something in it is deleted or hidden — whatever makes the change: the admin, a management
    command, a shell, raw SQL. The page cache (digest.cache) serves a page only while the
    tokens of the scopes it shows are those it was built at. Random tokens never repeat, so
    neither a cache restart nor a database restore can make an old copy count as current.
    """

    scope = models.CharField(primary_key=True, max_length=100)
    token = models.CharField(max_length=32)
    removal = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return f"{self.scope}: {self.token}"


class PendingPurge(models.Model):
    """A scope changed since the HTTP cache in front of the site was last told (digest.cdn).
    Queued by the same triggers that renew `ContentVersion`, with a random token renewed by
    every further change; emptied by `digest.cdn.purge`."""

    scope = models.CharField(primary_key=True, max_length=100)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("pending purge")
        verbose_name_plural = _("pending purges")

    def __str__(self):
        return self.scope
