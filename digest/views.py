"""Reader pages. Each view asks the querysets for visible content and hands it to a template."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from .models import Entry, Issue, Month, Pick, PreviewLink, group_by_section, visible_tags

ENTRIES_PER_PAGE = 20
RECENT_ISSUES = 8


def _page(request, object_list, per_page):
    """The requested page of `object_list`; an unknown page number is a 404."""
    try:
        return Paginator(object_list, per_page).page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(str(exc)) from exc


def _issue_context(issue):
    """What an issue page shows besides the issue: picks, sections, neighbours, summaries."""
    visible = Issue.objects.visible()
    return {
        "issue": issue,
        "picks": issue.picks.select_related("entry"),
        "sections": issue.sections_with_entries(),
        "previous_issue": visible.before(issue).first(),
        "next_issue": visible.after(issue).last(),
        "recent_months": visible.recent_months(before=issue.month),
    }


def home(request):
    visible = Issue.objects.visible()
    latest = visible.first()
    context = _issue_context(latest) if latest else {}
    context["recent_issues"] = visible.exclude(pk=getattr(latest, "pk", None))[:RECENT_ISSUES]
    return render(request, "digest/home.html", context)


def issue_detail(request, year, week):
    issue = get_object_or_404(Issue.objects.readable_by(request.user), year=year, week=week)
    if not issue.is_visible:
        return _preview(request, issue)
    return render(request, "digest/issue_detail.html", _issue_context(issue))


def preview_link(request, token):
    link = PreviewLink.from_token(token)
    if link is None:
        raise Http404("This preview link is unknown, expired or revoked.")
    return _preview(request, link.issue, shared=True)


@never_cache
def _preview(request, issue, shared=False):
    """An unpublished issue for its editors or a reviewer: marked, never cached or indexed."""
    context = {**_issue_context(issue), "preview": True, "shared_preview": shared}
    response = render(request, "digest/issue_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def archive_index(request):
    return render(
        request, "digest/archive_index.html", {"years": Issue.objects.visible().year_counts()}
    )


def year_archive(request, year):
    issues = list(Issue.objects.visible().filter(year=year).order_by("week"))
    if not issues:
        raise Http404("No issues in this year.")
    months = {}
    for issue in issues:
        months.setdefault(issue.month, []).append(issue)
    return render(
        request, "digest/year_archive.html", {"year": year, "months": list(months.items())}
    )


def month_summary(request, year, month):
    issues = list(Issue.objects.visible().in_month(year, month).order_by("week"))
    if not issues:
        raise Http404("No issues in this month.")
    entries = Entry.objects.filter(issue__in=issues).for_display()
    picks = Pick.objects.filter(issue__in=issues).select_related("entry", "issue")
    return render(
        request,
        "digest/month_summary.html",
        {
            "month": Month(year, month),
            "issues": issues,
            "picks": picks,
            "sections": group_by_section(entries),
        },
    )


def tag_index(request):
    tags = visible_tags().order_by("-entry_count", "name")
    return render(request, "digest/tag_index.html", {"tags": tags})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    entries = Entry.objects.visible().filter(tags=tag).for_display().newest_first()
    page = _page(request, entries, ENTRIES_PER_PAGE)
    if not page.object_list:
        raise Http404("No visible entries with this tag.")
    return render(request, "digest/tag_detail.html", {"tag": tag, "page": page})
