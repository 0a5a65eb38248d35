"""Inviting a person: one form — name, e-mail address, role — makes a staff account in the
role's group, without a password, and e-mails the person a link to choose one.

The link is Django's password-reset link (`default_token_generator`): it works once (setting a
password ends it) and for `PASSWORD_RESET_TIMEOUT` (three days). An expired link is replaced by
sending a new one from the user list.
"""

import logging
import smtplib

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .roles import ROLE_CHOICES, ROLE_NAMES

logger = logging.getLogger(__name__)


class InviteForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("How the name appears on the site.")
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=150,
        help_text=_("The invitation goes there; it is also the user name to sign in with."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, widget=forms.RadioSelect)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        taken = get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        if taken.exists():
            raise forms.ValidationError(
                _("Someone with this e-mail address already has an account."), code="taken"
            )
        try:
            get_user_model().username_validator(email)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                _("This address cannot be used as a user name: write it without special signs."),
                code="invalid_username",
            ) from error
        return email

    @transaction.atomic
    def save(self):
        """The new staff account, in the role's group, with no password until the person
        chooses one."""
        email = self.cleaned_data["email"]
        user = get_user_model()(
            username=email, email=email, display_name=self.cleaned_data["name"], is_staff=True
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=self.cleaned_data["role"]))
        return user


def set_password_url(request, user):
    """The absolute one-time link where `user` chooses a password."""
    path = reverse(
        "accounts:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def send_invitation(request, user):
    """E-mail `user` their set-password link, from the person signed in; False if it failed."""
    roles = [ROLE_NAMES[group.name] for group in user.groups.all() if group.name in ROLE_NAMES]
    body = render_to_string(
        "accounts/email/invitation.txt",
        {
            "user": user,
            "inviter": request.user.public_name,
            "site_name": settings.DIGEST_SITE_NAME,
            "role": ", ".join(str(role) for role in roles),
            "url": set_password_url(request, user),
            "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
            "sign_in_url": request.build_absolute_uri(reverse("admin:login")),
        },
    )
    subject = gettext("Your account on %(site)s") % {"site": settings.DIGEST_SITE_NAME}
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the invitation to %s", user.email)
        return False
    return True
