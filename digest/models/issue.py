"""The issue: one week's digest, its fields and what is told from them (titles, coverage,
language, publication date, share image). How it moves between states is the workflow's
(`IssueWorkflow` in digest.models.workflow, which `Issue` inherits); the queries over issues
are `IssueQuerySet` (digest.models.issue_queryset)."""

import html

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from markdownx.models import MarkdownxField

from .. import share_images, weeks
from ..languages import django_language, language_of, site_language
from ..links import cached_reverse
from ..markdown import RenderedHTMLField, render_markdown, validate_markdown
from ..source_links import without_tracking
from ..uploads import GeneratedImageName, ReencodedImageField, stored_image_size
from .base import CleanTextModel, Month, issue_title, search_text
from .issue_queryset import IssueQuerySet
from .workflow import IssueStatus, IssueWorkflow


class Issue(IssueWorkflow, CleanTextModel):
    """One week's digest: an intro, the editor's picks and entries grouped in sections."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(1900), MaxValueValidator(2999)],
        help_text=_("ISO year of the week the issue covers."),
    )
    week = models.PositiveSmallIntegerField(
        _("week"),
        validators=[MinValueValidator(1), MaxValueValidator(53)],
        help_text=_("ISO week number, 1 to 52 or 53."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_('Leave empty for the standard title, e.g. "Week 47, 2020".'),
    )
    coverage_start = models.DateField(
        _("coverage starts"),
        blank=True,
        help_text=_("First day the issue covers; filled from the site's first weekday if empty."),
    )
    source_url = models.URLField(
        _("original post"),
        max_length=1000,
        blank=True,
        help_text=_("Link to the original post this issue was translated or adapted from."),
    )
    intro = MarkdownxField(_("intro"), blank=True, validators=[validate_markdown])
    intro_html = RenderedHTMLField(editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    cover_image = ReencodedImageField(
        _("cover image"),
        upload_to=GeneratedImageName("covers", "cover_image"),
        blank=True,
    )
    cover_alt = models.CharField(_("cover image description"), max_length=300, blank=True)
    # Drawn by refresh_share_image(); its name says what it shows (digest.share_images).
    share_image = models.ImageField(
        _("share image"),
        upload_to=share_images.FOLDER,
        max_length=200,
        null=True,
        blank=True,
        editable=False,
    )
    # The image's size in pixels, for <img width height>: the browser keeps the room before
    # the picture arrives, so the text does not jump. Kept by save().
    cover_width = models.PositiveIntegerField(
        _("cover image width"), null=True, blank=True, editable=False
    )
    cover_height = models.PositiveIntegerField(
        _("cover image height"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Raised by every change of the issue or of its entries and picks; a form that was opened
    # at an older version is stale and may not overwrite the newer content.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-year", "-week"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "week"],
                name="issue_unique_year_week",
                violation_error_message=_("There is already an issue for this year and week."),
            ),
            models.CheckConstraint(
                condition=Q(week__gte=1, week__lte=53),
                name="issue_week_range",
                violation_error_message=_("The week must be between 1 and 53."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review"]) | Q(publish_at__isnull=False),
                name="issue_visible_has_publish_at",
                violation_error_message=_("A scheduled or published issue needs a publish time."),
            ),
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="issue_status_publish_at")]
        permissions = [
            ("review_issue", _("Can review issues and request changes")),
            ("publish_issue", _("Can schedule, publish and unpublish issues")),
            ("edit_any_issue", _("Can edit issues in review, scheduled or published")),
            ("preview_issue", _("Can preview unpublished issues")),
            ("share_preview", _("Can create and revoke preview links")),
            ("restore_issue", _("Can restore earlier versions of issues")),
        ]

    def __str__(self):
        return self.display_title

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self.version += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("digest:issue-detail", self.year, self.week)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        # A restored issue gets its picture drawn again (history.restore).
        self.share_image.delete(save=False)
        return result

    def fill_derived_fields(self):
        if not self.coverage_start and weeks.week_exists(self.year, self.week):
            self.coverage_start = weeks.default_coverage_start(self.year, self.week)
        self.intro_html = render_markdown(self.intro)
        self.search_text = self.build_search_text()
        self.cover_width, self.cover_height = stored_image_size(self.cover_image)

    def build_search_text(self):
        """The text search looks in: title and intro."""
        return search_text(self.title, self.intro)

    @property
    def display_title(self):
        return self.title or issue_title(self.year, self.week)

    @property
    def intro_text(self):
        """The intro as plain text, for descriptions and previews."""
        return " ".join(html.unescape(strip_tags(self.intro_html)).split())

    @property
    def description(self):
        """One line saying what the issue is, for search engines and shared links."""
        return self.intro_text or _("%(title)s: this week's hand-picked papers and articles.") % {
            "title": self.display_title
        }

    @property
    def source_link(self):
        """The original post's link as readers follow it: without tracking parameters."""
        return without_tracking(self.source_url)

    @property
    def coverage_end(self):
        return weeks.coverage_end(self.coverage_start)

    @property
    def coverage(self):
        """The days the issue covers, in the reader's language: "15–21 November 2020"."""
        return weeks.date_range_text(self.coverage_start, self.coverage_end)

    @property
    def content_language(self):
        """The BCP 47 tag of the language the issue is written in, told from its title and
        headlines, else its intro (`digest.languages`); the site's language when none has words.
        """
        headlines = [entry.headline for entry in self.entries.all()[:8]]
        return (
            language_of(" ".join([self.title, *headlines]))
            or language_of(self.intro_text)
            or site_language()
        )

    def refresh_share_image(self):
        """Draw the picture link previews show for the issue (`digest.share_images`): its title,
        week and picks, in the issue's language. Only for an issue readers see or will see at
        its publish time, and only when no picture of what it shows now is stored; the outdated
        one is removed. True when the issue got a new picture."""
        if self.status not in self.Status.visible_states():
            return False
        with translation.override(django_language(self.content_language)):
            words = [
                str(self.display_title),
                self.coverage,
                str(_("Editor's picks of the week")),
                *(pick.text for pick in self.picks.in_own_issue().select_related("entry")),
            ]
        name = share_images.name_for(self, words)
        storage = self.share_image.storage
        if not storage.exists(name):
            png = share_images.draw(*words[:3], words[3:])
            if png is None:
                return False
            saved = storage.save(name, ContentFile(png))
            if saved != name:  # another process stored the same picture meanwhile
                storage.delete(saved)
        elif self.share_image.name == name:
            return False
        outdated, self.share_image.name = self.share_image.name, name
        Issue.objects.filter(pk=self.pk).update(share_image=name)
        if outdated and outdated != name:
            storage.delete(outdated)
        return True

    @property
    def month(self):
        """The `Month` whose summary this issue belongs to."""
        return Month(*weeks.month_of(self.year, self.week))

    def clean(self):
        super().clean()
        if self.year and self.week and not weeks.week_exists(self.year, self.week):
            raise ValidationError(
                {
                    "week": _("%(year)d has no week %(week)d; its last ISO week is %(last)d.")
                    % {"year": self.year, "week": self.week, "last": weeks.weeks_in_year(self.year)}
                }
            )

    def sections_with_entries(self):
        """[(section, [entry, ...]), ...] in reading order.

        Uses the entries prefetched by `IssueQuerySet.with_contents()` when present, so a page
        of many issues costs a fixed number of queries.
        """
        from .entry import group_by_section  # entries refer to issues: imported when used

        return group_by_section(self.entries_in_reading_order())

    def entries_in_reading_order(self):
        """The issue's entries, section by section (prefetched ones when present)."""
        return sorted(
            self.entries.all(),
            key=lambda entry: (entry.section.position, entry.section_id, entry.position, entry.pk),
        )

    @property
    def is_visible(self):
        return (
            self.status in self.Status.visible_states()
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def publication_date(self):
        """When the issue went out, as readers, feeds and search engines are told: the recorded
        publication, else (a scheduled issue) its publish time; None unless scheduled or
        published."""
        if self.status not in self.Status.visible_states():
            return None
        return self.published_at or self.publish_at

    @property
    def modified_date(self):
        """When readers last saw the issue change: its last edit, or its going live if later."""
        return max(filter(None, (self.updated_at, self.publication_date)))

    @property
    def default_publish_at(self):
        """When this week's issue goes out under the site's publication calendar."""
        return weeks.publication_time(self.year, self.week)

    @property
    def planned_publish_at(self):
        """When the issue goes (or went) out: its own publish time, else its week's slot."""
        return self.publish_at or self.default_publish_at

    @staticmethod
    def check_pick_count(count):
        """Raise ValidationError when an issue would have `count` picks, more than the
        site's limit (`DIGEST_PICK_LIMIT`): picks head the issue page, a few of them."""
        limit = settings.DIGEST_PICK_LIMIT
        if count > limit:
            raise ValidationError(
                ngettext(
                    "An issue has at most %(limit)d pick; this one would have %(count)d.",
                    "An issue has at most %(limit)d picks; this one would have %(count)d.",
                    limit,
                )
                % {"limit": limit, "count": count},
                code="too_many_picks",
            )
