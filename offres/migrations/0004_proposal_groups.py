"""The groups that see (Équipe stages) or do not see (Communication) the proposals back office."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP = "Équipe stages"
COMMUNICATION_GROUP = "Communication"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    staff, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.add(
        admin_access,
        *Permission.objects.filter(
            content_type__app_label="offres",
            codename__in=["view_proposal", "change_proposal"],
        ),
    )
    communication, _created = Group.objects.get_or_create(name=COMMUNICATION_GROUP)
    communication.permissions.add(admin_access)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[STAFF_GROUP, COMMUNICATION_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("offres", "0003_proposals"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
