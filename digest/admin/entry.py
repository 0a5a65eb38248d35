"""The entries' own admin (`EntryAdmin`), beside the entry rows of the issue form, and the
addresses of the entry editor's requests (`entry_editor_views.py`): filling an entry
from its link and suggesting tags."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .. import history, permissions
from ..models import Issue
from . import entry_editor_views
from .widgets import EDITOR_WIDGETS


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
        return allowed and (obj is None or permissions.may_edit(request.user, obj.issue))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.may_edit(request.user, obj.issue))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "issue" and not permissions.may_edit_any_issue(request.user):
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
