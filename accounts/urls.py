from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

app_name = "accounts"

urlpatterns = [
    # Where an invited person chooses a password (accounts.invite).
    path(
        "password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/set_password.html",
            success_url=reverse_lazy("accounts:password-set"),
            extra_context={"title": _("Choose your password")},
        ),
        name="set-password",
    ),
    path(
        "password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_set.html",
            extra_context={"title": _("Your password is set")},
        ),
        name="password-set",
    ),
]
