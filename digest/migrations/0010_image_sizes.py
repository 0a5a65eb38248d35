"""Entry images and issue covers keep their size in pixels, for <img width height>; the images
already stored are measured here (a file that cannot be read is left without a size)."""

from django.db import migrations, models


def measure(field_file, sizes):
    """(width, height) of a stored image, or (None, None); `sizes` remembers files already read."""
    if field_file.name not in sizes:
        try:
            sizes[field_file.name] = (field_file.width, field_file.height)
        except (OSError, ValueError, SyntaxError):
            sizes[field_file.name] = (None, None)
    return sizes[field_file.name]


def fill_sizes(apps, schema_editor):
    Entry = apps.get_model("digest", "Entry")
    Issue = apps.get_model("digest", "Issue")
    sizes = {}
    for entry in Entry.objects.exclude(image="").only("pk", "image").iterator():
        width, height = measure(entry.image, sizes)
        Entry.objects.filter(pk=entry.pk).update(image_width=width, image_height=height)
    for issue in Issue.objects.exclude(cover_image="").only("pk", "cover_image").iterator():
        width, height = measure(issue.cover_image, sizes)
        Issue.objects.filter(pk=issue.pk).update(cover_width=width, cover_height=height)


class Migration(migrations.Migration):

    dependencies = [
        ('digest', '0009_repair_tag_slugs_and_control_characters'),
    ]

    operations = [
        migrations.AddField(
            model_name='entry',
            name='image_height',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='image height'),
        ),
        migrations.AddField(
            model_name='entry',
            name='image_width',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='image width'),
        ),
        migrations.AddField(
            model_name='issue',
            name='cover_height',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='cover image height'),
        ),
        migrations.AddField(
            model_name='issue',
            name='cover_width',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='cover image width'),
        ),
        migrations.RunPython(fill_sizes, migrations.RunPython.noop),
    ]
