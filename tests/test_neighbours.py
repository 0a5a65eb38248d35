"""The links around an issue — the weeks before and after it, the monthly summaries before its
own month — on its page and in its export (`IssueQuerySet.neighbours`)."""

import pytest

from digest.models import Issue
from tests.factories import make_issue

pytestmark = pytest.mark.django_db

MISSING_WEEKS = {5, 9, 10, 14, 15, 16, 17}


@pytest.fixture
def archive():
    weeks = [(2019, week) for week in (50, 51, 52)]
    weeks += [(2020, week) for week in range(1, 31) if week not in MISSING_WEEKS]
    issues = [make_issue(year, week) for year, week in weeks]
    make_issue(2020, 31, status=Issue.Status.DRAFT)  # never a neighbour
    return issues


def expected(issues, issue, months=2):
    """The neighbours, worked out from the whole list of visible issues."""
    earlier = [other for other in issues if (other.year, other.week) < (issue.year, issue.week)]
    later = [other for other in issues if (other.year, other.week) > (issue.year, issue.week)]
    earlier_months = sorted({other.month for other in earlier if other.month < issue.month})
    linked = earlier_months[::-1][:months]
    oldest_linked = [other for other in earlier if other.month == linked[-1]] if linked else []
    return (
        (earlier[-1].pk if earlier else None),
        (later[0].pk if later else None),
        linked,
        (oldest_linked[-1].pk if len(linked) == months else None),
    )


def test_every_issue_gets_its_neighbours_and_the_two_months_before_its_own(archive):
    for issue in archive:
        previous, following, months, since = Issue.objects.visible().neighbours(issue)

        assert (
            getattr(previous, "pk", None),
            getattr(following, "pk", None),
            months,
            getattr(since, "pk", None),
        ) == expected(archive, issue), f"{issue.year}-W{issue.week}"


def test_neighbours_take_two_queries(archive, django_assert_num_queries):
    with django_assert_num_queries(2):
        Issue.objects.visible().neighbours(archive[20])
