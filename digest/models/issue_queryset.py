"""Queries over issues: the one rule for who may see an issue (`visible_q`, also applied
through relations by entries, picks and tags), the publication date as a query expression
(`publication_date_of`), and `IssueQuerySet`: visibility, prefetching, the calendar (months,
weeks, neighbours) and planning weeks."""

from typing import NamedTuple

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import permissions, weeks
from .base import ContentQuerySet, Month
from .workflow import IssueStatus, IssueWorkflowQuerySet


class Neighbours(NamedTuple):
    """The links around an issue (`IssueQuerySet.neighbours`)."""

    previous: object  # the issue before it, or None
    next: object  # the issue after it, or None
    recent_months: list  # the `Month`s before its own, newest first
    # The newest issue of the oldest month linked (None if fewer months than asked): no
    # issue before it can change these links.
    linked_since: object


class IssueQuerySet(IssueWorkflowQuerySet, ContentQuerySet):
    def visible(self):
        """Issues a reader may see: the one rule for everything public."""
        return self.filter(visible_q())

    def with_contents(self):
        """Prefetch what showing whole issues needs: entries with sections and tags, picks."""
        from .entry import Entry  # entries refer to issues: imported when used

        return self.with_picks().prefetch_related(
            # The prefetch sets each entry's issue to the issue itself: no join needed.
            models.Prefetch("entries", queryset=Entry.objects.shown_in_issue()),
        )

    def with_picks(self):
        """Prefetch the picks readers are shown, with their entries, in one query (issue lists
        show them as a teaser of each issue)."""
        from .pick import Pick  # picks refer to issues: imported when used

        return self.prefetch_related(models.Prefetch("picks", queryset=Pick.objects.for_display()))

    def with_headlines(self):
        """Prefetch the entries' headlines alone: what `Issue.content_language` reads (feeds
        tell each issue's language; its contents come stored, digest.contents)."""
        from .entry import Entry  # entries refer to issues: imported when used

        return self.prefetch_related(
            models.Prefetch("entries", queryset=Entry.objects.only("issue", "headline", "position"))
        )

    def for_links(self):
        """What a link to an issue shows: its address and title, nothing else."""
        return self.only("year", "week", "title")

    def last_modified(self):
        """When the newest change of these issues happened, or the newest went live."""
        latest = self.aggregate(
            updated=models.Max("updated_at"), published=models.Max(publication_date_of())
        )
        dates = [date for date in latest.values() if date is not None]
        return max(dates) if dates else None

    def readable_by(self, user):
        """Visible issues, plus unpublished ones for staff who may preview them."""
        if permissions.may_preview(user):
            return self
        return self.visible()

    def in_month(self, year, month):
        return self.filter(year=year, week__in=weeks.weeks_of_month(year, month))

    def before(self, issue):
        return self.filter(Q(year__lt=issue.year) | Q(year=issue.year, week__lt=issue.week))

    def after(self, issue):
        return self.filter(Q(year__gt=issue.year) | Q(year=issue.year, week__gt=issue.week))

    def neighbours(self, issue, months=2):
        """The `Neighbours` of `issue` among these issues — the issues before and after it,
        the `months` newest `Month`s before its own — for the links around an issue: its
        page, its export. Two queries: the issue's own month holds at most four issues before
        it, and a month at most five, so the newest 5 × `months` + 4 issues before it cover the
        months wanted."""
        linked = self.for_links()
        earlier = list(linked.before(issue).order_by("-year", "-week")[: 5 * months + 4])
        recent, newest_of_each = [], []
        for other in earlier:
            if other.month != issue.month and other.month not in recent:
                recent.append(other.month)
                newest_of_each.append(other)
        return Neighbours(
            previous=earlier[0] if earlier else None,
            next=linked.after(issue).last(),
            recent_months=recent[:months],
            linked_since=newest_of_each[months - 1] if len(recent) >= months else None,
        )

    def plan_week(self, year, week):
        """(issue, created): the week's issue, created as a draft with the calendar's defaults
        (coverage start, publish time) when missing. ValueError for a week that does not exist."""
        if not weeks.week_exists(year, week):
            raise ValueError(f"{year} has no week {week}")
        return self.get_or_create(
            year=year,
            week=week,
            defaults={
                "status": IssueStatus.DRAFT,
                "coverage_start": weeks.default_coverage_start(year, week),
                "publish_at": weeks.publication_time(year, week),
            },
        )

    def recent_before(self, issue, count):
        """The `count` issues readers got (or will get) before `issue`: scheduled or
        published ones of earlier weeks, newest first."""
        return (
            self.before(issue)
            .filter(status__in=IssueStatus.visible_states())
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
            f"{prefix}status__in": IssueStatus.visible_states(),
            f"{prefix}publish_at__lte": timezone.now(),
        }
    )


def publication_date_of(prefix=""):
    """The publication date of visible issues (`Issue.publication_date`) as a query expression,
    for aggregates; `prefix` reaches the issue through a relation, as in `visible_q`."""
    return Coalesce(f"{prefix}published_at", f"{prefix}publish_at")
