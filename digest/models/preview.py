"""Preview links: signed, expiring, revocable read-only links that show an unpublished issue
to a reviewer without an account."""

import uuid

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .issue import Issue


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A signed, expiring, revocable read-only link showing an unpublished issue to a reviewer."""

    SIGNING_SALT = "digest.preview-link"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="preview_links", verbose_name=_("issue")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at"]

    def __str__(self):
        return str(_("Preview of %(issue)s") % {"issue": self.issue})

    def get_absolute_url(self):
        return reverse("digest:preview", kwargs={"token": self.token})

    @property
    def token(self):
        return signing.Signer(salt=self.SIGNING_SALT).sign(str(self.pk))

    @classmethod
    def from_token(cls, token):
        """The active link a token stands for, or None when forged, expired or revoked."""
        try:
            link_id = signing.Signer(salt=cls.SIGNING_SALT).unsign(token)
            return cls.objects.active().select_related("issue").get(pk=uuid.UUID(link_id))
        except (signing.BadSignature, ValueError, cls.DoesNotExist):
            return None
