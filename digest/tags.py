"""Tag names and slugs: the rules Digest adds to taggit's Tag model.

taggit makes a tag's slug with `slugify`, which leaves nothing of a name without letters or
digits ("🤖", "？", "---"): such a tag would get the slug "" and its page could not be linked,
taking down every page that shows the tag. Here every tag gets a non-empty slug before its row
is written — the name's code points ("u1f916") when slugify leaves nothing — and names are
cleaned and checked wherever editors type them (admin tag field, imported tag lines).
While an editor types tags, existing ones are suggested (`matching_tags`, `TagSuggestionsWidget`).
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Lower
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse_lazy
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField, TagWidget
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

    def value_from_object(self, obj):
        # Through the entry's manager, which reads tags prefetched with the entries (the issue
        # form's rows); taggit's own asks the database again for each entry.
        if obj.pk is None:
            return []
        return list(getattr(obj, self.attname).all())


def matching_tags(text, limit=10):
    """Names of existing tags containing `text`, ignoring case: those starting with it first,
    then the others, each group in alphabetical order; none for blank `text`."""
    text = text.strip()
    if not text:
        return []
    starts_first = Case(
        When(name__istartswith=text, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return list(
        Tag.objects.filter(name__icontains=text)
        .order_by(starts_first, Lower("name"), "name")
        .values_list("name", flat=True)[:limit]
    )


class TagSuggestionsWidget(TagWidget):
    """The comma-separated tags input, offering existing tags while the editor types (a
    <datalist> filled by a static script: the page carries no inline script)."""

    class Media:
        js = ["digest/admin/tag-suggestions.js"]

    def __init__(self, attrs=None):
        super().__init__(
            {
                "data-tag-suggestions": reverse_lazy("admin:digest_entry_tag_suggestions"),
                "autocomplete": "off",
                **(attrs or {}),
            }
        )
