"""Entries: one paper or article of an issue, its tags (`TaggedEntry`), its anchor
(`slug_base`, `unique_slug`) and the queries for showing entries (`EntryQuerySet`,
`first_with_image`, `group_by_section`, `visible_tags`). An entry picked in its issue may not
move to another issue."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField
from taggit.models import Tag, TaggedItemBase

from ..languages import language_of
from ..markdown import RenderedHTMLField, render_markdown, validate_markdown
from ..source_links import without_tracking
from ..sources import source_kind
from ..tags import EntryTags
from ..uploads import GeneratedImageName, ReencodedImageField, stored_image_size
from .base import CleanTextModel, ContentQuerySet, search_text
from .issue import Issue
from .issue_queryset import visible_q
from .section import Section


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
        return self.for_listing().with_tags()

    def for_listing(self):
        """What listing entries of many issues needs when their headline and body come
        stored (digest.contents): the entry, its issue and section."""
        return self.select_related("issue", "section").defer(
            "summary", "search_text", "issue__intro", "issue__search_text"
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
