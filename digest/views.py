"""Reader pages. Each view asks the querysets for visible content and hands it to a template."""

import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from . import link_previews, links
from .contents import entry_parts, issue_contents, month_contents, summaries
from .models import Entry, Issue, Month, PreviewLink, Section, visible_tags
from .scopes import (
    SECTIONS,
    TAGS,
    VISIBILITY,
    depends_on,
    entries_listed,
    link_to,
    visible_at,
    visible_between,
    visible_in_week,
    visible_in_year,
)
from .search import SearchQuery, highlight, search_issues, search_page
from .sitemaps import sitemap_document

ENTRIES_PER_PAGE = 20
RECENT_ISSUES = 8
RECENT_MONTHS = 2  # linked from an issue page, besides its own month


def _page(request, rows, per_page):
    """The requested page of `rows` (`ContentQuerySet.page`); an unknown page number is a 404."""
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        raise Http404("That page number is not an integer.") from None
    page = rows.page(number, per_page)
    if number < 1 or (number > 1 and not page.object_list):
        raise Http404("That page contains no results.")
    return page


def _issue_context(request, issue):
    """What an issue page shows besides the issue: its contents (rendered once per language,
    digest.contents), neighbours, summaries."""
    visible = Issue.objects.visible()
    previous_issue, next_issue, recent_months, linked_since = visible.neighbours(
        issue, RECENT_MONTHS
    )
    context = {
        "issue": issue,
        "contents": issue_contents(issue),
        "previous_issue": previous_issue,
        "next_issue": next_issue,
        "own_month": issue.month if issue.is_visible else None,
        "recent_months": recent_months,
        "same_week_issues": list(visible.for_links().filter(week=issue.week, year__lt=issue.year)),
    }
    # The links around the issue change only when an issue is published, hidden, moved or
    # deleted in the weeks they span (from the newest issue of the oldest month linked to the
    # next issue), or one with the same week number, or a linked issue's title changes.
    first = (linked_since.year, linked_since.week) if linked_since else None
    last = (next_issue.year, next_issue.week) if next_issue else None
    linked = [previous_issue, next_issue, *context["same_week_issues"]]
    depends_on(
        request,
        *visible_between(first, last),
        visible_in_week(issue.week),
        SECTIONS,
        issue,
        *(link_to(other) for other in linked if other is not None),
    )
    return context


def home(request):
    visible = Issue.objects.visible()
    latest = visible.first()
    context = _issue_context(request, latest) if latest else {}
    recent = list(visible.exclude(pk=getattr(latest, "pk", None))[:RECENT_ISSUES])
    context["recent_issues"] = summaries(recent)
    depends_on(request, VISIBILITY, *recent)
    return render(request, "digest/home.html", context)


def issue_detail(request, year, week):
    issue = Issue.objects.readable_by(request.user).filter(year=year, week=week).first()
    if issue is None:
        if Issue.objects.filter(year=year, week=week).exists():
            # Not visible (yet): readers get the same cached 404 until it is (digest.cache).
            depends_on(request, visible_at(year, week))
        raise Http404("No issue of that week.")
    if not issue.is_visible:
        return _preview(request, issue)
    return render(request, "digest/issue_detail.html", _issue_context(request, issue))


def preview_link(request, token):
    link = PreviewLink.from_token(token)
    if link is None:
        raise Http404("This preview link is unknown, expired or revoked.")
    issue = Issue.objects.get(pk=link.issue_id)
    return _preview(request, issue, shared=True)


