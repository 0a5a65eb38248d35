from django.db import migrations

STANDARD_SECTIONS = [
    ("papers", "Machine Learning Papers", "机器学习论文", 1),
    ("articles", "Technical Articles", "技术文章", 2),
    ("use-cases", "Examples of Machine Learning use cases", "机器学习用例的例子", 3),
    ("other", "Other Topics", "其他主题", 4),
]


def create_sections(apps, schema_editor):
    Section = apps.get_model("digest", "Section")
    for slug, name_en, name_zh, position in STANDARD_SECTIONS:
        Section.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_zh": name_zh, "position": position}
        )


def remove_sections(apps, schema_editor):
    Section = apps.get_model("digest", "Section")
    Section.objects.filter(
        slug__in=[slug for slug, *_ in STANDARD_SECTIONS], entries__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("digest", "0001_initial")]

    operations = [migrations.RunPython(create_sections, remove_sections)]
