"""The sitemap: visible issues, monthly summaries, year archives and tag pages, with lastmod,
each at its address in every language with the others as alternates (hreflang).

Written out here rather than by django.contrib.sitemaps: that framework reverses every address
once per language and again for each alternate, inside a language switch, and renders the
result through a template — 1.3 s of CPU for the sitemap of a 500-issue archive with 2,000 tags
(5,260 addresses). Here each address is reversed once per language (`links.cached_reverse`) and
the XML is joined from escaped strings (docs/ARCHITECTURE.md, "Libraries").

The protocol allows 50,000 addresses per file: beyond that `/sitemap.xml` is an index of its
pages (`?p=1`, `?p=2`, …).
"""

import datetime
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db.models import Max
from django.http import Http404
from django.utils import timezone, translation

from .links import cached_reverse
from .models import Issue, publication_date_of, visible_tags

# The protocol's limit of addresses in one sitemap file.
URLS_PER_SITEMAP = 50_000
# What `Issue.modified_date` needs.
ISSUE_DATES = ("year", "week", "status", "updated_at", "publish_at", "published_at")
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class SitemapPage:
    """One reader page, listed once per language."""

    route: str
    args: tuple
    lastmod: datetime.datetime
    changefreq: str
    priority: str


def _latest(*dates):
    return max(date for date in dates if date is not None)


def issue_pages(issues):
    for issue in issues:
        yield SitemapPage(
            "digest:issue-detail", (issue.year, issue.week), issue.modified_date, "monthly", "0.8"
        )


def _latest_by(issues, key):
    """{key(issue): the latest `modified_date` of its issues}, newest key first."""
    latest = {}
    for issue in issues:
        latest[key(issue)] = _latest(latest.get(key(issue)), issue.modified_date)
    return dict(sorted(latest.items(), reverse=True))


def month_pages(issues):
    for month, lastmod in _latest_by(issues, lambda issue: issue.month).items():
        yield SitemapPage(
            "digest:month-summary", (month.year, month.month), lastmod, "monthly", "0.6"
        )


def year_pages(issues):
    for year, lastmod in _latest_by(issues, lambda issue: issue.year).items():
        yield SitemapPage("digest:year-archive", (year,), lastmod, "monthly", "0.5")


def tag_pages():
    tags = (
        visible_tags()
        .annotate(
            updated=Max("digest_taggedentry_items__content_object__issue__updated_at"),
            published=Max(publication_date_of("digest_taggedentry_items__content_object__issue__")),
        )
        .order_by("name")
        .values_list("slug", "updated", "published")
    )
    for slug, updated, published in tags:
        yield SitemapPage(
            "digest:tag-detail", (slug,), _latest(updated, published), "weekly", "0.4"
        )


def sitemap_pages():
    """Every page the sitemap lists: issues, months, years, then tags."""
    issues = list(Issue.objects.visible().only(*ISSUE_DATES))
    return [*issue_pages(issues), *month_pages(issues), *year_pages(issues), *tag_pages()]


def _paths(pages):
    """{language: [path of each page in that language]}."""
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths[code] = [cached_reverse(page.route, *page.args) for page in pages]
    return paths


def _day(moment):
    """The date of `moment` in the site's time zone, as Django's templates show it."""
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d")


def _urlset(pages, site):
    """The <urlset> of `pages`, each in every language, naming the others and the default
    language's address (x-default) as alternates."""
    codes = [code for code, _name in settings.LANGUAGES]
    paths = _paths(pages)
    lines = [
        XML_DECLARATION,
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n',
    ]
    for n, page in enumerate(pages):
        urls = {code: site + paths[code][n] for code in codes}
        urls["x-default"] = urls[settings.LANGUAGE_CODE]
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(url)}/>'
            for code, url in urls.items()
        )
        details = (
            f"<lastmod>{_day(page.lastmod)}</lastmod><changefreq>{page.changefreq}</changefreq>"
            f"<priority>{page.priority}</priority>{alternates}</url>"
        )
        lines.extend(f"<url><loc>{escape(urls[code])}</loc>{details}" for code in codes)
    lines.append("\n</urlset>\n")
    return "".join(lines)


def _index(files, lastmod, site, path):
    lines = [XML_DECLARATION, f'<sitemapindex xmlns="{SITEMAP_NS}">\n']
    lines.extend(
        f"<sitemap><loc>{escape(f'{site}{path}?p={number}')}</loc>"
        f"<lastmod>{_day(lastmod)}</lastmod></sitemap>\n"
        for number in range(1, files + 1)
    )
    lines.append("</sitemapindex>\n")
    return "".join(lines)


def sitemap_document(site, path, page_number=None):
    """(XML, latest lastmod or None) of the sitemap at `site` + `path` ("https://host",
    "/sitemap.xml"): every page in one file, or an index of files of at most URLS_PER_SITEMAP
    addresses and, with `page_number` (the `p` parameter), one of those files. Http404 for a
    page number that is not one of them, written otherwise ("01")."""
    if page_number is not None and not PAGE_NUMBER.fullmatch(page_number):
        raise Http404("No such page of the sitemap.")  # before reading the archive
    pages = sitemap_pages()
    per_file = max(1, URLS_PER_SITEMAP // len(settings.LANGUAGES))
    files = max(1, -(-len(pages) // per_file))
    lastmod = max((page.lastmod for page in pages), default=None)
    if page_number is None:
        if files == 1:
            return _urlset(pages, site), lastmod
        return _index(files, lastmod, site, path), lastmod
    number = int(page_number)
    if number > files:
        raise Http404("No such page of the sitemap.")
    chosen = pages[(number - 1) * per_file : number * per_file]
    return _urlset(chosen, site), max(page.lastmod for page in chosen)
