"""Stored documents name their record's kind by its public name, as the outbox now does.

Their `type` is matched against the outbox's in the rule for serving a document, so both are
rewritten alike (see symptoms/migrations/0019_outbox_public_kind_names.py).
"""

from django.db import migrations, models

# Model name -> public name, for the kinds whose spellings differed (written out, see 0019).
RENAMED = {"dietarysource": "dietary_source", "bodyregion": "body_region"}


def rename(apps, schema_editor, renamed: dict[str, str]) -> None:
    Document = apps.get_model("api", "Document")
    for old, new in renamed.items():
        Document.objects.filter(type=old).update(type=new)


def forwards(apps, schema_editor) -> None:
    rename(apps, schema_editor, RENAMED)


def backwards(apps, schema_editor) -> None:
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_stored_documents"),
        ("symptoms", "0019_outbox_public_kind_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="type",
            field=models.CharField(
                help_text="The record's kind (its public name), as in the outbox.", max_length=40
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]
