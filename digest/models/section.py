"""Sections: the numbered parts of every issue ("1. Machine Learning Papers"), named in both
languages, and the query for those readers see named (holding a visible entry)."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .base import CleanTextModel


class SectionQuerySet(models.QuerySet):
    def with_visible_entries(self):
        """Sections holding at least one visible entry: the only ones readers see named."""
        from .entry import Entry  # entries refer to sections: imported when used

        # EXISTS stops at a section's first visible entry, where IN would read them all.
        return self.filter(Exists(Entry.objects.visible().filter(section=OuterRef("pk"))))


class Section(CleanTextModel):
    """A numbered part of every issue ("1. Machine Learning Papers"), named in both languages."""

    name_en = models.CharField(_("English name"), max_length=100, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name in the active language."""
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en
