"""Picks: the editor's picks of the week, entries of the same issue shown at its top, and the
queries that show readers only the picks whose entry is in the pick's issue."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .base import CleanTextModel, ContentQuerySet
from .entry import Entry
from .issue import Issue


class PickQuerySet(ContentQuerySet):
    def in_own_issue(self):
        """Picks whose entry is in the pick's issue: what readers are shown, so that a pick
        left behind by a change made outside the model's checks never leads nowhere."""
        return self.filter(entry__issue_id=F("issue_id"))

    def for_display(self):
        """The picks readers are shown, with what showing a pick needs of its entry (the
        headline and the anchor; not the summary)."""
        return (
            self.in_own_issue()
            .select_related("entry")
            .defer(
                "entry__summary",
                "entry__summary_html",
                "entry__search_text",
                "entry__card_description",
            )
        )


class Pick(CleanTextModel):
    """One of the editor's picks of the week: an entry of the same issue, shown at the top."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="picks", verbose_name=_("issue")
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="picks", verbose_name=_("entry")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    blurb = models.CharField(
        _("blurb"),
        max_length=300,
        blank=True,
        help_text=_("Text of the pick; the entry's headline if empty."),
    )

    objects = PickQuerySet.as_manager()

    class Meta:
        verbose_name = _("pick")
        verbose_name_plural = _("picks")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "entry"],
                name="pick_unique_entry_per_issue",
                violation_error_message=_("This entry is already one of the issue's picks."),
            )
        ]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        # The admin calls clean(); this also stops code paths that skip it.
        if self.entry.issue_id != self.issue_id:
            raise ValidationError(_("A pick must be an entry of the same issue."))
        super().save(*args, **kwargs)
        Issue.objects.filter(pk=self.issue_id).touch()

    def get_absolute_url(self):
        """The picked entry on its issue's page."""
        return f"{self.issue.get_absolute_url()}#{self.entry.slug}"

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Issue.objects.filter(pk=self.issue_id).touch()
        return result

    @property
    def text(self):
        return self.blurb or self.entry.headline

    def clean(self):
        super().clean()
        if self.entry_id and self.issue_id and self.entry.issue_id != self.issue_id:
            raise ValidationError(
                {"entry": _("A pick must be an entry of the same issue.")}, code="other_issue"
            )
