"""Keeping derived data current when content changes.

- Every committed change of an issue, entry, pick, section or tag makes cached pages stale
  (digest.cache.content_changed).
- Entry.search_text includes tag names, but taggit adds and removes tags without saving the
  entry, and a tag can be renamed in the admin; these receivers refresh the affected entries.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from .cache import content_changed
from .models import Entry, Issue, Pick, Section, StatusChange, TaggedEntry

CONTENT_MODELS = (Issue, Entry, Pick, Section, Tag, TaggedEntry, StatusChange)


def refresh_search_text(entries):
    for entry in entries.prefetch_related("tags"):
        Entry.objects.filter(pk=entry.pk).update(search_text=entry.build_search_text())


def content_saved_or_deleted(sender, **kwargs):
    content_changed()


for model in CONTENT_MODELS:
    post_save.connect(content_saved_or_deleted, sender=model, dispatch_uid=f"cache-save-{model}")
    post_delete.connect(
        content_saved_or_deleted, sender=model, dispatch_uid=f"cache-delete-{model}"
    )


@receiver(m2m_changed, sender=TaggedEntry)
def entry_tags_changed(sender, instance, action, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    content_changed()
    if isinstance(instance, Entry):
        refresh_search_text(Entry.objects.filter(pk=instance.pk))
        Issue.objects.filter(pk=instance.issue_id).touch()


@receiver(post_save, sender=Tag)
def tag_renamed(sender, instance, created, **kwargs):
    if not created:
        refresh_search_text(Entry.objects.filter(tags=instance))
