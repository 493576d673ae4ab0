from django.db import migrations, models

import symptoms.models.rendering
from symptoms.search import index as search_index

# Every content model: each has a Markdown body.
ENTITIES = sorted(model._meta.model_name for model in search_index.ENTITY_TYPES.values())
MARKDOWN_PARTS = [
    ("expertopinion", "text"),
    ("faqentry", "answer"),
    ("sectiontext", "body"),
]


def _markdown_field(**options):
    return models.TextField(validators=[symptoms.models.rendering.validate_markdown], **options)


class Migration(migrations.Migration):
    """Markdown fields refuse text the renderer cannot render."""

    dependencies = [
        ("symptoms", "0017_links_to_originals"),
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
    ]
