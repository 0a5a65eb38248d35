"""Version history of issues: each save stores the issue with its entries, picks and tags.

Built on django-reversion's storage. Revisions are recorded explicitly, once the issue and
everything under it has been saved, so a version is always the complete, consistent issue.
taggit's manager is not a field that gets serialized, so tags are kept through the through
model (TaggedEntry) and the Tag rows themselves, and restoring brings them back too.
"""

import datetime
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version
from taggit.models import Tag

from .models import Entry, Issue, Pick, Section, TaggedEntry

# Workflow state is not content: restoring an old version keeps the issue's current state.
WORKFLOW_FIELDS = ("status", "publish_at", "published_at")
# What an editor reads when comparing two states of an issue, in the order of the issue page.
ISSUE_CONTENT_FIELDS = (
    "title",
    "coverage_start",
    "source_url",
    "intro",
    "cover_image",
    "cover_alt",
)
ENTRY_CONTENT_FIELDS = (
    "section",
    "position",
    "headline",
    "original_title",
    "source_url",
    "summary",
    "image",
    "image_alt",
    "card_url",
    "card_site",
    "card_title",
    "card_description",
    "slug",
)


def register_models():
    reversion.register(Issue, follow=("entries", "picks"))
    reversion.register(Entry, follow=("tagged_items",))
    reversion.register(Pick)
    reversion.register(TaggedEntry)
    # Tags are stored in each revision but not followed: restoring must never delete a tag
    # that other entries use now.
    reversion.register(Tag)


def record_version(issue, user=None, comment=""):
    """Store the issue as it is now, with its entries, picks and tags, as one revision.

    Every editorial change ends here once the issue and everything under it is saved (admin
    saves and status changes, imports, restores, scheduled publication), so this is also where
    the issue's share image is brought up to date (`Issue.refresh_share_image`).
    """
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(issue)
        for tag in Tag.objects.filter(digest_taggedentry_items__content_object__issue=issue):
            reversion.add_to_revision(tag)
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
    issue.refresh_share_image()


def record_unless_recorded(issue, user=None, comment=""):
    """Store the issue as it is now unless its newest version already holds it, so that a
    change about to be made can be undone (edits made outside the admin are not recorded)."""
    latest = versions_of(issue.pk).first()
    if latest is None or latest.revision.date_created < issue.updated_at:
        record_version(issue, user, comment)


