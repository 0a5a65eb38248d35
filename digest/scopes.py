"""What a cached page shows, in the terms the page cache checks (digest.cache).

A *scope* names something readers see — one issue, the link to an issue, one tag, one
section, which issues are visible (of all, of a year, of a week number, of one week) — and the
database triggers renew its token whenever a row in it changes (digest/triggers.py lists which
change renews which scope). A view calls `depends_on` with what its page shows; a page that
says nothing depends on everything. A page showing the issues of some years or weeks only also
records the next scheduled publication among those (`next_publication`).
"""

from django.db.models import Q
from django.utils import timezone

from .weeks import weeks_between

# "deploy" is renewed only by `renew_everything` (digest.cache); every page depends on it.
CONTENT = "content"
VISIBILITY = "visibility"
SECTIONS = "sections"
TAGS = "tags"
DEPLOY = "deploy"
ISSUE_LINK = "issue-link:"  # and an issue's id: what a link to it shows (its title)
VISIBLE_YEAR = "visible-year:"  # and a year: which issues of that year are visible
VISIBLE_WEEK = "visible-week:"  # and a week number: which issues of that week, of any year
VISIBLE_AT = "visible-at:"  # and year-week: whether there is a visible issue that week
# A page whose links span more weeks than this depends on the visibility of their years.
MOST_WEEKS_NAMED = 60


def link_to(issue):
    """The scope of what a link to `issue` shows: its title (its address changes with its
    year or week, which renews the visibility scopes)."""
    return f"{ISSUE_LINK}{issue.pk}"


def visible_in_year(year):
    """The scope of which issues of `year` are visible (a year's page)."""
    return f"{VISIBLE_YEAR}{year}"


def visible_in_week(week):
    """The scope of which issues with this week number, of any year, are visible."""
    return f"{VISIBLE_WEEK}{week}"


def visible_at(year, week):
    """The scope of whether the issue of that week (if any) is visible."""
    return f"{VISIBLE_AT}{year}-{week}"


def weeks_in(scopes):
    """The (year, week) pairs that `scopes` name (`visible_at`)."""
    return [
        tuple(int(number) for number in scope.removeprefix(VISIBLE_AT).split("-"))
        for scope in scopes
        if scope.startswith(VISIBLE_AT)
    ]


def visible_between(first, last):
    """The scopes of which issues of the weeks `first` to `last` ((year, week), both
    included) are visible: one per week, or per year for a long span; VISIBILITY (of every
    issue) when a bound is open (None)."""
    if first is None or last is None:
        return [VISIBILITY]
    span = list(weeks_between(first, last))
    if len(span) > MOST_WEEKS_NAMED:
        return [visible_in_year(year) for year in range(first[0], last[0] + 1)]
    return [visible_at(year, week) for year, week in span]


def numbers_in(scopes, kind):
    """The years (`kind` VISIBLE_YEAR) or weeks (VISIBLE_WEEK) that `scopes` name."""
    return [int(scope.removeprefix(kind)) for scope in scopes if scope.startswith(kind)]


def shows_some_years_only(scopes):
    """Whether a page's visible issues are those of some years or weeks, not any issue."""
    return (
        VISIBILITY not in scopes
        and CONTENT not in scopes
        and any(scope.startswith((VISIBLE_YEAR, VISIBLE_WEEK, VISIBLE_AT)) for scope in scopes)
    )


def entries_listed(subject, entries):
    """The scopes of a list of `entries` of `subject` (a tag or a section, whose scope the
    triggers renew when an entry joins or leaves it): the subject, the entries' issues and
    the sections' names."""
    return [SECTIONS, subject, *{entry.issue for entry in entries}]


def scope_of(thing):
    """The scope of an issue or a tag (model instances), or `thing` itself if a scope name."""
    if isinstance(thing, str):
        return thing
    return f"{thing._meta.model_name}:{thing.pk}"


def depends_on(request, *things):
    """Declare that the page being built for `request` shows `things` (issues, tags, scope
    names). A page that declares nothing depends on everything."""
    scopes = getattr(request, "page_scopes", None)
    if scopes is None:
        scopes = request.page_scopes = set()
    scopes.update(scope_of(thing) for thing in things if thing is not None)


def next_publication(scopes=None, after=None):
    """When the next scheduled issue goes live (a POSIX timestamp), or None: the next one of
    all, or, for a page whose `scopes` say it shows only the issues of some years or weeks
    (`visible_in_year`, `visible_in_week`, `visible_at`), the next one of those. Issues due
    after `after` (default: now)."""
    from .models import Issue

    due = Issue.objects.filter(
        status__in=Issue.Status.visible_states(), publish_at__gt=after or timezone.now()
    )
    if scopes is not None:
        shown = Q(year__in=numbers_in(scopes, VISIBLE_YEAR))
        shown |= Q(week__in=numbers_in(scopes, VISIBLE_WEEK))
        weeks_by_year = {}
        for year, week in weeks_in(scopes):
            weeks_by_year.setdefault(year, []).append(week)
        for year, weeks in weeks_by_year.items():
            shown |= Q(year=year, week__in=weeks)
        due = due.filter(shown)
    publish_at = due.order_by("publish_at").values_list("publish_at", flat=True).first()
    return publish_at.timestamp() if publish_at else None
