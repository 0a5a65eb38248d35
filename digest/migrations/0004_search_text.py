from django.db import migrations, models

# Trigram GIN indexes serve substring search (LIKE '%…%') in any language, Chinese included.
# PostgreSQL only: SQLite searches the same column without an index.
TRIGRAM_INDEXES = {
    "digest_entry_search_trgm": "digest_entry",
    "digest_issue_search_trgm": "digest_issue",
}


def search_text(*parts):
    return " ".join(" ".join(part for part in parts if part).casefold().split())


def fill_search_text(apps, schema_editor):
    Issue = apps.get_model("digest", "Issue")
    Entry = apps.get_model("digest", "Entry")
    TaggedEntry = apps.get_model("digest", "TaggedEntry")
    for issue in Issue.objects.all():
        issue.search_text = search_text(issue.title, issue.intro)
        issue.save(update_fields=["search_text"])
    for entry in Entry.objects.all():
        tags = TaggedEntry.objects.filter(content_object=entry).values_list("tag__name", flat=True)
        entry.search_text = search_text(
            entry.headline,
            entry.original_title,
            entry.summary,
            entry.card_title,
            entry.card_description,
            entry.card_site,
            " ".join(tags),
        )
        entry.save(update_fields=["search_text"])


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("digest", "0003_workflow")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="issue",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
