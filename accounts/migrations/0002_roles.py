from django.contrib.auth.management import create_permissions
from django.db import migrations

# A frozen copy: later changes to roles get their own migration.
ROLE_PERMISSIONS = {
    "Contributor": [
        "digest.add_issue", "digest.change_issue", "digest.view_issue", "digest.preview_issue",
        "digest.add_entry", "digest.change_entry", "digest.delete_entry", "digest.view_entry",
        "digest.add_pick", "digest.change_pick", "digest.delete_pick", "digest.view_pick",
        "digest.view_section", "digest.view_statuschange", "taggit.add_tag", "taggit.view_tag",
    ],
    "Editor": [
        "digest.add_issue", "digest.change_issue", "digest.delete_issue", "digest.view_issue",
        "digest.review_issue", "digest.publish_issue", "digest.edit_any_issue",
        "digest.preview_issue", "digest.share_preview", "digest.restore_issue",
        "digest.add_entry", "digest.change_entry", "digest.delete_entry", "digest.view_entry",
        "digest.add_pick", "digest.change_pick", "digest.delete_pick", "digest.view_pick",
        "digest.add_section", "digest.change_section", "digest.delete_section",
        "digest.view_section", "digest.view_statuschange", "digest.add_previewlink",
        "digest.change_previewlink", "digest.view_previewlink", "taggit.add_tag",
        "taggit.change_tag", "taggit.delete_tag", "taggit.view_tag",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("digest", "0003_workflow"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
