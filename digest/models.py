"""Issue, Section, Entry and Pick: the content of a weekly digest, and who may see it."""

import dataclasses
import html
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField
from taggit.models import Tag, TaggedItemBase

from . import share_images, weeks
from .languages import django_language, language_of, site_language
from .links import cached_reverse
from .markdown import RenderedHTMLField, render_markdown, validate_markdown
from .source_links import without_tracking
from .sources import source_kind
from .tags import EntryTags
from .text import without_control_characters
from .uploads import GeneratedImageName, ReencodedImageField, stored_image_size


def search_text(*parts):
    """Searchable form of some text: case-folded, whitespace collapsed."""
    return " ".join(" ".join(part for part in parts if part).casefold().split())


def issue_title(year, week):
    """The default, localized title of an issue: "Week 47, 2020" / "2020 年第 47 周"."""
    return _("Week %(week)d, %(year)d") % {"year": year, "week": week}


def month_title(year, month):
    """The localized title of a monthly summary: "November 2020 summary" / "2020 年 11 月汇总"."""
    return _("%(month_name)s %(year)d summary") % {
        "year": year,
        "month": month,
        "month_name": MONTH_NAMES[month],
    }


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month of the archive; its page is the monthly summary."""

    year: int
    month: int

    def __str__(self):
        return str(self.title)

    @property
    def title(self):
        return month_title(self.year, self.month)

    @property
    def name(self):
        return MONTH_NAMES[self.month]

    def get_absolute_url(self):
        return reverse("digest:month-summary", kwargs={"year": self.year, "month": self.month})


class CleanTextModel(models.Model):
    """A model whose text never holds control characters, however it is saved (admin,
    import, shell): `save()` removes them (digest.text), then fills the derived fields."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for field in self._meta.concrete_fields:
            # Fields editors fill in; the derived ones are made from these below.
            if field.editable and isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                setattr(self, field.attname, without_control_characters(value))
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self):
        """Fields computed from the others (rendered HTML, search text), on every save."""


MONTH_NAMES = {
    1: _("January"), 2: _("February"), 3: _("March"), 4: _("April"), 5: _("May"),
    6: _("June"), 7: _("July"), 8: _("August"), 9: _("September"), 10: _("October"),
    11: _("November"), 12: _("December"),
}  # fmt: skip


class SectionQuerySet(models.QuerySet):
    def with_visible_entries(self):
        """Sections holding at least one visible entry: the only ones readers see named."""
        return self.filter(pk__in=Entry.objects.visible().values("section"))


