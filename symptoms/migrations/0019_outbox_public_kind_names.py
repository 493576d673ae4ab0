"""The outbox names each record's kind by its public name (symptoms.kinds), as search does.

Changes recorded before named two kinds by their model name; they are rewritten, so the
change feed and webhooks serve one spelling for old and new changes alike.
"""

from django.db import migrations

# Model name -> public name, for the kinds whose spellings differed. Written out: a
# migration must not change when symptoms.kinds does.
RENAMED = {"dietarysource": "dietary_source", "bodyregion": "body_region"}


def rename(apps, schema_editor, renamed: dict[str, str]) -> None:
    ContentChange = apps.get_model("symptoms", "ContentChange")
    for old, new in renamed.items():
        ContentChange.objects.filter(type=old).update(type=new)


def forwards(apps, schema_editor) -> None:
    rename(apps, schema_editor, RENAMED)


def backwards(apps, schema_editor) -> None:
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("symptoms", "0018_markdown_limits")]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
