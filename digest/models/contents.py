"""`IssueContents` and `EntryContents`: issues and entries rendered to HTML in one language
(digest.contents)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .entry import Entry
from .issue import Issue


class Rendering(models.Model):
    """HTML rendered in one `language` at the content versions (digest.cache) named in
    `versions`. Derived data, like an entry's `summary_html`: a row whose versions are not
    the current ones is never shown but rendered again (digest.contents)."""

    language = models.CharField(max_length=15)
    versions = models.CharField(max_length=200)

    owner_field = None  # the issue or entry rendered
    rendered_fields = ()  # what is rendered

    class Meta:
        abstract = True

    @classmethod
    def identity_fields(cls):
        """The fields telling renderings apart: those of the model's unique constraint."""
        [unique] = cls._meta.constraints
        return list(unique.fields)


class IssueContents(Rendering):
    """The picks, table of contents, sections and entries of an issue as HTML, for its page
    (and what the page's head says about them), for feeds, for the monthly summary or as its
    line in issue lists."""

    class Kind(models.TextChoices):
        PAGE = "page", _("page")
        FEED = "feed", _("feed")
        MONTH = "month", _("monthly summary")
        SUMMARY = "summary", _("line in issue lists")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=7, choices=Kind)
    owner_field, rendered_fields = "issue", ("html", "head")
    html = models.TextField()
    head = models.JSONField()

    class Meta:
        verbose_name = _("rendered issue contents")
        verbose_name_plural = _("rendered issue contents")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "kind", "language"], name="one_rendering_per_issue_kind_language"
            )
        ]

    def __str__(self):
        return f"{self.issue_id} ({self.kind}, {self.language})"


class EntryContents(Rendering):
    """An entry as pages listing entries of many issues show it (tag pages): its headline
    link and what follows its headline as HTML, the number and heading level around them
    belonging to the page; and the entry as the tag and section feeds show it."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    owner_field, rendered_fields = "entry", ("headline", "body", "feed")
    headline = models.TextField()
    body = models.TextField()
    feed = models.TextField(default="")

    class Meta:
        verbose_name = _("rendered entry")
        verbose_name_plural = _("rendered entries")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "language"], name="one_rendering_per_entry_and_language"
            )
        ]

    def __str__(self):
        return f"{self.entry_id} ({self.language})"
