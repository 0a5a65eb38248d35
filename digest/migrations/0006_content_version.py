"""The content version and the database triggers that change it (see digest.cache).

Triggers, rather than signals, so that every way of changing content counts: the admin,
management commands, a Django shell, QuerySet.update(), bulk_create() and raw SQL alike.
On PostgreSQL they are constraint triggers deferred to the commit, so the version row is the
last lock a transaction takes and concurrent editors cannot deadlock on it.
"""

from django.db import migrations, models

CONTENT_TABLES = [
    "digest_issue",
    "digest_entry",
    "digest_pick",
    "digest_section",
    "digest_taggedentry",
    "taggit_tag",
]

SQLITE_NEW_TOKEN = """
INSERT INTO digest_contentversion (scope, token) VALUES ('content', lower(hex(randomblob(16))))
ON CONFLICT (scope) DO UPDATE SET token = excluded.token;
"""

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION digest_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO digest_contentversion (scope, token)
    VALUES ('content', md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (scope) DO UPDATE SET token = excluded.token;
    RETURN NULL;
END
$$;
"""


def install_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in CONTENT_TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER digest_content_changed_{table}_{event.lower()} "
                        f"AFTER {event} ON {table} BEGIN {SQLITE_NEW_TOKEN} END"
                    )
            cursor.execute(SQLITE_NEW_TOKEN)
        elif connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
            for table in CONTENT_TABLES:
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER digest_content_changed "
                    f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
                    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                    f"EXECUTE FUNCTION digest_content_changed()"
                )
            cursor.execute(
                "INSERT INTO digest_contentversion (scope, token) "
                "VALUES ('content', md5(random()::text))"
            )
        # Other databases get no triggers; the page cache's system check refuses them.


def remove_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in CONTENT_TABLES:
            if connection.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS digest_content_changed_{table}_{event}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS digest_content_changed ON {table}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS digest_content_changed()")


class Migration(migrations.Migration):

    dependencies = [
        ("digest", "0005_image_uploads"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("scope", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "content version",
                "verbose_name_plural": "content versions",
            },
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
