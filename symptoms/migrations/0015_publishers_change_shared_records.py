from django.db import migrations

# Publishers may change the sources and experts that content in review or published uses
# (symptoms.editorial.shared_records); editors and reviewers only those no such content uses.
ADDED_CODENAMES = {"Publisher": ["change_source", "change_expert"]}


def _update(apps, method: str) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ADDED_CODENAMES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            permissions = Permission.objects.filter(
                content_type__app_label="symptoms", codename__in=codenames
            )
            getattr(group.permissions, method)(*permissions)


def add_permissions(apps, schema_editor):
    _update(apps, "add")


def remove_permissions(apps, schema_editor):
    _update(apps, "remove")


class Migration(migrations.Migration):
    dependencies = [("symptoms", "0014_content_version_last_went_public")]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
