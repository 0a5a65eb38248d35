"""Keeping derived data current when content changes.

(Cached pages need nothing here: database triggers renew the content version, see digest.cache.)

- Entry.search_text includes tag names, but taggit adds and removes tags without saving the
  entry, and a tag can be renamed in the admin; these receivers refresh the affected entries.
"""

from django.db.models.signals import m2m_changed, post_migrate, post_save
from django.dispatch import receiver
from taggit.models import Tag

from .cache import renew_everything
from .models import Entry, Issue, TaggedEntry


def refresh_search_text(entries):
    for entry in entries.prefetch_related("tags"):
        Entry.objects.filter(pk=entry.pk).update(search_text=entry.build_search_text())


@receiver(post_migrate, dispatch_uid="digest-new-code")
def new_code_deployed(sender, app_config, using, **kwargs):
    """Every deployment runs `migrate`: pages built by the previous code become stale."""
    if app_config.label == "digest":
        renew_everything(using)


@receiver(m2m_changed, sender=TaggedEntry)
def entry_tags_changed(sender, instance, action, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Entry):
        refresh_search_text(Entry.objects.filter(pk=instance.pk))
        Issue.objects.filter(pk=instance.issue_id).touch()


@receiver(post_save, sender=Tag)
def tag_renamed(sender, instance, created, **kwargs):
    if not created:
        refresh_search_text(Entry.objects.filter(tags=instance))
