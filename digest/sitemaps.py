"""The sitemap: visible issues, monthly summaries, year archives and tag pages, with lastmod,
each at its address in every language with the others as alternates (hreflang)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Issue, publication_date_of, visible_tags

# What `Issue.modified_date` needs.
ISSUE_DATES = ("year", "week", "status", "updated_at", "publish_at", "published_at")


def _latest(*dates):
    return max(date for date in dates if date is not None)


class ReaderSitemap(Sitemap):
    """Every page in each language (Chinese unprefixed, English under /en/), naming the others
    and the default language's address (x-default) as its alternates."""

    i18n = True
    alternates = True
    x_default = True


class IssueSitemap(ReaderSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Issue.objects.visible().only(*ISSUE_DATES)

    def lastmod(self, issue):
        return issue.modified_date


class MonthSitemap(ReaderSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        months = {}
        for issue in Issue.objects.visible().only(*ISSUE_DATES):
            months[issue.month] = _latest(months.get(issue.month), issue.modified_date)
        self._lastmod = months
        return sorted(months, reverse=True)

    def lastmod(self, month):
        return self._lastmod[month]


class YearSitemap(ReaderSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return list(
            Issue.objects.visible()
            .order_by()
            .values("year")
            .annotate(updated=Max("updated_at"), published=Max(publication_date_of()))
            .order_by("-year")
        )

    def location(self, row):
        return reverse("digest:year-archive", args=[row["year"]])

    def lastmod(self, row):
        return _latest(row["updated"], row["published"])


class TagSitemap(ReaderSitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return (
            visible_tags()
            .annotate(
                updated=Max("digest_taggedentry_items__content_object__issue__updated_at"),
                published=Max(
                    publication_date_of("digest_taggedentry_items__content_object__issue__")
                ),
            )
            .order_by("name")
        )

    def location(self, tag):
        return reverse("digest:tag-detail", args=[tag.slug])

    def lastmod(self, tag):
        return _latest(tag.updated, tag.published)


SITEMAPS = {
    "issues": IssueSitemap,
    "months": MonthSitemap,
    "years": YearSitemap,
    "tags": TagSitemap,
}
