from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .invite import InviteForm, send_invitation
from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Public profile"), {"fields": ("display_name", "profile_url")}),
    )
    list_display = ("username", "display_name", "email", "role_list", "is_staff", "is_superuser")
    search_fields = ("username", "display_name", "email")
    actions = ["send_new_invitation"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_list(self, user):
        return ", ".join(group.name for group in user.groups.all())

    def add_view(self, request, form_url="", extra_context=None):
        """Adding a person is inviting them: name, e-mail, role; they choose their password."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            user = form.save()
            self.log_addition(request, user, [{"added": {}}])
            self._report_invitation(request, user, send_invitation(request, user))
            return redirect("admin:accounts_user_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a person"),
            "opts": self.opts,
            "form": form,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/accounts/user/invite.html", context)

    def _report_invitation(self, request, user, sent):
        if sent:
            self.message_user(
                request,
                _("%(name)s is invited: a link to choose a password went to %(email)s.")
                % {"name": user.public_name, "email": user.email},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _(
                    "The account of %(name)s is ready, but the e-mail could not be sent: try "
                    "“Send a new set-password link” later."
                )
                % {"name": user.public_name},
                messages.WARNING,
            )

    @admin.action(description=_("Send a new set-password link"), permissions=["change"])
    def send_new_invitation(self, request, queryset):
        """For invited people whose link expired: only those who have not chosen a password."""
        waiting = [user for user in queryset.exclude(email="") if not user.has_usable_password()]
        sent = [user for user in waiting if send_invitation(request, user)]
        self.message_user(
            request,
            ngettext(
                "A set-password link went to %(count)d person who has not chosen a password yet.",
                "A set-password link went to %(count)d people who have not chosen a password yet.",
                len(sent),
            )
            % {"count": len(sent)},
            messages.SUCCESS if sent else messages.WARNING,
        )