def versions_of(issue_id):
    """The stored versions of an issue, newest first."""
    return (
        Version.objects.get_for_model(Issue)
        .filter(object_id=str(issue_id))
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def deleted_issues():
    """The last stored version of every issue that has been deleted."""
    return Version.objects.get_deleted(Issue).select_related("revision", "revision__user")


class RestoreConflict(Exception):
    """The issue changed after the editor was shown what a restore would change."""


ANY_VERSION = object()


def restore(version, user, expected_version=ANY_VERSION):
    """Bring an issue back as it was in `version`, entries, picks and tags included.

    The issue keeps its current workflow state; a deleted issue comes back as a draft. The
    restore is a new version: the issue's version counter rises past every value it had, so a
    form opened before the restore is refused as stale. It is recorded in the history, so it
    can be undone the same way.

    `expected_version`, when given, is the counter the editor confirmed the restore at (None
    for a deleted issue): RestoreConflict, and nothing restored, if the issue changed since.
    """
    issue_id = int(version.object_id)
    with transaction.atomic():
        # Locked, so that no save slips in between reading the counter and raising it.
        current = (
            Issue.objects.select_for_update()
            .filter(pk=issue_id)
            .values(*WORKFLOW_FIELDS, "version")
            .first()
        )
        current_version = current["version"] if current is not None else None
        if expected_version is not ANY_VERSION and expected_version != current_version:
            raise RestoreConflict
        if current is None:
            current = {
                "status": Issue.Status.DRAFT,
                "publish_at": None,
                "published_at": None,
                "version": highest_stored_counter(issue_id),
            }
        version.revision.revert(delete=True)
        # Reverting wrote the old version's counter back: count on from the current one.
        current["version"] += 1
        Issue.objects.filter(pk=issue_id).update(**current, updated_at=timezone.now())
        issue = Issue.objects.get(pk=issue_id)
        # Stored HTML follows the restored Markdown.
        issue.save()
        for entry in issue.entries.all():
            entry.save()
        issue.refresh_from_db()
        when = formats.date_format(
            timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
        )
        record_version(issue, user, _("Restored the version of %(when)s.") % {"when": when})
    return issue


def highest_stored_counter(issue_id):
    """The highest version counter any stored version of the issue had (for deleted issues)."""
    return max(
        (version.field_dict.get("version", 0) for version in versions_of(issue_id)), default=0
    )


# --- What a restore would change ----------------------------------------------------------------


@dataclass
class Snapshot:
    """An issue's content as an editor reads it: every value as text."""

    fields: dict = field(default_factory=dict)  # issue field name -> text
    entries: dict = field(default_factory=dict)  # entry id -> {field name or "tags": text}
    picks: list = field(default_factory=list)  # pick texts in order


@dataclass
class Change:
    label: str
    now: str
    after: str


@dataclass
class EntryChanges:
    headline: str
    changes: list


@dataclass
class RestorePreview:
    """What restoring a version changes in the issue as it is now."""

    fields: list  # [Change]
    entries_back: list  # headlines of entries the restore brings back
    entries_removed: list  # headlines of entries the restore deletes
    entries_changed: list  # [EntryChanges]
    picks_now: list
    picks_after: list

    @property
    def picks_change(self):
        return self.picks_now != self.picks_after

    @property
    def is_empty(self):
        return not (
            self.fields
            or self.entries_back
            or self.entries_removed
            or self.entries_changed
            or self.picks_change
        )


def restore_preview(version):
    """Compare the issue now (nothing, if deleted) with the issue as `version` stored it."""
    issue = Issue.objects.filter(pk=version.object_id).first()
    now = snapshot_now(issue) if issue is not None else Snapshot()
    after = snapshot_of(version)
    fields = _changes(Issue, ISSUE_CONTENT_FIELDS, now.fields, after.fields)
    changed = []
    for entry_id in now.entries.keys() & after.entries.keys():
        changes = _changes(
            Entry, ENTRY_CONTENT_FIELDS, now.entries[entry_id], after.entries[entry_id]
        )
        if changes:
            changed.append(EntryChanges(now.entries[entry_id]["headline"], changes))
    return RestorePreview(
        fields=fields,
        entries_back=_headlines(after.entries, after.entries.keys() - now.entries.keys()),
        entries_removed=_headlines(now.entries, now.entries.keys() - after.entries.keys()),
        entries_changed=changed,
        picks_now=now.picks,
        picks_after=after.picks,
    )


def snapshot_now(issue):
    """The issue's content as saved now."""
    sections = _section_names()
    entries = issue.entries.with_tags().order_by("section__position", "position", "pk")
    return Snapshot(
        fields=_texts(issue, ISSUE_CONTENT_FIELDS, sections),
        entries={
            entry.pk: {
                **_texts(entry, ENTRY_CONTENT_FIELDS, sections),
                "tags": ", ".join(tag.name for tag in entry.tag_list),
            }
            for entry in entries
        },
        picks=[pick.text for pick in issue.picks.select_related("entry")],
    )


@dataclass
class StoredIssue:
    """An issue as a revision stored it: unsaved model instances, tags by entry id."""

    issue: Issue
    entries: dict  # id -> Entry
    picks: dict  # id -> Pick
    tags: dict  # entry id -> [tag name, ...]

    def objects(self, model):
        """{id: instance} of the issue's entries (model Entry) or picks (model Pick)."""
        return {Entry: self.entries, Pick: self.picks}.get(model, {})


def stored_issue(version):
    """The issue, its entries, picks and tags as the revision of `version` stored them."""
    stored = {}
    for item in version.revision.version_set.select_related("content_type"):
        stored.setdefault(item.content_type.model_class(), []).append(item.field_dict)
    tag_names = {tag["id"]: tag["name"] for tag in stored.get(Tag, [])}
    tags = {}
    for link in sorted(stored.get(TaggedEntry, []), key=lambda link: link["id"]):
        name = tag_names.get(link["tag_id"])
        if name is None:  # a tag the revision did not store: it exists still
            name = Tag.objects.filter(pk=link["tag_id"]).values_list("name", flat=True).first()
        tags.setdefault(link["content_object_id"], []).append(name or "?")
    return StoredIssue(
        issue=_instance(Issue, version.field_dict),
        entries={values["id"]: _instance(Entry, values) for values in stored.get(Entry, [])},
        picks={values["id"]: _instance(Pick, values) for values in stored.get(Pick, [])},
        tags=tags,
    )


def version_seen_at(issue_id, counter, look_back=50):
    """The stored version of the issue that a form opened at version counter `counter` showed,
    or None if it is not among the last `look_back` versions.

    Versions are recorded after the change that raised the counter, holding a counter no
    higher than the issue's after that change, and higher than before it: the newest version
    not above `counter` is the content the form was opened with.
    """
    for version in versions_of(issue_id)[:look_back]:
        if version.field_dict.get("version", 0) <= counter:
            return version
    return None


def snapshot_of(version):
    """The issue's content as the revision of `version` stored it."""
    stored = stored_issue(version)
    sections = _section_names()
    order = dict(Section.objects.values_list("pk", "position"))
    entries = {
        entry.pk: {
            **_texts(entry, ENTRY_CONTENT_FIELDS, sections),
            "tags": ", ".join(stored.tags.get(entry.pk, [])),
        }
        for entry in sorted(
            stored.entries.values(),
            key=lambda entry: (order.get(entry.section_id, 0), entry.position, entry.pk),
        )
    }
    picks = sorted(stored.picks.values(), key=lambda pick: (pick.position, pick.pk))
    return Snapshot(
        fields=_texts(stored.issue, ISSUE_CONTENT_FIELDS, sections),
        entries=entries,
        picks=[pick.blurb or entries.get(pick.entry_id, {}).get("headline", "?") for pick in picks],
    )


def _instance(model, values):
    """An unsaved model instance with the stored values of its concrete fields."""
    return model(
        **{f.attname: values[f.attname] for f in model._meta.concrete_fields if f.attname in values}
    )


def _section_names():
    return {section.pk: section.name for section in Section.objects.all()}


def _texts(obj, names, sections):
    """{field name: the value as an editor reads it} of model instance `obj`."""
    texts = {}
    for name in names:
        value = getattr(obj, obj._meta.get_field(name).attname)
        if name == "section":
            value = sections.get(value, value)
        elif isinstance(value, FieldFile):
            value = value.name
        elif isinstance(value, datetime.date):
            value = formats.date_format(value, "DATE_FORMAT")
        texts[name] = "" if value is None else str(value)
    return texts


def _changes(model, names, now, after):
    """[Change] for each field (and the tags) whose text differs between `now` and `after`."""
    labels = {name: capfirst(model._meta.get_field(name).verbose_name) for name in names}
    labels["tags"] = capfirst(_("tags"))
    return [
        Change(label, now.get(name, ""), after.get(name, ""))
        for name, label in labels.items()
        if name in now or name in after
        if now.get(name, "") != after.get(name, "")
    ]


def _headlines(entries, ids):
    return [entries[entry_id]["headline"] for entry_id in entries if entry_id in ids]
