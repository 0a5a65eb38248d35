"""The publication workflow: how an issue moves through draft, review, scheduled and published.

This module owns the rule. `IssueStatus` names the states; `TRANSITIONS` the moves between
them, each with the permission it needs; `IssueWorkflow`, a mixin of `Issue`, checks a move
(`check_transition`: state, permission, completeness, the pre-publish checklist) and makes it
(`apply_transition`: a conditional update, so two clicks cannot both win, and a `StatusChange`
record of who, when, from which state to which, and why). `IssueWorkflowQuerySet.publish_due`
records scheduled issues as published once their time has come. The admin, the importer,
load_demo and the management commands all move issues through `Issue.apply_transition`.
"""

import dataclasses
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from .base import CleanTextModel


class IssueStatus(models.TextChoices):
    """The states of an issue (`Issue.Status`): readers see scheduled and published ones
    once their publish time has passed (`visible_q`)."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")

    @classmethod
    def visible_states(cls):
        return [cls.SCHEDULED, cls.PUBLISHED]


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
        return self.target != IssueStatus.DRAFT


_S = IssueStatus
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


class IssueWorkflowQuerySet(models.QuerySet):
    """The workflow's move made without a person: scheduled issues going live."""

    def publish_due(self):
        """Record scheduled issues whose publish time has passed as published.

        Readers already see such issues (`IssueQuerySet.visible`); this writes down that they
        went live. Each issue is claimed with a conditional UPDATE, so when several copies run
        at once exactly one records it. Returns the issues this call recorded.
        """
        recorded = []
        issues = self.model.objects
        due = self.filter(status=IssueStatus.SCHEDULED, publish_at__lte=timezone.now())
        for issue in due:
            with transaction.atomic():
                claimed = issues.filter(pk=issue.pk, status=IssueStatus.SCHEDULED).update(
                    status=IssueStatus.PUBLISHED,
                    published_at=F("publish_at"),
                    version=F("version") + 1,
                )
                if claimed:
                    issue.status_changes.create(
                        actor=None,
                        from_status=IssueStatus.SCHEDULED,
                        to_status=IssueStatus.PUBLISHED,
                        comment=_("Went live at its scheduled time."),
                    )
                    recorded.append(issue)
        return recorded


class IssueWorkflow:
    """The workflow methods of `Issue` (a mixin): which moves a person may make (asking
    digest.permissions), and making them."""

    Status = IssueStatus

    def transitions_for(self, user):
        """The transitions `user` may perform on this issue now, in display order."""
        return [
            t
            for t in TRANSITIONS.values()
            if self.status in t.sources and permissions.may_make(user, t)
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
        if user is not None and not permissions.may_make(user, transition):
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
        from ..checklist import check  # it reads entries and other issues (digest.models)

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
        issues = type(self).objects
        with transaction.atomic():
            # Claim the change only if nobody moved the issue in the meantime.
            claimed = issues.filter(pk=self.pk, status=source).update(
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


class StatusChange(CleanTextModel):
    """One workflow transition of an issue: who, when, from which state to which, and why."""

    issue = models.ForeignKey(
        "digest.Issue",
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("issue"),
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
    from_status = models.CharField(_("from"), max_length=20, choices=IssueStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=IssueStatus.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.issue}: {self.from_status} → {self.to_status}"