class Section(CleanTextModel):
    """A numbered part of every issue ("1. Machine Learning Papers"), named in both languages."""

    name_en = models.CharField(_("English name"), max_length=100, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name in the active language."""
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class ContentQuerySet(models.QuerySet):
    """Writes that send no signal still reach the HTTP cache in front of the site (digest.cdn);
    the page cache itself needs nothing: database triggers see every write."""

    def update(self, **kwargs):
        from .cdn import purge_after_commit

        updated = super().update(**kwargs)
        purge_after_commit()
        return updated

    def bulk_create(self, *args, **kwargs):
        from .cdn import purge_after_commit

        created = super().bulk_create(*args, **kwargs)
        purge_after_commit()
        return created


class IssueQuerySet(ContentQuerySet):
    def visible(self):
        """Issues a reader may see: the one rule for everything public."""
        return self.filter(visible_q())

    def with_contents(self):
        """Prefetch what showing whole issues needs: entries with sections and tags, picks."""
        return self.with_picks().prefetch_related(
            # The prefetch sets each entry's issue to the issue itself: no join needed.
            models.Prefetch("entries", queryset=Entry.objects.shown_in_issue()),
        )

    def with_picks(self):
        """Prefetch the picks readers are shown, with their entries, in one query (issue lists
        show them as a teaser of each issue)."""
        return self.prefetch_related(models.Prefetch("picks", queryset=Pick.objects.for_display()))

    def last_modified(self):
        """When the newest change of these issues happened, or the newest went live."""
        latest = self.aggregate(
            updated=models.Max("updated_at"), published=models.Max(publication_date_of())
        )
        dates = [date for date in latest.values() if date is not None]
        return max(dates) if dates else None

    def readable_by(self, user):
        """Visible issues, plus unpublished ones for staff who may preview them."""
        if user.is_staff and user.has_perm("digest.preview_issue"):
            return self
        return self.visible()

    def in_month(self, year, month):
        return self.filter(year=year, week__in=weeks.weeks_of_month(year, month))

    def before(self, issue):
        return self.filter(Q(year__lt=issue.year) | Q(year=issue.year, week__lt=issue.week))

    def after(self, issue):
        return self.filter(Q(year__gt=issue.year) | Q(year=issue.year, week__gt=issue.week))

    def recent_months(self, before=None, limit=2):
        """The newest `Month`s holding issues, newest first.

        With `before` (a `Month`), only months earlier than that one. One query: a month
        holds at most five weeks, so the newest 5 × `limit` issues always cover `limit` months.
        """
        issues = self
        if before is not None:
            first_week = weeks.weeks_of_month(before.year, before.month)[0]
            issues = issues.filter(
                Q(year__lt=before.year) | Q(year=before.year, week__lt=first_week)
            )
        months = []
        rows = issues.order_by("-year", "-week").values_list("year", "week")[: 5 * limit]
        for year, week in rows:
            month = Month(*weeks.month_of(year, week))
            if month not in months:
                months.append(month)
            if len(months) == limit:
                break
        return months

    def publish_due(self):
        """Record scheduled issues whose publish time has passed as published.

        Readers already see such issues (see `visible`); this writes down that they went live.
        Each issue is claimed with a conditional UPDATE, so when several copies run at once
        exactly one records it. Returns the issues this call recorded.
        """
        recorded = []
        due = self.filter(status=Issue.Status.SCHEDULED, publish_at__lte=timezone.now())
        for issue in due:
            with transaction.atomic():
                claimed = Issue.objects.filter(pk=issue.pk, status=Issue.Status.SCHEDULED).update(
                    status=Issue.Status.PUBLISHED,
                    published_at=F("publish_at"),
                    version=F("version") + 1,
                )
                if claimed:
                    issue.status_changes.create(
                        actor=None,
                        from_status=Issue.Status.SCHEDULED,
                        to_status=Issue.Status.PUBLISHED,
                        comment=_("Went live at its scheduled time."),
                    )
                    recorded.append(issue)
        return recorded

    def plan_week(self, year, week):
        """(issue, created): the week's issue, created as a draft with the calendar's defaults
        (coverage start, publish time) when missing. ValueError for a week that does not exist."""
        if not weeks.week_exists(year, week):
            raise ValueError(f"{year} has no week {week}")
        return self.get_or_create(
            year=year,
            week=week,
            defaults={
                "status": Issue.Status.DRAFT,
                "coverage_start": weeks.default_coverage_start(year, week),
                "publish_at": weeks.publication_time(year, week),
            },
        )

    def recent_before(self, issue, count):
        """The `count` issues readers got (or will get) before `issue`: scheduled or
        published ones of earlier weeks, newest first."""
        return (
            self.before(issue)
            .filter(status__in=Issue.Status.visible_states())
            .order_by("-year", "-week")[:count]
        )

    def touch(self):
        """Mark issues as changed (version and updated time) when their entries or picks change."""
        return self.update(version=F("version") + 1, updated_at=timezone.now())

    def year_counts(self):
        """[{"year": 2020, "issues": 9}, ...], newest year first."""
        return self.order_by().values("year").annotate(issues=models.Count("pk")).order_by("-year")

    def months_by_year(self):
        """[(year, number of issues, [Month, ...]), ...]: newest year first, each year's months
        in calendar order. One query."""
        counts, months = {}, {}
        for year, week in self.order_by("-year", "week").values_list("year", "week"):
            counts[year] = counts.get(year, 0) + 1
            month = Month(*weeks.month_of(year, week))  # always in the week's own ISO year
            if month not in months.setdefault(year, []):
                months[year].append(month)
        return [(year, counts[year], months[year]) for year in counts]


def visible_q(prefix=""):
    """The condition under which an issue is public: scheduled or published, and due.

    `prefix` lets related querysets (entries, picks, tags) apply the same rule through their
    relation to the issue, e.g. ``visible_q("issue__")``.
    """
    return Q(
        **{
            f"{prefix}status__in": Issue.Status.visible_states(),
            f"{prefix}publish_at__lte": timezone.now(),
        }
    )


def publication_date_of(prefix=""):
    """The publication date of visible issues (`Issue.publication_date`) as a query expression,
    for aggregates; `prefix` reaches the issue through a relation, as in `visible_q`."""
    return Coalesce(f"{prefix}published_at", f"{prefix}publish_at")


class Issue(CleanTextModel):
    """One week's digest: an intro, the editor's picks and entries grouped in sections."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

        @classmethod
        def visible_states(cls):
            return [cls.SCHEDULED, cls.PUBLISHED]

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
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
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

    # --- Workflow ------------------------------------------------------------------------------

    def can_be_edited_by(self, user):
        """Drafts are open to everyone who may change issues; other states only to editors."""
        if not user.has_perm("digest.change_issue"):
            return False
        return self.status == self.Status.DRAFT or user.has_perm("digest.edit_any_issue")

    def transitions_for(self, user):
        """The transitions `user` may perform on this issue now, in display order."""
        return [
            t
            for t in TRANSITIONS.values()
            if self.status in t.sources and user.has_perm(t.permission)
        ]

    def check_transition(self, name, user):
        """The transition `name` if `user` may make it on the issue as it is now, or raise
        TransitionError saying why not (state, permission, completeness). `user` None is the
        site's operator running a management command: not checked."""
        transition = TRANSITIONS.get(name)
        if transition is None:
            raise TransitionError(_("Unknown action."))
        if self.status not in transition.sources:
            raise TransitionError(
                _("“%(action)s” is not possible for an issue that is %(status)s.")
                % {"action": transition.label, "status": self.get_status_display().lower()}
            )
        if user is not None and not user.has_perm(transition.permission):
            raise TransitionError(
                _("You do not have permission to “%(action)s”.")
                % {"action": transition.label_from(self.status)}
            )
        if transition.target in self.Status.visible_states():
            if not self.entries.exists():
                raise TransitionError(
                    _("An issue without entries cannot be scheduled or published.")
                )
            blocking = self.checklist().blocking
            if blocking:
                raise TransitionError(
                    _("Readers would get a broken page; fix this first: %(problems)s.")
                    % {"problems": "; ".join(str(problem) for problem in blocking)}
                )
        return transition

    def open_change_request(self):
        """The reviewer's latest request for changes (a `StatusChange`: who, when, comment)
        while it still applies, i.e. the issue has not been scheduled or published since;
        else None."""
        latest = (
            self.status_changes.filter(
                Q(from_status=self.Status.IN_REVIEW, to_status=self.Status.DRAFT)
                | Q(to_status__in=self.Status.visible_states())
            )
            .select_related("actor")
            .first()
        )
        return latest if latest is not None and latest.to_status == self.Status.DRAFT else None

    def last_submission(self):
        """The latest submission for review (a `StatusChange`: who, when), or None."""
        return (
            self.status_changes.filter(to_status=self.Status.IN_REVIEW)
            .select_related("actor")
            .first()
        )

    def checklist(self):
        """The pre-publish `Checklist` of the issue as saved: problems to look at before it
        goes to review or to readers, those that block scheduling and publishing marked."""
        from .checklist import check  # it reads entries and other issues of this module

        return check(self)

    def apply_transition(self, name, user, comment="", publish_at=None):
        """Move the issue to another state, or raise TransitionError saying why not.

        Checks the acting user's permission and the issue's completeness, then records who
        moved it, when, from which state to which, and the comment. `user` None is the site's
        operator running a management command: recorded without a person. `publish_at` is the
        time to go live for "schedule"; for "publish" it may be a past time the issue is dated
        at (an issue of the back catalogue), else it goes out now.
        """
        transition = self.check_transition(name, user)
        now = timezone.now()
        if name == "schedule":
            # The time the admin's button names: the issue's own, else the calendar's slot.
            publish_at = publish_at or self.publish_at or self.default_publish_at
            if publish_at is None:
                raise TransitionError(_("Set the publish time before scheduling the issue."))
            if publish_at <= now:
                raise TransitionError(
                    _("The publish time has already passed: choose a later time or publish now.")
                )
            self.publish_at = publish_at
        elif name == "publish" and publish_at is not None:
            if publish_at > now:
                raise TransitionError(
                    _("A publication time still to come is a schedule: schedule the issue.")
                )
            self.publish_at = self.published_at = publish_at
        elif name == "publish":
            if self.publish_at is None or self.publish_at > now:
                self.publish_at = now
            self.published_at = now
        elif name == "unpublish":
            self.published_at = None
        source, self.status = self.status, transition.target
        with transaction.atomic():
            # Claim the change only if nobody moved the issue in the meantime.
            claimed = Issue.objects.filter(pk=self.pk, status=source).update(
                status=self.status,
                publish_at=self.publish_at,
                published_at=self.published_at,
                version=F("version") + 1,
                updated_at=now,
            )
            if not claimed:
                self.refresh_from_db()
                raise TransitionError(
                    _("Someone else changed this issue's status meanwhile; it is now %(status)s.")
                    % {"status": self.get_status_display().lower()}
                )
            self.status_changes.create(
                actor=user, from_status=source, to_status=self.status, comment=comment
            )
        self.refresh_from_db(fields=["version", "updated_at"])
        return transition


class TransitionError(Exception):
    """A workflow transition that the issue's state, completeness or the user do not allow."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    permission: str
    # Moves whose effect readers see at once are confirmed by the editor first: what to tell them.
    confirmation: str = ""
    # What the move is called when it starts from a particular state.
    labels_from: dict = dataclasses.field(default_factory=dict, compare=False)

    def label_from(self, status):
        """The name of this move for an issue that is `status`."""
        return self.labels_from.get(status, self.label)

    @property
    def shows_checklist(self):
        """Moves towards readers (submit, schedule, publish) show the pre-publish checklist."""
        return self.target != Issue.Status.DRAFT


_S = Issue.Status
TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit", _("Submit for review"), (_S.DRAFT,), _S.IN_REVIEW, "digest.change_issue"
        ),
        Transition(
            "request_changes",
            _("Request changes"),
            (_S.IN_REVIEW,),
            _S.DRAFT,
            "digest.review_issue",
        ),
        Transition(
            "schedule",
            _("Schedule"),
            (_S.DRAFT, _S.IN_REVIEW),
            _S.SCHEDULED,
            "digest.publish_issue",
        ),
        Transition(
            "publish",
            _("Publish now"),
            (_S.DRAFT, _S.IN_REVIEW, _S.SCHEDULED),
            _S.PUBLISHED,
            "digest.publish_issue",
            confirmation=_(
                "Readers see the issue as soon as you confirm: on the site, in the feeds and in "
                "search."
            ),
        ),
        Transition(
            "unpublish",
            _("Unpublish"),
            (_S.SCHEDULED, _S.PUBLISHED),
            _S.DRAFT,
            "digest.publish_issue",
            labels_from={_S.SCHEDULED: _("Unschedule")},
        ),
    ]
}


class StatusChange(CleanTextModel):
    """One workflow transition of an issue: who, when, from which state to which, and why."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("issue")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("by"),
        help_text=_("Empty when the scheduler published the issue."),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=20, choices=Issue.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Issue.Status.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.issue}: {self.from_status} → {self.to_status}"


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A signed, expiring, revocable read-only link showing an unpublished issue to a reviewer."""

    SIGNING_SALT = "digest.preview-link"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="preview_links", verbose_name=_("issue")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at"]

    def __str__(self):
        return str(_("Preview of %(issue)s") % {"issue": self.issue})

    def get_absolute_url(self):
        return reverse("digest:preview", kwargs={"token": self.token})

    @property
    def token(self):
        return signing.Signer(salt=self.SIGNING_SALT).sign(str(self.pk))

    @classmethod
    def from_token(cls, token):
        """The active link a token stands for, or None when forged, expired or revoked."""
        try:
            link_id = signing.Signer(salt=cls.SIGNING_SALT).unsign(token)
            return cls.objects.active().select_related("issue").get(pk=uuid.UUID(link_id))
        except (signing.BadSignature, ValueError, cls.DoesNotExist):
            return None


class TaggedEntry(TaggedItemBase):
    """Tag assignments with a real foreign key to the entry (integrity, and fast joins)."""

    content_object = models.ForeignKey(
        "Entry", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tagged entry")
        verbose_name_plural = _("tagged entries")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_entry_unique")
        ]


class EntryQuerySet(ContentQuerySet):
    def visible(self):
        """Entries of visible issues."""
        return self.filter(visible_q("issue__"))

    def for_display(self):
        """Everything a page needs to show entries, in a fixed number of queries."""
        return (
            self.shown_in_issue()
            .select_related("issue")
            .defer("issue__intro", "issue__search_text")
        )

    def shown_in_issue(self):
        """What showing entries under their issue needs: sections and tags. Pages show the
        stored HTML, so the Markdown source and search text stay in the database."""
        return self.select_related("section").with_tags().defer("summary", "search_text")

    def with_tags(self):
        """Prefetch the tags `Entry.tag_list` shows, in one query.

        Through the entries' own tag links rather than taggit's manager, whose prefetch builds
        a queryset per entry: on a 25-entry issue page that was a third of the page's time.
        """
        return self.prefetch_related(
            models.Prefetch(
                "tagged_items",
                queryset=TaggedEntry.objects.select_related("tag").order_by("pk"),
                to_attr="prefetched_tag_links",
            )
        )

    def in_reading_order(self):
        return self.order_by("issue__year", "issue__week", "section__position", "position", "pk")

    def newest_first(self):
        return self.order_by("-issue__year", "-issue__week", "section__position", "position")

    def by_section(self):
        """Ordered for grouping by section: sections in their order, then issue, then position."""
        return self.order_by(
            "section__position", "section_id", "issue__year", "issue__week", "position", "pk"
        )


def first_with_image(entries):
    """The first of `entries` that has an image, or None: its image is the first picture of a
    page showing them, loaded at once rather than lazily."""
    return next((entry for entry in entries if entry.image), None)


def group_by_section(entries):
    """[(section, [entry, ...]), ...] keeping the order of `entries` (see `by_section`)."""
    groups = {}
    for entry in entries:
        groups.setdefault(entry.section, []).append(entry)
    return list(groups.items())


class Entry(CleanTextModel):
    """One paper or article of an issue: headline, original title and link, summary, card."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="entries", verbose_name=_("issue")
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="entries", verbose_name=_("section")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("anchor"),
        max_length=100,
        blank=True,
        allow_unicode=True,
        help_text=_("The #anchor of the entry on the issue page; made from the headline if empty."),
    )
    original_title = models.CharField(_("original title"), max_length=500, blank=True)
    source_url = models.URLField(_("source link"), max_length=1000, blank=True)
    summary = MarkdownxField(_("summary"), blank=True, validators=[validate_markdown])
    summary_html = RenderedHTMLField(editable=False, blank=True)
    image = ReencodedImageField(
        _("image"),
        upload_to=GeneratedImageName("entries", "image"),
        blank=True,
    )
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    # The image's size in pixels, for <img width height> (see Issue.cover_width); kept by save().
    image_width = models.PositiveIntegerField(
        _("image width"), null=True, blank=True, editable=False
    )
    image_height = models.PositiveIntegerField(
        _("image height"), null=True, blank=True, editable=False
    )
    missing_image = models.CharField(
        _("missing image"),
        max_length=300,
        blank=True,
        help_text=_("An image the imported document referred to but whose file was not given."),
    )
    card_url = models.URLField(_("card link"), max_length=1000, blank=True)
    card_title = models.CharField(_("card title"), max_length=300, blank=True)
    card_description = models.TextField(_("card description"), blank=True)
    card_site = models.CharField(_("card site"), max_length=200, blank=True)
    tags = EntryTags(through=TaggedEntry, blank=True, verbose_name=_("tags"))
    # Case-folded text of every searchable field and the tag names, for substring search that
    # works without word boundaries (Chinese); kept current by save() and digest.signals.
    search_text = models.TextField(editable=False, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "slug"],
                name="entry_unique_slug_per_issue",
                violation_error_message=_("Another entry of this issue already uses this anchor."),
            )
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # The admin calls clean(); this also stops code paths that skip it.
        self._check_picks_stay_resolvable()
        super().save(*args, **kwargs)
        Issue.objects.filter(pk=self.issue_id).touch()

    def get_absolute_url(self):
        return f"{self.issue.get_absolute_url()}#{self.slug}"

    def fill_derived_fields(self):
        if not self.slug:
            self.slug = self._unique_slug()
        self.summary_html = render_markdown(self.summary)
        self.search_text = self.build_search_text()
        self.image_width, self.image_height = stored_image_size(self.image)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Issue.objects.filter(pk=self.issue_id).touch()
        return result

    def clean(self):
        super().clean()
        self._check_picks_stay_resolvable()

    def _check_picks_stay_resolvable(self):
        """An entry picked in its issue may not move to another: the pick would lead nowhere."""
        if self.pk is None or self.issue_id is None:
            return
        picked_in = (
            Issue.objects.filter(picks__entry_id=self.pk).exclude(pk=self.issue_id).distinct()
        )
        if picked_in:
            raise ValidationError(
                {
                    "issue": _(
                        "This entry is one of the editor's picks of %(issues)s, so it cannot "
                        "move to another issue. Remove the pick there first."
                    )
                    % {"issues": ", ".join(str(issue) for issue in picked_in)}
                },
                code="picked_elsewhere",
            )

    @property
    def content_language(self):
        """The BCP 47 tag of the language of the entry's headline and summary (the editors'
        words; the original title and card keep their source's language), or None."""
        return language_of(self.headline)

    @property
    def source_link(self):
        """The source link as readers follow it: without tracking parameters."""
        return without_tracking(self.source_url)

    @property
    def card_link(self):
        """Where the link card leads: its own link, else the source; without tracking."""
        return without_tracking(self.card_url or self.source_url)

    @property
    def source_kind(self):
        """Where the source link leads, said before the reader clicks: "arXiv", "github.com",
        "example.org · PDF" (see `digest.sources`)."""
        return source_kind(self.source_url)

    @property
    def has_card(self):
        return bool(self.card_url or self.card_title)

    @property
    def tag_list(self):
        """The entry's tags in the order they were given, prefetched by `with_tags()` if so."""
        links = getattr(self, "prefetched_tag_links", None)
        if links is None:
            return list(self.tags.all())
        return [link.tag for link in links]

    def build_search_text(self, tag_names=None):
        """The text search looks in: headline, titles, summary, card and tag names."""
        if tag_names is None:
            tag_names = [tag.name for tag in self.tags.all()] if self.pk else []
        return search_text(
            self.headline,
            self.original_title,
            self.summary,
            self.card_title,
            self.card_description,
            self.card_site,
            " ".join(tag_names),
        )

    def _unique_slug(self):
        taken = set(
            Entry.objects.filter(issue_id=self.issue_id, slug__startswith=slug_base(self.headline))
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        return unique_slug(self.headline, taken)


def slug_base(headline):
    return slugify(headline, allow_unicode=True)[:90] or "entry"


def unique_slug(headline, taken):
    """The anchor of an entry with `headline`: its slug, numbered if one of `taken` has it."""
    base = slug_base(headline)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def visible_tags():
    """Tags used by visible entries, each annotated with `entry_count` of those entries."""
    return Tag.objects.filter(
        visible_q("digest_taggedentry_items__content_object__issue__")
    ).annotate(entry_count=models.Count("digest_taggedentry_items"))


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
