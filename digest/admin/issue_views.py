"""The issue's pages beside its form, served at the addresses `IssueAdmin.get_urls` gives: the
workflow moves (with their confirmation page), the publication calendar and planning a week
from it, the versions of an issue and of deleted issues with their restore, and preview links
for reviewers. Each view takes the `IssueAdmin` first, for its site, options and messages."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from .. import history, notifications, permissions, weeks
from ..models import Issue, PreviewLink, TransitionError
from .widgets import local_time


def issue_page(issue):
    return redirect("admin:digest_issue_change", issue.pk)


def transition_view(model_admin, request, object_id, name):
    if request.method != "POST":
        return redirect("admin:digest_issue_change", object_id)
    issue = get_object_or_404(Issue, pk=object_id)
    source = issue.status
    comment = request.POST.get("comment", "").strip()
    try:
        transition = issue.check_transition(name, request.user)
        checklist = issue.checklist() if transition.shows_checklist else None
        # Confirmed first: moves readers see at once, and moves past checklist warnings.
        asks = transition.confirmation or (checklist is not None and checklist.problems)
        if asks and "confirm" not in request.POST:
            return confirm_transition_page(
                model_admin, request, issue, transition, comment, checklist
            )
        issue.apply_transition(name, request.user, comment=comment)
    except TransitionError as error:
        model_admin.message_user(request, str(error), messages.ERROR)
    else:
        history.record_version(
            issue,
            request.user,
            _("Status: %(status)s.") % {"status": issue.get_status_display()},
        )
        model_admin.message_user(
            request,
            _("“%(action)s” done: the issue is now %(status)s.")
            % {
                "action": transition.label_from(source),
                "status": issue.get_status_display().lower(),
            },
            messages.SUCCESS,
        )
        if not notifications.status_changed(request, issue, transition, comment):
            model_admin.message_user(
                request,
                _("The e-mail telling others about it could not be sent."),
                messages.WARNING,
            )
    return issue_page(issue)


def confirm_transition_page(model_admin, request, issue, transition, comment, checklist=None):
    due = issue.publish_at
    later_publish_at = due if due is not None and due > timezone.now() else None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("%(action)s: %(issue)s?")
        % {"action": transition.label_from(issue.status), "issue": issue},
        "opts": model_admin.opts,
        "original": issue,
        "transition": transition,
        "action": transition.label_from(issue.status),
        "comment": comment,
        "later_publish_at": later_publish_at,
        "checklist": checklist,
    }
    return TemplateResponse(request, "admin/digest/issue/confirm_transition.html", context)


def calendar_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Publication calendar"),
        "opts": model_admin.opts,
        "weeks": publication_calendar(),
        "can_add": model_admin.has_add_permission(request),
        "publish_rule": _("%(weekday)s %(time)s (%(zone)s)")
        % {
            "weekday": WEEKDAYS[settings.DIGEST_PUBLISH_WEEKDAY],
            "time": settings.DIGEST_PUBLISH_TIME,
            "zone": weeks.publication_time_zone(),
        },
    }
    return TemplateResponse(request, "admin/digest/issue/calendar.html", context)


def create_week_view(model_admin, request):
    if request.method != "POST" or not model_admin.has_add_permission(request):
        raise PermissionDenied
    try:
        year, week = int(request.POST["year"]), int(request.POST["week"])
        issue, created = Issue.objects.plan_week(year, week)
    except (KeyError, ValueError):
        model_admin.message_user(request, _("Choose an existing week."), messages.ERROR)
        return redirect("admin:digest_issue_calendar")
    if created:
        history.record_version(issue, request.user, _("Planned from the calendar."))
        model_admin.message_user(
            request, _("Draft created for %(issue)s.") % {"issue": issue}, messages.SUCCESS
        )
        return issue_page(issue)
    model_admin.message_user(request, _("%(issue)s already exists.") % {"issue": issue})
    return redirect("admin:digest_issue_calendar")


def versions_view(model_admin, request, object_id):
    issue = get_object_or_404(Issue, pk=object_id)
    if not model_admin.has_view_permission(request, issue):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Versions of %(issue)s") % {"issue": issue},
        "opts": model_admin.opts,
        "original": issue,
        "versions": history.versions_of(issue.pk),
        "can_restore": permissions.may_restore(request.user),
    }
    return TemplateResponse(request, "admin/digest/issue/versions.html", context)


def deleted_view(model_admin, request):
    if not permissions.may_restore(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Deleted issues"),
        "opts": model_admin.opts,
        "versions": history.deleted_issues(),
        "can_restore": True,
    }
    return TemplateResponse(request, "admin/digest/issue/deleted.html", context)


def restore_view(model_admin, request, version_id):
    """Show what restoring the version would change; restore once the editor confirms."""
    if not permissions.may_restore(request.user):
        raise PermissionDenied
    version = get_object_or_404(Version.objects.get_for_model(Issue), pk=version_id)
    if request.method == "POST" and "confirm" in request.POST:
        # The counter the preview was shown at; none for a deleted issue.
        shown = request.POST.get("shown_version", "")
        try:
            issue = history.restore(version, request.user, int(shown) if shown.isdigit() else None)
        except history.RestoreConflict:
            model_admin.message_user(
                request,
                _("The issue changed while you were looking: check the changes again."),
                messages.WARNING,
            )
        else:
            model_admin.message_user(
                request,
                _("%(issue)s was restored as it was on %(when)s.")
                % {"issue": issue, "when": local_time(version.revision.date_created)},
                messages.SUCCESS,
            )
            return issue_page(issue)
    issue = Issue.objects.filter(pk=version.object_id).first()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Restore the version of %(when)s?")
        % {"when": local_time(version.revision.date_created)},
        "opts": model_admin.opts,
        "original": issue,
        "version": version,
        "preview": history.restore_preview(version),
    }
    return TemplateResponse(request, "admin/digest/issue/restore.html", context)


def create_preview_link_view(model_admin, request, object_id):
    if request.method != "POST" or not permissions.may_share_previews(request.user):
        raise PermissionDenied
    issue = get_object_or_404(Issue, pk=object_id)
    link = issue.preview_links.create(
        created_by=request.user,
        expires_at=timezone.now() + datetime.timedelta(days=settings.DIGEST_PREVIEW_LINK_DAYS),
    )
    url = request.build_absolute_uri(link.get_absolute_url())
    model_admin.message_user(
        request,
        format_html(
            "{} <a href='{}'>{}</a> ({})",
            _("Preview link for reviewers, valid until"),
            url,
            url,
            local_time(link.expires_at),
        ),
        messages.SUCCESS,
    )
    return issue_page(issue)


def revoke_preview_link_view(model_admin, request, link_id):
    if request.method != "POST" or not permissions.may_share_previews(request.user):
        raise PermissionDenied
    link = get_object_or_404(PreviewLink, pk=link_id)
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    model_admin.message_user(request, _("The preview link was revoked."), messages.SUCCESS)
    return issue_page(link.issue)


def publication_calendar(past=4, ahead=8):
    """Rows for the calendar page: the last `past` weeks and the next `ahead` weeks."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    mondays = [monday + datetime.timedelta(weeks=n) for n in range(-past, ahead)]
    keys = [weeks.week_of(day) for day in mondays]
    issues = {
        (issue.year, issue.week): issue
        for issue in Issue.objects.filter(
            year__in={year for year, _ in keys}, week__in={week for _, week in keys}
        )
    }
    rows = []
    for year, week in keys:
        issue = issues.get((year, week))
        row = {
            "year": year,
            "week": week,
            "issue": issue,
            "is_current": (year, week) == weeks.week_of(today),
            "coverage_start": weeks.default_coverage_start(year, week),
            "publish_at": weeks.publication_time(year, week),
        }
        if issue is not None:  # its own dates, not the calendar's defaults
            row.update(coverage_start=issue.coverage_start, publish_at=issue.planned_publish_at)
        rows.append(row)
    return rows