@never_cache
def _preview(request, issue, shared=False):
    """An unpublished issue for its editors or a reviewer: marked, never cached or indexed."""
    context = {**_issue_context(request, issue), "preview": True, "shared_preview": shared}
    response = render(request, "digest/issue_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def archive_index(request):
    visible = Issue.objects.visible()
    latest = list(visible[:RECENT_ISSUES])
    context = {"latest_issues": summaries(latest), "years": visible.months_by_year()}
    depends_on(request, VISIBILITY, SECTIONS, *latest)
    return render(request, "digest/archive_index.html", context)


def year_archive(request, year):
    issues = list(Issue.objects.visible().filter(year=year).order_by("week"))
    if not issues:
        raise Http404("No issues in this year.")
    depends_on(request, visible_in_year(year), *issues)
    months = {}
    for issue, summary in zip(issues, summaries(issues), strict=True):
        months.setdefault(issue.month, []).append(summary)
    return render(
        request,
        "digest/year_archive.html",
        {
            "year": year,
            "months": list(months.items()),
            "preview": link_previews.for_year(year, issues),
        },
    )


def month_summary(request, year, month):
    issues = list(Issue.objects.visible().in_month(year, month).order_by("week").with_picks())
    if not issues:
        raise Http404("No issues in this month.")
    month = Month(year, month)
    shown_weeks = [visible_at(*week) for week in month.weeks()]
    depends_on(request, *shown_weeks, SECTIONS, *issues)
    return render(
        request,
        "digest/month_summary.html",
        {
            "month": month,
            "weeks": month_contents(issues),
            "preview": link_previews.for_month(
                month, issues, [pick for issue in issues for pick in issue.picks.all()]
            ),
        },
    )


def tag_index(request):
    tags = visible_tags().order_by("-entry_count", "name")
    depends_on(request, VISIBILITY, TAGS)
    return render(request, "digest/tag_index.html", {"tags": tags})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    entries = Entry.objects.visible().filter(tags=tag).for_listing().newest_first()
    page = _page(request, entries, ENTRIES_PER_PAGE)
    depends_on(request, *entries_listed(tag, page.object_list))
    if not page.object_list:
        raise Http404("No visible entries with this tag.")
    context = {
        "tag": tag,
        "page": page,
        # Each entry with its stored headline and body (digest.contents).
        "entries": list(zip(page.object_list, entry_parts(page.object_list), strict=True)),
        "preview": link_previews.for_tag(tag, page),
    }
    return render(request, "digest/tag_detail.html", context)


def search(request):
    query = SearchQuery.parse(request.GET.get("q", ""))
    filters = search_filters(request.GET)
    page = search_page(query, request.GET.get("page"), ENTRIES_PER_PAGE, **filters)
    for entry in page.object_list:
        entry.snippet = highlight(entry.summary_html, query.terms, is_html=True)
        entry.headline_marked = highlight(entry.headline, query.terms, width=300)
    context = {
        "query": query,
        "filters": filters,
        "page": page,
        "issues": search_issues(query, year=filters["year"])[:5],
        "sections": Section.objects.with_visible_entries(),
        "years": Issue.objects.visible().year_counts(),
    }
    response = render(request, "digest/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def search_filters(params):
    """The search filters a reader chose; values that cannot be valid are dropped."""

    year = params.get("year", "")
    return {
        "section": params.get("section", "")[:100],
        "tag": params.get("tag", "")[:100],
        "year": int(year) if YEAR.fullmatch(year) else None,
    }


YEAR = re.compile(r"[0-9]{4}")


def robots_txt(request):
    """Where crawlers should not go. It names only paths anyone can learn from the site
    itself: the admin's may be kept secret (DJANGO_ADMIN_URL), and nothing links to it."""
    depends_on(request)  # nothing but the settings
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            home = reverse("digest:home")
            lines += [f"Disallow: {reverse('digest:search')}", f"Disallow: {home}preview/"]
    lines += ["Disallow: /markdownx/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap(request):
    """The sitemap (digest.sitemaps) of this site's address, for search engines only."""
    site = f"{request.scheme}://{request.get_host()}"
    xml, lastmod = sitemap_document(site, request.path, request.GET.get("p"))
    response = HttpResponse(xml, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    if lastmod is not None:
        response["Last-Modified"] = http_date(lastmod.timestamp())
    return response


def switch_language(request, code):
    """Where language links of earlier versions lead (/language/en/?next=/issues/): the same
    page at its address in that language (/en/issues/). Pages now link each other directly."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("Unknown language.")
    next_url = request.GET.get("next", "/")
    # Only a path of this site: anything else (another host, a relative or malformed value)
    # goes to the home page.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    parts = urlsplit(next_url)
    target = links.page_in_language(links.resolve_reader_path(unquote(parts.path)), code)
    return HttpResponseRedirect(f"{target}?{parts.query}" if parts.query else target)
