"""Version history of issues: each save stores the issue with its entries, picks and tags.

Built on django-reversion's storage. Revisions are recorded explicitly, once the issue and
everything under it has been saved, so a version is always the complete, consistent issue.
taggit's manager is not a field that gets serialized, so tags are kept through the through
model (TaggedEntry) and the Tag rows themselves, and restoring brings them back too.
"""

import reversion
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reversion.models import Version
from taggit.models import Tag

from .models import Entry, Issue, Pick, TaggedEntry

# Workflow state is not content: restoring an old version keeps the issue's current state.
WORKFLOW_FIELDS = ("status", "publish_at", "published_at")


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


def restore(version, user):
    """Bring an issue back as it was in `version`, entries, picks and tags included.

    The issue keeps its current workflow state; a deleted issue comes back as a draft. The
    restore itself is recorded as a new version, so it can be undone the same way.
    """
    issue_id = int(version.object_id)
    current = Issue.objects.filter(pk=issue_id).values(*WORKFLOW_FIELDS, "version").first()
    with transaction.atomic():
        version.revision.revert(delete=True)
        if current is None:
            current = {"status": Issue.Status.DRAFT, "publish_at": None, "published_at": None}
        current["version"] = F("version") + 1
        Issue.objects.filter(pk=issue_id).update(**current, updated_at=timezone.now())
        issue = Issue.objects.get(pk=issue_id)
        # Stored HTML follows the restored Markdown.
        issue.save()
        for entry in issue.entries.all():
            entry.save()
        when = formats.date_format(
            timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
        )
        record_version(issue, user, _("Restored the version of %(when)s.") % {"when": when})
    return issue
