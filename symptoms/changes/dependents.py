"""Which records' responses a change touches: the records linked to it, and those showing it.

The outbox records an update of each (symptoms.changes.outbox), and stored documents expire
when a linked record scheduled for later goes public (api.delivery.documents).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db import models

from symptoms import kinds
from symptoms.models import ContentEntity, DietarySource, Expert, Nutrient, Source, Symptom


def content_models() -> list[type[ContentEntity]]:
    return kinds.models_in_link_order()


def linked(
    instance: models.Model, visible: str = "published"
) -> Iterator[models.QuerySet[ContentEntity]]:
    """Records linked to `instance`, narrowed by the queryset method `visible`.

    Links show on both ends, so these are the records whose responses show `instance`, and
    the records its own response shows. A symptom also shows the foods of its nutrients.
    """
    content = set(content_models())
    for field in type(instance)._meta.get_fields():
        if field.many_to_many and field.related_model in content:
            # A relation declared on the other model shows here as its reverse (a ManyToManyRel).
            if isinstance(field, models.ForeignObjectRel):
                accessor = field.get_accessor_name()
            else:
                accessor = field.name
            if accessor:
                yield getattr(getattr(instance, accessor), visible)()
    if isinstance(instance, DietarySource):
        nutrients = Nutrient.objects.published().filter(dietary_sources=instance)
        yield getattr(Symptom.objects, visible)().filter(nutrients__in=nutrients).distinct()
    if isinstance(instance, Symptom):
        nutrients = Nutrient.objects.published().filter(symptoms=instance)
        yield getattr(DietarySource.objects, visible)().filter(nutrients__in=nutrients).distinct()


def dependents(instance: models.Model) -> Iterator[ContentEntity]:
    """Public records whose API response shows `instance`."""
    for records in linked(instance):
        yield from records


def next_linked_publication(
    instance: models.Model, scheduled: set[type[ContentEntity]] | None = None
) -> datetime.datetime | None:
    """When the first record scheduled to go public that `instance`'s response would show does.

    Until then the response stays as it is; at that time it changes without any save.
    `scheduled`, the models that have records scheduled at all, spares looking in the others.
    """
    times = [
        records.order_by("published_at").values_list("published_at", flat=True).first()
        for records in linked(instance, "scheduled")
        if scheduled is None or records.model in scheduled
    ]
    return min(filter(None, times), default=None)


def models_with_scheduled_records() -> set[type[ContentEntity]]:
    return {model for model in content_models() if model.objects.scheduled().exists()}


def showing_link(ends: list[ContentEntity]) -> Iterator[ContentEntity]:
    """Public records beyond the two ends whose response shows their link: a food of a
    nutrient shows in the nutrient's symptoms."""
    kinds = {type(end) for end in ends}
    if kinds == {Nutrient, DietarySource}:
        nutrient = next(end for end in ends if isinstance(end, Nutrient))
        yield from nutrient.symptoms.published()


def showing(instance: models.Model) -> Iterator[ContentEntity]:
    """Public records whose response shows a source or an expert (a reviewer, an opinion)."""
    for model in content_models():
        public = model.objects.published()
        if isinstance(instance, Source):
            yield from public.filter(sources=instance)
        elif isinstance(instance, Expert):
            yield from public.filter(reviewed_by=instance)
    if isinstance(instance, Expert):
        yield from Symptom.objects.published().filter(expert_opinions__expert=instance).distinct()
