"""What every link between two records carries: the editors' note and order."""

from django.db import models

from symptoms.models.querysets import LinkQuerySet

# What a link may point at: an original record, never a draft revision (which is deleted when
# it is published, and never public). Every link's target field says so (`limit_choices_to`),
# so admin forms offer and accept originals only; `symptoms.editorial.link_rules` reads it back.
ORIGINALS = {"revision_of__isnull": True}


class Link(models.Model):
    note = models.TextField(
        blank=True, help_text="What this link means for this record, in a sentence or two."
    )
    order = models.PositiveIntegerField(default=0, help_text="Readers see lower numbers first.")

    objects = LinkQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]
