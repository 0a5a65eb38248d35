"""The issues' admin (`IssueAdmin`): the list, the form with its entries and picks, a version
recorded at every save, the workflow buttons, and the addresses of the issue's extra pages,
which `issue_views.py` (and `issue_import.py`) serve."""

from functools import partial

from django.contrib import admin
from django.db import transaction
from django.db.models import Count
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import history, permissions, stale_edits
from ..models import Issue
from . import entry_editor, issue_import, issue_views
from .issue_form import EntryInline, IssueAdminForm, PickInline, StatusChangeInline
from .widgets import EDITOR_WIDGETS, local_time


class IssueAdmin(admin.ModelAdmin):
    form = IssueAdminForm
    inlines = (PickInline, EntryInline, StatusChangeInline)
    formfield_overrides = EDITOR_WIDGETS
    list_display = (
        "display_title",
        "year",
        "week",
        "status_badge",
        "publish_time",
        "entry_count",
        "updated_at",
    )
    list_display_links = ("display_title",)
    list_filter = ("status", "year", "entries__section", "entries__tags")
    search_fields = ("title", "intro", "entries__headline", "entries__original_title")
    readonly_fields = ("status_badge", "published_time", "created_at", "updated_at")
    change_form_template = "admin/digest/issue/change_form.html"
    change_list_template = "admin/digest/issue/change_list.html"
    actions = [issue_import.export_markdown]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("year", "week"),
                    "title",
                    "coverage_start",
                    "source_url",
                    "intro",
                    "seen_version",
                )
            },
        ),
        (_("Cover"), {"fields": ("cover_image", "cover_alt")}),
        (
            _("Publication"),
            {"fields": ("status_badge", "publish_at", "published_time", "updated_at")},
        ),
    )

    class Media:
        css = {"all": ["digest/admin/admin.css"]}
        js = ["digest/admin/markdownx-inlines.js", "digest/admin/workflow.js"]

    # --- Lists and fields ----------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_total=Count("entries"))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not permissions.may_set_publication_times(request.user):
            fields.append("publish_at")
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.may_edit(request.user, obj))

    @admin.display(description=_("title"), ordering="-year")
    def display_title(self, issue):
        return issue.display_title

    @admin.display(description=_("entries"), ordering="entry_total")
    def entry_count(self, issue):
        return issue.entry_total

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, issue):
        return format_html(
            '<span class="status-badge status-{}">{}</span>',
            issue.status,
            issue.get_status_display(),
        )

    @admin.display(description=_("publish at"), ordering="publish_at")
    def publish_time(self, issue):
        return local_time(issue.publish_at)

    @admin.display(description=_("published at"))
    def published_time(self, issue):
        return local_time(issue.published_at)

    # --- History: every save is a version of the whole issue -----------------------------------

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        history.record_version(obj, request.user, entry.get_change_message() or _("Created."))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        history.record_version(obj, request.user, entry.get_change_message() or _("Saved."))
        return entry

    def delete_model(self, request, obj):
        history.record_version(obj, request.user, _("Deleted."))
        super().delete_model(request, obj)

    # --- Extra pages ---------------------------------------------------------------------------

    # The issue admin's own pages: (route, view taking this ModelAdmin first, URL name).
    EXTRA_PAGES = [
        ("calendar/", issue_views.calendar_view, "digest_issue_calendar"),
        ("calendar/create/", issue_views.create_week_view, "digest_issue_create_week"),
        ("deleted/", issue_views.deleted_view, "digest_issue_deleted"),
        (
            "<int:object_id>/transition/<str:name>/",
            issue_views.transition_view,
            "digest_issue_transition",
        ),
        ("<int:object_id>/versions/", issue_views.versions_view, "digest_issue_versions"),
        (
            "versions/<int:version_id>/restore/",
            issue_views.restore_view,
            "digest_issue_restore",
        ),
        (
            "<int:object_id>/preview-links/",
            issue_views.create_preview_link_view,
            "digest_issue_preview_link",
        ),
        (
            "preview-links/<uuid:link_id>/revoke/",
            issue_views.revoke_preview_link_view,
            "digest_issue_revoke_preview_link",
        ),
        ("import/", issue_import.import_view, "digest_issue_import"),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            *(
                path(route, view(partial(page, self)), name=name)
                for route, page, name in self.EXTRA_PAGES
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, object_id)
        if issue is None:
            return super().change_view(request, object_id, form_url, extra_context)
        extra_context = {**(extra_context or {}), **self.workflow_context(request, issue)}
        if request.method != "POST" or not self.has_change_permission(request, issue):
            return super().change_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            # Locked until the save commits (see IssueAdminForm.clean).
            current = Issue.objects.select_for_update().get(pk=issue.pk)
            seen = request.POST.get("seen_version", "")
            if seen.isdigit() and int(seen) != current.version:
                # Refused as stale: show the form again with the editor's changes re-applied
                # to the current version, and what differs.
                stale_edit = stale_edits.reapply(self, request, current, int(seen))
                request.POST = stale_edit.data
                extra_context["stale_edit"] = stale_edit
            return super().change_view(request, object_id, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, EntryInline):
            kwargs["form_kwargs"] = {"user": request.user}
        if isinstance(inline, (EntryInline, PickInline)):
            # One form's entry and pick rows, for the pick limit (EntryFormSet.clean).
            kwargs["siblings"] = request.__dict__.setdefault("issue_formsets", {})
        return kwargs

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if isinstance(formset, entry_editor.EntryFormSet):
                entry_editor.save_picks(form.instance, formset)
                entry_editor.forget_kept_images(formset)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        # A form shown again after a POST holds what the editor typed and did not save.
        context["has_unsaved_edits"] = form.is_bound
        inlines = context.get("inline_admin_formsets", [])
        if form.is_bound:
            for inline in inlines:
                if isinstance(inline.formset, entry_editor.EntryFormSet):
                    entry_editor.keep_chosen_images(inline.formset, request.user)
            context["error_summary"] = entry_editor.error_summary(form, inlines)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request, issue):
        user = request.user
        publish_at = issue.planned_publish_at
        buttons = []
        for transition in issue.transitions_for(user):
            label = transition.label_from(issue.status)
            if transition.name == "schedule":
                label = _("Schedule for %(time)s") % {"time": local_time(publish_at)}
            buttons.append({"name": transition.name, "label": label})
        return {
            "workflow_buttons": buttons,
            "change_request": issue.open_change_request(),
            "checklist": issue.checklist() if issue.status != Issue.Status.PUBLISHED else None,
            "schedule_time": publish_at,
            "can_share_preview": permissions.may_share_previews(user),
            "preview_links": issue.preview_links.active()
            if permissions.may_share_previews(user)
            else [],
            "site_time_zone": timezone.get_current_timezone_name(),
        }
