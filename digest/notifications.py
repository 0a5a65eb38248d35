"""E-mail about the review workflow: editors hear when an issue is submitted for review, the
contributor who submitted it when changes are requested.

Sent through Django's e-mail backend (the console in development, SMTP in production: see the
README). A move is never undone because a message could not be sent: the failure is logged and
the admin tells the person who made the move.
"""

import logging
import smtplib

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Users are found by permission through the model backend (the other one only counts sign-ins).
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def reviewers():
    """Active staff who may review issues and have an e-mail address."""
    return (
        get_user_model()
        .objects.with_perm("digest.review_issue", backend=PERMISSION_BACKEND)
        .filter(is_staff=True)
        .exclude(email="")
        .order_by("pk")
    )


def status_changed(request, issue, transition, comment):
    """Send the e-mail a move of `issue` calls for; returns False if sending failed."""
    actor = request.user
    if transition.name == "submit":
        recipients = [user for user in reviewers() if user != actor]
        subject = _("In review: %(issue)s") % {"issue": issue}
        template = "digest/email/submitted_for_review.txt"
    elif transition.name == "request_changes":
        submission = issue.last_submission()
        submitter = submission.actor if submission is not None else None
        wanted = submitter is not None and submitter != actor and submitter.is_active
        recipients = [submitter] if wanted and submitter.email else []
        subject = _("Changes requested: %(issue)s") % {"issue": issue}
        template = "digest/email/changes_requested.txt"
    else:
        return True
    if not recipients:
        return True
    body = render_to_string(
        template,
        {
            "issue": issue,
            "actor": actor,
            "comment": comment,
            "url": request.build_absolute_uri(
                reverse("admin:digest_issue_change", args=[issue.pk])
            ),
            "checklist": issue.checklist(),
        },
    )
    # One message per person: recipients do not see each other's addresses.
    messages = [EmailMessage(subject, body, to=[user.email]) for user in recipients]
    try:
        get_connection().send_messages(messages)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the e-mail about %s (%s)", issue, transition.name)
        return False
    return True
