"""Links point at original records only, never at a draft revision.

Every link's target field gets `limit_choices_to` (forms offer and accept originals only).
On PostgreSQL a trigger on each link table also refuses a row whose target is a draft
revision, whatever writes it: a CHECK constraint cannot look at the target's table. A record
never becomes a draft revision after it is created, so the link side is the only one to guard.
"""

import django.db.models.deletion
from django.db import migrations, models

ORIGINALS = {"revision_of__isnull": True}
# (link model, target field, related name) for every link to another content record.
LINK_TARGETS = [
    ("conditionspecialist", "specialist", "condition_links"),
    ("conditiontreatment", "treatment", "condition_links"),
    ("nutrientsource", "dietary_source", "nutrient_links"),
    ("symptomcause", "cause", "symptom_links"),
    ("symptomcondition", "condition", "symptom_links"),
    ("symptomdiagnostic", "diagnostic", "symptom_links"),
    ("symptomnutrient", "nutrient", "symptom_links"),
    ("symptomspecialist", "specialist", "symptom_links"),
    ("symptomtreatment", "treatment", "symptom_links"),
]
FUNCTION = "symptoms_refuse_link_to_revision"
CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target_id bigint := (to_jsonb(NEW) ->> TG_ARGV[1])::bigint;
    is_revision boolean;
BEGIN
    EXECUTE format('SELECT revision_of_id IS NOT NULL FROM %I WHERE id = $1', TG_ARGV[0])
        INTO is_revision USING target_id;
    IF is_revision THEN
        RAISE EXCEPTION 'a link may not point at a draft revision: %.% = % is one',
            TG_TABLE_NAME, TG_ARGV[1], target_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
"""


def _link_columns(apps):
    """(link table, target column, target table) of every link, plain many-to-many included."""
    for model_name, field_name, _ in LINK_TARGETS:
        field = apps.get_model("symptoms", model_name)._meta.get_field(field_name)
        yield field.model._meta.db_table, field.column, field.related_model._meta.db_table
    through = apps.get_model("symptoms", "symptom")._meta.get_field("body_regions").remote_field
    field = through.through._meta.get_field("bodyregion")
    yield through.through._meta.db_table, field.column, field.related_model._meta.db_table


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)  # its % are not placeholders
    for table, column, target in _link_columns(apps):
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_target_original" BEFORE INSERT OR UPDATE OF "{column}" '
            f"ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION {FUNCTION}('{target}', '{column}')"
        )


def remove_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _, _ in _link_columns(apps):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_target_original" ON "{table}"')
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("symptoms", "0016_webhook_public_urls"),
    ]

    operations = [
        *(
            migrations.AlterField(
                model_name=model_name,
                name=field_name,
                field=models.ForeignKey(
                    limit_choices_to=ORIGINALS,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name=related_name,
                    to=f"symptoms.{field_name.replace('_', '')}",
                ),
            )
            for model_name, field_name, related_name in LINK_TARGETS
        ),
        migrations.AlterField(
            model_name="symptom",
            name="body_regions",
            field=models.ManyToManyField(
                blank=True,
                limit_choices_to=ORIGINALS,
                related_name="symptoms",
                to="symptoms.bodyregion",
            ),
        ),
        migrations.RunPython(add_triggers, remove_triggers),
    ]
