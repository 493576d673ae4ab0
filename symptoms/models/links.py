"""What every link between two records carries: the editors' note and order."""

from django.db import models

from symptoms.querysets import LinkQuerySet


class Link(models.Model):
    note = models.TextField(
        blank=True, help_text="What this link means for this record, in a sentence or two."
    )
    order = models.PositiveIntegerField(default=0, help_text="Readers see lower numbers first.")

    objects = LinkQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]
