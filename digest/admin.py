"""The editors' side: issues with their entries and picks, the workflow, history and calendar."""

import datetime
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from reversion.models import Version
from taggit.managers import TaggableManager

from . import (
    admin_import,
    entry_editor,
    entry_editor_views,
    history,
    notifications,
    stale_edits,
    weeks,
)
from .models import Entry, Issue, Pick, PreviewLink, Section, StatusChange, TransitionError
from .tags import TagSuggestionsWidget


class MarkdownEditor(AdminMarkdownxWidget):
    """markdownx's editor, with its picture uploads done by digest/admin/markdownx-uploads.js,
    which shows why a file was refused instead of writing an error into the text."""

    def get_context(self, name, value, attrs):
        limit = settings.DIGEST_UPLOAD_MAX_BYTES
        attrs = {
            **(attrs or {}),
            "data-upload-max-bytes": limit,
            "data-upload-too-large": gettext("The image is larger than %(limit)s MB.")
            % {"limit": f"{limit / (1024 * 1024):g}"},
            "data-upload-failed": gettext("The file could not be uploaded; try again."),
            "data-upload-button": gettext("Insert an image…"),
            "data-upload-alt-prompt": gettext(
                "Describe the image for readers who cannot see it (its alt text):"
            ),
        }
        return super().get_context(name, value, attrs)

    class Media:
        js = ["digest/admin/markdownx-uploads.js"]


EDITOR_WIDGETS = {
    MarkdownxField: {"widget": MarkdownEditor},
    # Tags inputs suggest existing tags while the editor types (digest.tags).
    TaggableManager: {"widget": TagSuggestionsWidget},
}


def local_time(value):
    """A datetime as editors read it: in the site's time zone, with the zone named."""
    if value is None:
        return "—"
    return "{} ({})".format(
        date_format(timezone.localtime(value), "DATETIME_FORMAT"),
        timezone.get_current_timezone_name(),
    )


class IssueEditPermissionMixin:
    """Entries and picks can be changed exactly when their issue can be."""

    def _issue_editable(self, request, obj):
        return obj is None or obj.can_be_edited_by(request.user)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._issue_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._issue_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._issue_editable(request, obj)


class EntryInline(IssueEditPermissionMixin, admin.StackedInline):
    """Entry rows folded to one line each, ordered by dragging or with the ↑ ↓ buttons, with a
    ★ that makes the entry a pick (digest/entry_editor.py, digest/admin/entry-editor.js)."""

    model = Entry
    form = entry_editor.EntryForm
    formset = entry_editor.EntryFormSet
    template = "admin/digest/issue/entry_inline.html"
    extra = 0
    formfield_overrides = EDITOR_WIDGETS
    fields = (
        ("section", "position"),
        "headline",
        ("original_title", "source_url"),
        "summary",
        ("image", "image_alt"),
        "missing_image",
        ("card_url", "card_site"),
        ("card_title", "card_description"),
        "tags",
        "slug",
    )
    readonly_fields = ("missing_image",)
    ordering = ("section__position", "position", "pk")

    def get_queryset(self, request):
        # Each row shows whether its entry is a pick (EntryForm).
        return super().get_queryset(request).prefetch_related("picks")

    class Media:
        js = ["digest/admin/entry-editor.js"]


