"""What waits for me: the admin home lists the issues that need the signed-in person.

- editors (who may review): issues in review, with who submitted them and when;
- contributors: their drafts a reviewer sent back, with the request;
- everyone working on issues: what goes out in the next seven days, at its real time, and the
  issues they may edit whose pre-publish checklist finds something (`Issue.checklist`).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .. import permissions
from ..models import Issue, visible_q

SCHEDULED_DAYS = 7
# The checklist costs a few queries per issue: the home page checks the newest issues only.
CHECKED_ISSUES = 10


@dataclass
class Dashboard:
    in_review: list = field(default_factory=list)  # [(issue, submission StatusChange)]
    sent_back: list = field(default_factory=list)  # [(issue, change request StatusChange)]
    scheduled: list = field(default_factory=list)  # [issue]
    with_problems: list = field(default_factory=list)  # [(issue, checklist)]
    shown: bool = False  # False for people who do not work on issues

    @property
    def empty(self):
        return not (self.in_review or self.sent_back or self.scheduled or self.with_problems)


def waiting_for(user, now=None):
    """The `Dashboard` of `user` at `now` (default: now)."""
    if not permissions.may_see_what_waits(user):
        return Dashboard()
    now = now or timezone.now()
    dashboard = Dashboard(shown=True)
    if permissions.may_review(user):
        dashboard.in_review = [
            (issue, issue.last_submission())
            for issue in Issue.objects.filter(status=Issue.Status.IN_REVIEW).order_by(
                "year", "week"
            )
        ]
    dashboard.sent_back = sent_back_to(user)
    dashboard.scheduled = list(
        Issue.objects.filter(
            status=Issue.Status.SCHEDULED,
            publish_at__gte=now,
            publish_at__lt=now + datetime.timedelta(days=SCHEDULED_DAYS),
        ).order_by("publish_at")
    )
    if permissions.may_change_issues(user):
        not_out_yet = Issue.objects.exclude(status=Issue.Status.PUBLISHED).exclude(visible_q())
        if not permissions.may_edit_any_issue(user):
            not_out_yet = not_out_yet.filter(status=Issue.Status.DRAFT)
        for issue in not_out_yet.order_by("-year", "-week")[:CHECKED_ISSUES]:
            checklist = issue.checklist()
            if checklist.problems:
                dashboard.with_problems.append((issue, checklist))
    return dashboard


def sent_back_to(user):
    """[(draft, change request)] for drafts a reviewer sent back after `user` submitted them."""
    sent_back = []
    drafts = Issue.objects.filter(
        status=Issue.Status.DRAFT,
        status_changes__from_status=Issue.Status.IN_REVIEW,
        status_changes__to_status=Issue.Status.DRAFT,
    ).distinct()
    for issue in drafts.order_by("year", "week"):
        request = issue.open_change_request()
        submission = issue.last_submission()
        if request is not None and submission is not None and submission.actor == user:
            sent_back.append((issue, request))
    return sent_back
