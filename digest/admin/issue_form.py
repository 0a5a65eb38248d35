"""The issue form's parts: the form itself, which refuses to overwrite changes saved after it
was opened (`IssueAdminForm`, `stale_form_message`), and its inlines — the entry rows, the
picks and the status history — editable exactly when their issue is."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import history, permissions
from ..models import Entry, Issue, Pick, StatusChange
from . import entry_editor
from .widgets import EDITOR_WIDGETS, local_time


class IssueEditPermissionMixin:
    """Entries and picks can be changed exactly when their issue can be."""

    def _issue_editable(self, request, obj):
        return obj is None or permissions.may_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._issue_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._issue_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._issue_editable(request, obj)


class EntryInline(IssueEditPermissionMixin, admin.StackedInline):
    """Entry rows folded to one line each, ordered by dragging or with the ↑ ↓ buttons, with a
    ★ that makes the entry a pick (entry_editor.py, static/digest/admin/entry-editor.js)."""

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
        # Each row shows whether its entry is a pick (EntryForm) and its tags.
        return super().get_queryset(request).prefetch_related("picks", "tags")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The sections, read once for every row's select instead of once per row.
        section = formset.form.base_fields["section"]
        section.choices = list(section.choices)
        return formset

    class Media:
        js = [
            "digest/admin/entry-rows.js",
            "digest/admin/entry-editor.js",
            "digest/admin/entry-fill.js",
        ]


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
