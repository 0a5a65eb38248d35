"""Repair what was stored before the rules of digest.tags and digest.text existed:

- tags whose slug is empty (names without letters or digits: "🤖", "？", "---") get the slug
  new tags get, made of the name's code points ("u1f916");
- control characters (C0, except tab, LF and CR) leave the text of issues, entries, picks,
  sections, status changes and tag names; vertical tab and form feed become a space.

The rules are copied here as they were when this migration was written.
"""

import re

from django.db import migrations, models

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f]")
PASTED_BREAKS = re.compile(r"[\x0b\x0c]")
VALID_SLUG = re.compile(r"[-\w]+")
SLUG_MAX_LENGTH = 100
CLEANED_MODELS = ["Issue", "Entry", "Pick", "Section", "StatusChange"]


def without_control_characters(text):
    if not isinstance(text, str):
        return text
    return CONTROL_CHARACTERS.sub("", PASTED_BREAKS.sub(" ", text))


def code_point_slug(name):
    slug = ""
    for character in name.strip() or "-":
        part = f"u{ord(character):04x}"
        if len(slug) + len(part) + 1 > SLUG_MAX_LENGTH - 4:
            break
        slug = f"{slug}-{part}" if slug else part
    return slug


def clean_text(apps, schema_editor):
    for model_name in CLEANED_MODELS:
        model = apps.get_model("digest", model_name)
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        for row in model.objects.values("pk", *fields).iterator():
            changed = {
                name: without_control_characters(value)
                for name, value in row.items()
                if name != "pk" and without_control_characters(value) != value
            }
            if changed:
                model.objects.filter(pk=row["pk"]).update(**changed)


def repair_tags(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.order_by("pk").iterator():
        name = without_control_characters(tag.name).strip() or f"tag {tag.pk}"
        if name != tag.name and Tag.objects.filter(name__iexact=name).exclude(pk=tag.pk).exists():
            name = f"{name} ({tag.pk})"
        slug = tag.slug
        if not VALID_SLUG.fullmatch(slug or ""):
            base = code_point_slug(name)
            slug, number = base, 2
            while Tag.objects.filter(slug=slug).exclude(pk=tag.pk).exists():
                slug, number = f"{base}-{number}", number + 1
        if (name, slug) != (tag.name, tag.slug):
            Tag.objects.filter(pk=tag.pk).update(name=name, slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("digest", "0008_reencoded_images_markdown_limits_tag_names"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(clean_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(repair_tags, migrations.RunPython.noop, elidable=True),
    ]
