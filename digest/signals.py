"""Keeping derived data current when content changes.

- After a commit that changed content, the HTTP cache in front of the site is told which pages
  to drop (digest.cdn). (The page cache itself needs nothing here: database triggers renew the
  content versions, see digest.cache.)

- Entry.search_text includes tag names, but taggit adds and removes tags without saving the
  entry, and a tag can be renamed in the admin; these receivers refresh the affected entries.
"""

from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from taggit.models import Tag

from . import triggers
from .cache import renew_everything
from .cdn import purge_after_commit
from .models import Entry, Issue, Pick, Section, TaggedEntry

CONTENT_MODELS = (Issue, Entry, Pick, Section, Tag, TaggedEntry)


def content_changed(sender, **kwargs):
    purge_after_commit()


for model in CONTENT_MODELS:
    post_save.connect(content_changed, sender=model, dispatch_uid=f"cdn-save-{model.__name__}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"cdn-delete-{model.__name__}")


def refresh_search_text(entries):
    for entry in entries.prefetch_related("tags"):
        Entry.objects.filter(pk=entry.pk).update(search_text=entry.build_search_text())


@receiver(post_migrate, dispatch_uid="digest-new-code")
def new_code_deployed(sender, app_config, using, **kwargs):
    """Every deployment runs `migrate`: the triggers are installed as this code defines them
    (a migration that rebuilt a table on SQLite dropped its triggers), and pages built by the
    previous code become stale."""
    connection = connections[using]
    if app_config.label == "digest" and "digest_contentversion" in (
        connection.introspection.table_names()
    ):
        triggers.install(connection)
        renew_everything(using)


@receiver(m2m_changed, sender=TaggedEntry)
def entry_tags_changed(sender, instance, action, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    purge_after_commit()
    if isinstance(instance, Entry):
        refresh_search_text(Entry.objects.filter(pk=instance.pk))
        Issue.objects.filter(pk=instance.issue_id).touch()


@receiver(post_save, sender=Tag)
def tag_renamed(sender, instance, created, **kwargs):
    if not created:
        refresh_search_text(Entry.objects.filter(tags=instance))
