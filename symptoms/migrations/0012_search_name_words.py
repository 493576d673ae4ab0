import django.db.models.deletion
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Collate

from symptoms.search import index as search_index

# In byte order whatever the database's collation: LIKE 'PREFIX%' and the order of
# suggestions read one range of it (PostgreSQL only, as in 0009).
COMPLETIONS = models.Index(
    Collate("word", "C"), Collate("key", "C"), F("entry"), name="searchnameword_completion"
)
# What suggestions read before: no query uses it now.
NAME_TRIGRAMS = GinIndex(
    OpClass("name", name="gin_trgm_ops"), name="searchentry_name_trgm", fastupdate=False
)


def on_postgresql(model_name, index, method_name):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model("symptoms", model_name)
            getattr(schema_editor, method_name)(model, index)

    return apply


def fill(apps, schema_editor):
    search_index.rebuild_name_words(
        apps.get_model("symptoms", "searchentry"), apps.get_model("symptoms", "searchnameword")
    )


class Migration(migrations.Migration):
    """The later words of published names, for suggestions, filled from the search table."""

    dependencies = [
        ("symptoms", "0011_merge_0009_search_entries_0010_reverse_link_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchNameWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=200)),
                (
                    "key",
                    models.CharField(
                        help_text="The name in upper case, to order by.", max_length=200
                    ),
                ),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="name_words",
                        to="symptoms.searchentry",
                    ),
                ),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(
            on_postgresql("searchnameword", COMPLETIONS, "add_index"),
            on_postgresql("searchnameword", COMPLETIONS, "remove_index"),
        ),
        migrations.RunPython(
            on_postgresql("searchentry", NAME_TRIGRAMS, "remove_index"),
            on_postgresql("searchentry", NAME_TRIGRAMS, "add_index"),
        ),
    ]
