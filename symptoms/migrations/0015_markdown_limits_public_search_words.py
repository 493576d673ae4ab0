import django.db.models.deletion
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models

import symptoms.rendering
from symptoms import search_index

# Every content model: each has a Markdown body.
ENTITIES = sorted(model._meta.model_name for model in search_index.ENTITY_TYPES.values())
MARKDOWN_PARTS = [
    ("expertopinion", "text"),
    ("faqentry", "answer"),
    ("sectiontext", "body"),
]
# As in 0009: without fastupdate, kept out of the model state (PostgreSQL only).
WORD_TRIGRAMS = GinIndex(
    OpClass("word", name="gin_trgm_ops"), name="searchword_trgm", fastupdate=False
)


def _markdown_field(**options):
    return models.TextField(validators=[symptoms.rendering.validate_markdown], **options)


def on_postgresql(method_name):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model("symptoms", "searchword")
            getattr(schema_editor, method_name)(model, WORD_TRIGRAMS)

    return apply


def fill(apps, schema_editor):
    search_index.rebuild_words(
        apps.get_model("symptoms", "searchentry"), apps.get_model("symptoms", "searchword")
    )


class Migration(migrations.Migration):
    """Markdown fields refuse text the renderer cannot render; the words typos are matched
    to are kept for each search entry, so that only the words of public names are read."""

    dependencies = [
        ("symptoms", "0014_content_version_last_went_public"),
    ]

    operations = [
        *(
            migrations.AlterField(
                model_name=model_name,
                name="body",
                field=_markdown_field(blank=True, help_text="The full text, in Markdown."),
            )
            for model_name in ENTITIES
        ),
        *(
            migrations.AlterField(
                model_name=model_name, name=field_name, field=_markdown_field(help_text="Markdown.")
            )
            for model_name, field_name in MARKDOWN_PARTS
        ),
        migrations.DeleteModel(name="SearchWord"),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=100)),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="words",
                        to="symptoms.searchentry",
                    ),
                ),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(on_postgresql("add_index"), on_postgresql("remove_index")),
    ]
