"""Content versions and the queue of scopes for the HTTP cache. The triggers that fill them
are installed after every `migrate` (digest.triggers, digest.signals), so they always match
the code and survive SQLite's table rebuilds; migrating back drops them."""

from django.db import migrations, models

from digest import triggers


def remove_triggers(apps, schema_editor):
    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("digest", "0005_image_uploads"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("scope", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=32)),
                ("removal", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "content version",
                "verbose_name_plural": "content versions",
            },
        ),
        migrations.CreateModel(
            name="PendingPurge",
            fields=[
                ("scope", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "pending purge",
                "verbose_name_plural": "pending purges",
            },
        ),
        migrations.RunPython(migrations.RunPython.noop, remove_triggers),
    ]
