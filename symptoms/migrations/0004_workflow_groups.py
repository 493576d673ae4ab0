from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = [
    "bodyregion",
    "cause",
    "condition",
    "diagnostic",
    "dietarysource",
    "nutrient",
    "specialist",
    "symptom",
    "treatment",
]
# Records that belong to one content record and are edited inline with it.
PART_MODELS = [
    "complication",
    "conditioncode",
    "conditionspecialist",
    "conditiontreatment",
    "expertopinion",
    "faqentry",
    "nutrientsource",
    "redflag",
    "sectiontext",
    "symptomcause",
    "symptomcode",
    "symptomcondition",
    "symptomdiagnostic",
    "symptomnutrient",
    "symptomspecialist",
    "symptomtreatment",
    "symptomtype",
]
SUPPORT_MODELS = ["expert", "source"]
ALL_MODELS = CONTENT_MODELS + PART_MODELS + SUPPORT_MODELS


def _codenames():
    view = [f"view_{model}" for model in ALL_MODELS]
    return {
        "Editor": view
        + [f"{action}_{model}" for model in CONTENT_MODELS for action in ("add", "change")]
        + [f"{action}_{model}" for model in PART_MODELS for action in ("add", "change", "delete")]
        + [f"{action}_{model}" for model in SUPPORT_MODELS for action in ("add", "change")],
        "Medical reviewer": view
        + [f"review_{model}" for model in CONTENT_MODELS]
        + [f"{action}_expert" for action in ("add", "change")],
        "Publisher": view
        + [f"{action}_{model}" for model in CONTENT_MODELS for action in ("publish", "delete")],
    }


def create_groups(apps, schema_editor):
    """The three editorial roles, with the permissions described in docs/editorial.md."""
    for app_config in apps.get_app_configs():
        # Permissions are normally created after all migrations; the groups need them now.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in _codenames().items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="symptoms", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        assert not missing, f"permissions missing for group {name}: {sorted(missing)}"
        group.permissions.add(*permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editor", "Medical reviewer", "Publisher"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("symptoms", "0003_workflow_revisions"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
