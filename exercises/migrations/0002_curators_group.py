"""The "Curators" group may change the shared library in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATORS_GROUP = "Curators"
CODENAMES = [
    "curate_library",
    *(
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("exercise", "exercisemedia", "progression")
    ),
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    app_config = apps.get_app_config("exercises")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="exercises", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=CURATORS_GROUP).first()
    if group:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="exercises", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
