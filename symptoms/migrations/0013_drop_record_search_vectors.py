from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

SEARCHABLE = [
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


def record_search_indexes(model_name):
    """What 0003 built for searching each record's own columns (its name prefix b-tree stays)."""
    return [
        GinIndex(fields=["search_vector"], name=f"{model_name}_search_gin"),
        GinIndex(fields=["body_search_vector"], name=f"{model_name}_body_search_gin"),
        GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name=f"{model_name}_name_trgm"),
        GinIndex(
            fields=["synonyms"], opclasses=["gin_trgm_ops"], name=f"{model_name}_synonyms_trgm"
        ),
    ]


def on_postgresql(method_name):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for model_name in SEARCHABLE:
            model = apps.get_model("symptoms", model_name)
            for index in record_search_indexes(model_name):
                getattr(schema_editor, method_name)(model, index)

    return apply


class Migration(migrations.Migration):
    """Every search reads the search table now (0009, 0012): the records' own vectors and
    trigram indexes cost every save and were read by nothing."""

    dependencies = [
        ("symptoms", "0012_search_name_words"),
    ]

    operations = [
        migrations.RunPython(on_postgresql("remove_index"), on_postgresql("add_index")),
        migrations.RemoveField(
            model_name="bodyregion",
            name="body_search_vector",
        ),
        migrations.RemoveField(
            model_name="bodyregion",
            name="search_vector",
        ),
        migrations.RemoveField(
            model_name="cause",
            name="body_search_vector",
        ),
        migrations.RemoveField(
            model_name="cause",
            name="search_vector",
        ),
        migrations.RemoveField(
            model_name="condition",
            name="body_search_vector",
        ),
        migrations.RemoveField(
            model_name="condition",
            name="search_vector",
        ),
        migrations.RemoveField(
            model_name="diagnostic",
            name="body_search_vector",
        ),
        migrations.RemoveField(
            model_name="diagnostic",
            name="search_vector",
        ),
        migrations.RemoveField(
            model_name="dietarysource",
            name="body_search_vector",
        ),
        migrations.RemoveField(
            model_name="dietarysource",
            name="search_vector",
        ),
        migrations.RemoveField(
            model_name="nutrient",
            name="body_search_vector",
        ),
        migrations.RemoveField(
            model_name="nutrient",
            name="search_vector",
        ),
        migrations.RemoveField(
            model_name="specialist",
            name="body_search_vector",
        ),
        migrations.RemoveField(
            model_name="specialist",
            name="search_vector",
        ),
        migrations.RemoveField(
            model_name="symptom",
            name="body_search_vector",
        ),
        migrations.RemoveField(
            model_name="symptom",
            name="search_vector",
        ),
        migrations.RemoveField(
            model_name="treatment",
            name="body_search_vector",
        ),
        migrations.RemoveField(
            model_name="treatment",
            name="search_vector",
        ),
    ]