class LabelledFieldsFormSet(forms.BaseInlineFormSet):
    """A tabular inline's column headings are not <label>s: name each input for screen readers."""

    def __init__(self, *args, siblings=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The entry rows count these pick rows against the issue's pick limit.
        if siblings is not None:
            siblings[self.prefix] = self

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            # Select boxes of foreign keys come wrapped with their add/change links.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", str(field.label))


class PickInline(IssueEditPermissionMixin, admin.TabularInline):
    model = Pick
    formset = LabelledFieldsFormSet
    extra = 0
    fields = ("position", "entry", "blurb")
    verbose_name_plural = _("Editor's picks (chosen among this issue's saved entries)")
    # A pick is seen on the site as its entry, which the entry rows already link.
    view_on_site = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "entry":
            issue_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Entry.objects.filter(issue_id=issue_id).order_by(
                "section__position", "position"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "entry":
            # No add/change popups: an entry form there offers every issue. Entries are
            # written in this page's own entry rows.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_view_related = widget.can_delete_related = False
        return formfield


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ("when", "actor", "from_status", "to_status", "comment")
    readonly_fields = fields
    verbose_name_plural = _("Status history")

    @admin.display(description=_("at"))
    def when(self, change):
        return local_time(change.at)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IssueAdminForm(forms.ModelForm):
    """The issue form, refusing to overwrite changes saved after it was opened."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Issue
        fields = ["year", "week", *history.ISSUE_CONTENT_FIELDS, "publish_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
        if "publish_at" in self.fields:
            date_input, time_input = self.fields["publish_at"].widget.widgets
            date_input.attrs["aria-label"] = _("Publish date")
            time_input.attrs["aria-label"] = _("Publish time")
            self.fields["publish_at"].help_text = _(
                "Date and time in %(zone)s. Saving never publishes: use the status buttons."
            ) % {"zone": timezone.get_current_timezone_name()}

    def clean(self):
        cleaned_data = super().clean()
        seen = cleaned_data.get("seen_version")
        if self.instance.pk and seen is not None:
            # Locked until the save commits, so two saves cannot both pass this check.
            current = Issue.objects.select_for_update().filter(pk=self.instance.pk).first()
            if current is not None and current.version != seen:
                # Shown again, the form carries the version it was compared with: saving it
                # then applies the editor's text, once they have seen what differs.
                self.data = self.data.copy()
                self.data["seen_version"] = current.version
                raise ValidationError(stale_form_message(current, seen), code="stale")
        return cleaned_data


def stale_form_message(issue, seen_version):
    changes = [
        gettext("%(who)s at %(when)s: %(what)s")
        % {
            "who": version.revision.user or gettext("the scheduler"),
            "when": date_format(
                timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
            ),
            "what": version.revision.get_comment() or gettext("changed the issue"),
        }
        for version in history.versions_of(issue.pk)[:10]
        if version.field_dict.get("version", 0) > seen_version
    ]
    return gettext(
        "This issue was changed by someone else after you opened it, so your changes were NOT "
        "saved (nothing was overwritten). Your changes are still in the form below, applied to "
        "the current version: check the differences, then save again to apply them. Changes "
        "since you opened it: %(changes)s"
    ) % {"changes": "; ".join(changes) or gettext("the status or the entries changed")}


@admin.register(Issue)
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
    actions = [admin_import.export_markdown]
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
        if not request.user.has_perm("digest.publish_issue"):
            fields.append("publish_at")
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

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

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("calendar/", view(self.calendar_view), name="digest_issue_calendar"),
            path("calendar/create/", view(self.create_week_view), name="digest_issue_create_week"),
            path("deleted/", view(self.deleted_view), name="digest_issue_deleted"),
            path(
                "<int:object_id>/transition/<str:name>/",
                view(self.transition_view),
                name="digest_issue_transition",
            ),
            path(
                "<int:object_id>/versions/", view(self.versions_view), name="digest_issue_versions"
            ),
            path(
                "versions/<int:version_id>/restore/",
                view(self.restore_view),
                name="digest_issue_restore",
            ),
            path(
                "<int:object_id>/preview-links/",
                view(self.create_preview_link_view),
                name="digest_issue_preview_link",
            ),
            path(
                "preview-links/<uuid:link_id>/revoke/",
                view(self.revoke_preview_link_view),
                name="digest_issue_revoke_preview_link",
            ),
            path(
                "import/",
                view(partial(admin_import.import_view, self)),
                name="digest_issue_import",
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
            "can_share_preview": user.has_perm("digest.share_preview"),
            "preview_links": issue.preview_links.active()
            if user.has_perm("digest.share_preview")
            else [],
            "site_time_zone": timezone.get_current_timezone_name(),
        }

    @staticmethod
    def _issue_page(issue):
        return redirect("admin:digest_issue_change", issue.pk)

    def transition_view(self, request, object_id, name):
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
                return self.confirm_transition_page(request, issue, transition, comment, checklist)
            issue.apply_transition(name, request.user, comment=comment)
        except TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            history.record_version(
                issue,
                request.user,
                _("Status: %(status)s.") % {"status": issue.get_status_display()},
            )
            self.message_user(
                request,
                _("“%(action)s” done: the issue is now %(status)s.")
                % {
                    "action": transition.label_from(source),
                    "status": issue.get_status_display().lower(),
                },
                messages.SUCCESS,
            )
            if not notifications.status_changed(request, issue, transition, comment):
                self.message_user(
                    request,
                    _("The e-mail telling others about it could not be sent."),
                    messages.WARNING,
                )
        return self._issue_page(issue)

    def confirm_transition_page(self, request, issue, transition, comment, checklist=None):
        due = issue.publish_at
        later_publish_at = due if due is not None and due > timezone.now() else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(action)s: %(issue)s?")
            % {"action": transition.label_from(issue.status), "issue": issue},
            "opts": self.opts,
            "original": issue,
            "transition": transition,
            "action": transition.label_from(issue.status),
            "comment": comment,
            "later_publish_at": later_publish_at,
            "checklist": checklist,
        }
        return TemplateResponse(request, "admin/digest/issue/confirm_transition.html", context)

    def calendar_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publication calendar"),
            "opts": self.opts,
            "weeks": publication_calendar(),
            "can_add": self.has_add_permission(request),
            "publish_rule": _("%(weekday)s %(time)s (%(zone)s)")
            % {
                "weekday": WEEKDAYS[settings.DIGEST_PUBLISH_WEEKDAY],
                "time": settings.DIGEST_PUBLISH_TIME,
                "zone": weeks.publication_time_zone(),
            },
        }
        return TemplateResponse(request, "admin/digest/issue/calendar.html", context)

    def create_week_view(self, request):
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        try:
            year, week = int(request.POST["year"]), int(request.POST["week"])
            issue, created = Issue.objects.plan_week(year, week)
        except (KeyError, ValueError):
            self.message_user(request, _("Choose an existing week."), messages.ERROR)
            return redirect("admin:digest_issue_calendar")
        if created:
            history.record_version(issue, request.user, _("Planned from the calendar."))
            self.message_user(
                request, _("Draft created for %(issue)s.") % {"issue": issue}, messages.SUCCESS
            )
            return self._issue_page(issue)
        self.message_user(request, _("%(issue)s already exists.") % {"issue": issue})
        return redirect("admin:digest_issue_calendar")

    def versions_view(self, request, object_id):
        issue = get_object_or_404(Issue, pk=object_id)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Versions of %(issue)s") % {"issue": issue},
            "opts": self.opts,
            "original": issue,
            "versions": history.versions_of(issue.pk),
            "can_restore": request.user.has_perm("digest.restore_issue"),
        }
        return TemplateResponse(request, "admin/digest/issue/versions.html", context)

    def deleted_view(self, request):
        if not request.user.has_perm("digest.restore_issue"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted issues"),
            "opts": self.opts,
            "versions": history.deleted_issues(),
            "can_restore": True,
        }
        return TemplateResponse(request, "admin/digest/issue/deleted.html", context)

    def restore_view(self, request, version_id):
        """Show what restoring the version would change; restore once the editor confirms."""
        if not request.user.has_perm("digest.restore_issue"):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_model(Issue), pk=version_id)
        if request.method == "POST" and "confirm" in request.POST:
            # The counter the preview was shown at; none for a deleted issue.
            shown = request.POST.get("shown_version", "")
            try:
                issue = history.restore(
                    version, request.user, int(shown) if shown.isdigit() else None
                )
            except history.RestoreConflict:
                self.message_user(
                    request,
                    _("The issue changed while you were looking: check the changes again."),
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    _("%(issue)s was restored as it was on %(when)s.")
                    % {"issue": issue, "when": local_time(version.revision.date_created)},
                    messages.SUCCESS,
                )
                return self._issue_page(issue)
        issue = Issue.objects.filter(pk=version.object_id).first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Restore the version of %(when)s?")
            % {"when": local_time(version.revision.date_created)},
            "opts": self.opts,
            "original": issue,
            "version": version,
            "preview": history.restore_preview(version),
        }
        return TemplateResponse(request, "admin/digest/issue/restore.html", context)

    def create_preview_link_view(self, request, object_id):
        if request.method != "POST" or not request.user.has_perm("digest.share_preview"):
            raise PermissionDenied
        issue = get_object_or_404(Issue, pk=object_id)
        link = issue.preview_links.create(
            created_by=request.user,
            expires_at=timezone.now() + datetime.timedelta(days=settings.DIGEST_PREVIEW_LINK_DAYS),
        )
        url = request.build_absolute_uri(link.get_absolute_url())
        self.message_user(
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
        return self._issue_page(issue)

    def revoke_preview_link_view(self, request, link_id):
        if request.method != "POST" or not request.user.has_perm("digest.share_preview"):
            raise PermissionDenied
        link = get_object_or_404(PreviewLink, pk=link_id)
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        self.message_user(request, _("The preview link was revoked."), messages.SUCCESS)
        return self._issue_page(link.issue)


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


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    formfield_overrides = EDITOR_WIDGETS
    list_display = ("headline", "issue", "section", "position", "tag_list")
    list_filter = ("section", "issue__year", "tags")
    search_fields = ("headline", "original_title", "summary", "source_url")
    list_select_related = ("issue", "section")
    readonly_fields = ("missing_image",)

    class Media:
        css = {"all": ["digest/admin/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "fill-from-link/",
                view(entry_editor_views.fill_from_link),
                name="digest_entry_fill_from_link",
            ),
            path(
                "tag-suggestions/",
                view(entry_editor_views.tag_suggestions),
                name="digest_entry_tag_suggestions",
            ),
            *super().get_urls(),
        ]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.issue.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.issue.can_be_edited_by(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "issue" and not request.user.has_perm("digest.edit_any_issue"):
            kwargs["queryset"] = Issue.objects.filter(status=Issue.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("tags"))
    def tag_list(self, entry):
        return ", ".join(tag.name for tag in entry.tags.all())

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        history.record_version(self._issue_now(obj), request.user, entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        history.record_version(self._issue_now(obj), request.user, entry.get_change_message())
        return entry

    @staticmethod
    def _issue_now(entry):
        """The entry's issue as saved now (saving the entry raised its version)."""
        return Issue.objects.get(pk=entry.issue_id)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_zh")
    prepopulated_fields = {"slug": ("name_en",)}
