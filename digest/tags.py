"""Tag names and slugs: the rules Digest adds to taggit's Tag model.

taggit makes a tag's slug with `slugify`, which leaves nothing of a name without letters or
digits ("🤖", "？", "---"): such a tag would get the slug "" and its page could not be linked,
taking down every page that shows the tag. Here every tag gets a non-empty slug before its row
is written — the name's code points ("u1f916") when slugify leaves nothing — and names are
cleaned and checked wherever editors type them (admin tag field, imported tag lines).
"""

import re

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.managers import TaggableManager
from taggit.models import Tag

from .text import without_control_characters

NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length
SLUG_MAX_LENGTH = Tag._meta.get_field("slug").max_length
# What the tag page's URL converter accepts (digest.converters.UnicodeSlugConverter).
VALID_SLUG = re.compile(r"[-\w]+")


def clean_tag_name(name):
    """A tag name as stored: control characters removed, surrounding spaces stripped.

    Raises ValidationError when the name is longer than a tag name may be.
    """
    name = without_control_characters(name).strip()
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("The tag “%(name)s…” is longer than %(limit)d characters.")
            % {"name": name[:20], "limit": NAME_MAX_LENGTH},
            code="tag_too_long",
        )
    return name


def code_point_slug(name):
    """A slug for a name slugify leaves nothing of: its code points, "🤖" → "u1f916"."""
    slug = ""
    for character in name.strip() or "-":
        part = f"u{ord(character):04x}"
        if len(slug) + len(part) + 1 > SLUG_MAX_LENGTH - 4:  # room for a "-NN" suffix
            break
        slug = f"{slug}-{part}" if slug else part
    return slug


def slug_for(name):
    """The slug a new tag called `name` gets (before taggit numbers it to keep it unique)."""
    return slugify(name, allow_unicode=True)[:SLUG_MAX_LENGTH] or code_point_slug(name)


@receiver(pre_save, sender=Tag, dispatch_uid="digest-tag-name-and-slug")
def clean_tag_before_saving(sender, instance, raw=False, **kwargs):
    """Every way a tag is written (taggit's manager, the admin, the shell): a clean name and
    a slug its page can be reached at. An existing valid slug is kept, so links stay stable."""
    if raw:
        return
    instance.name = clean_tag_name(instance.name)
    if not instance.name:
        raise ValidationError(_("A tag needs a name."), code="tag_without_name")
    if VALID_SLUG.fullmatch(instance.slug or ""):
        return
    base = slug_for(instance.name)
    slug, number = base, 2
    while Tag.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
        slug, number = f"{base}-{number}", number + 1
    instance.slug = slug


class TagNamesField(TagField):
    """The admin's comma-separated tag field: each name cleaned and checked for length."""

    def clean(self, value):
        names = [clean_tag_name(name) for name in super().clean(value)]
        return [name for name in names if name]


class EntryTags(TaggableManager):
    """An entry's tags, edited in forms with `TagNamesField`."""

    def formfield(self, form_class=TagNamesField, **kwargs):
        return super().formfield(form_class=form_class, **kwargs)
