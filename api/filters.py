"""One FilterSet per resource: every list filter, its validation and its documentation."""

from __future__ import annotations

import datetime

import django_filters as df
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import ManyToManyField, ManyToManyRel, Model, Q, QuerySet
from django_filters.fields import BaseCSVField
from drf_spectacular.utils import extend_schema_field

from symptoms import models as m
from symptoms.models import ContentChange
from symptoms.models.querysets import ContentQuerySet

CODE_SYSTEMS = [system for system, _ in m.CodeSystem.choices]


def accepted(choices) -> str:
    """A choice field's error message that lists what is accepted."""
    values = ", ".join(str(value) for value, _ in choices)
    return f"Unknown value %(value)s. Accepted: {values}."


class StrictCSVField(BaseCSVField):
    """Comma-separated values with none empty (`a,,b` is a mistake, not a wildcard)."""

    def clean(self, value):
        if value and any(item == "" for item in value):
            raise ValidationError("An empty value in the comma-separated list.")
        return super().clean(value)


class InFilter(df.BaseInFilter):
    base_field_class = StrictCSVField


class PublishedSlugsField(StrictCSVField):
    """Comma-separated slugs, each of which must name a published record of `model`; cleaned
    to those records' ids."""

    def __init__(self, *args, model, **kwargs):
        self.model = model
        super().__init__(*args, **kwargs)

    def clean(self, value):
        slugs = super().clean(value)
        if not slugs:
            return slugs
        found = dict(
            self.model.objects.published()
            .filter(slug__in=slugs)
            .order_by()
            .values_list("slug", "pk")
        )
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise ValidationError(
                "No published %(model)s has the slug %(slugs)s. Use the slugs the API lists.",
                params={"model": self.model._meta.verbose_name, "slugs": ", ".join(unknown)},
            )
        return list(found.values())


class PublishedSlugsFilter(InFilter, df.CharFilter):
    """Records linked to any of the given published records (comma-separated slugs)."""

    base_field_class = PublishedSlugsField

    def __init__(self, field_name: str, model: type[m.ContentEntity], **kwargs):
        kwargs.setdefault(
            "help_text",
            f"Only those linked to this published {model._meta.verbose_name} (its slug). "
            "Several comma-separated slugs mean any of them. A slug that is unknown, or not "
            "published, is a 400.",
        )
        # A label given spares django-filter deriving one (with translations) per request.
        kwargs.setdefault("label", model._meta.verbose_name)
        super().__init__(field_name=field_name, model=model, **kwargs)

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if not value:
            return qs
        # A subquery on the link table alone, by the linked records' ids: no duplicates (so
        # no DISTINCT and exact counts), and the planner knows how many links each id has.
        links, own_column, other_column = link_table(qs.model, self.field_name)
        matching = links._default_manager.filter(**{f"{other_column}__in": value})
        return qs.filter(pk__in=matching.values(own_column))


def link_table(model: type[Model], relation: str) -> tuple[type[Model], str, str]:
    """The link table of `model`'s many-to-many `relation`: model, its column, the other's."""
    field = model._meta.get_field(relation)
    if isinstance(field, ManyToManyField):
        rel = field.remote_field
        own, other = field.m2m_column_name(), field.m2m_reverse_name()
    else:
        assert isinstance(field, ManyToManyRel), field
        rel = field
        own, other = field.field.m2m_reverse_name(), field.field.m2m_column_name()
    # The link model: resolved to a class once the apps are loaded.
    assert rel.through is not None, field
    return rel.through, own, other


class ChoicesFilter(InFilter, df.ChoiceFilter):
    """One or several comma-separated values of a fixed set."""

    def __init__(self, *args, choices, **kwargs):
        kwargs.setdefault("help_text", "Several comma-separated values mean any of them.")
        kwargs.setdefault("error_messages", {"invalid_choice": accepted(choices)})
        super().__init__(*args, choices=choices, **kwargs)


class StrictBooleanField(forms.Field):
    """`true` or `false`; anything else is an error rather than being ignored."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value in ("true", "false"):
            return value == "true"
        raise ValidationError("Use true or false (got %(value)s).", params={"value": value})


class StrictBooleanFilter(df.BooleanFilter):
    field_class = StrictBooleanField


def validate_medical_code(value: str) -> None:
    system, separator, code = value.rpartition(":")
    if separator and (system not in CODE_SYSTEMS or not code):
        raise ValidationError(
            "%(value)r is not a medical code: use CODE or SYSTEM:CODE with SYSTEM one of "
            "%(systems)s (for example G35 or ICD-10:G35).",
            params={"value": value, "systems": ", ".join(CODE_SYSTEMS)},
        )


MEDICAL_CODE_HELP = (
    "A medical code as SYSTEM:CODE, for example `ICD-10:G35` (systems: "
    f"{', '.join(CODE_SYSTEMS)}), or a bare CODE (`G35`) in any system. Several "
    "comma-separated codes mean any of them. A well-formed code that no record carries matches "
    "nothing."
)
# What validate_medical_code accepts, with no comma (which separates codes) nor NUL.
MEDICAL_CODE_PATTERN = f"^(?:(?:{'|'.join(CODE_SYSTEMS)}):)?[^:,\\u0000]+$"


@extend_schema_field(
    {"type": "string", "pattern": MEDICAL_CODE_PATTERN, "description": MEDICAL_CODE_HELP}
)
class MedicalCodeFilter(InFilter, df.CharFilter):
    """Records carrying any of the given medical codes."""

    def __init__(self, **kwargs):
        # Each code as given: stripping would turn `ICD-10: ` into the malformed `ICD-10:`.
        super().__init__(
            validators=[validate_medical_code], help_text=MEDICAL_CODE_HELP, strip=False, **kwargs
        )

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if not value:
            return qs
        match = Q()
        for item in value:
            system, _, code = item.rpartition(":")
            in_system = {"codes__system": system} if system else {}
            match |= Q(codes__code__iexact=code, **in_system)
        return qs.filter(pk__in=qs.model._default_manager.filter(match).values("pk"))


class OrderingFilter(df.OrderingFilter):
    """Sort order; ties are broken by slug so that pages never overlap."""

    base_field_class = StrictCSVField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra["error_messages"] = {"invalid_choice": accepted(self.extra["choices"])}

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if not value:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "slug")


def as_utc(moment: datetime.datetime) -> datetime.datetime:
    """The moment in UTC: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows.
    A moment whose UTC time falls outside years 1 to 9999 becomes the nearest one that does
    not (before or after every change alike)."""
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        limit = datetime.datetime.min if moment.year == 1 else datetime.datetime.max
        return limit.replace(tzinfo=datetime.UTC)


UPDATED_SINCE_HELP = (
    "Only records changed at or after this ISO 8601 date or date-time, for example "
    "`2026-11-01` or `2026-11-01T09:00:00Z` (UTC when no offset is given). Changed means what "
    "the change feed (`/changes/?since=`) reports for the same time: edited, published, or "
    "showing a linked record that changed."
)


class ContentFilter(df.FilterSet):
    """The filters every resource has."""

    updated_since = extend_schema_field(
        {
            "type": "string",
            "anyOf": [{"format": "date-time"}, {"format": "date"}],
            "description": UPDATED_SINCE_HELP,
        }
    )(df.IsoDateTimeFilter(method="filter_updated_since", help_text=UPDATED_SINCE_HELP))
    search = df.CharFilter(
        method="filter_search",
        help_text="Text to look for, with the search engine of `/api/v1/search/`: names and "
        "synonyms, summaries and (on PostgreSQL) full texts; stemmed and typo-tolerant. "
        "Results come most relevant first unless `ordering` is given.",
    )
    ordering = OrderingFilter(
        fields=["name", "updated_at"],
        help_text="Sort by `name` (the default) or `updated_at`; a leading `-` reverses.",
    )

    def filter_updated_since(self, queryset: QuerySet, name: str, value) -> QuerySet:
        value = as_utc(value)
        changed = ContentChange.objects.filter(time__gte=value).values("uid")
        return queryset.filter(Q(updated_at__gte=value) | Q(uid__in=changed))

    def filter_search(self, queryset: ContentQuerySet, name: str, value: str) -> ContentQuerySet:
        return queryset.search(value)


class SymptomFilter(ContentFilter):
    condition = PublishedSlugsFilter("conditions", m.Condition)
    cause = PublishedSlugsFilter("causes", m.Cause)
    diagnostic = PublishedSlugsFilter("diagnostics", m.Diagnostic)
    specialist = PublishedSlugsFilter("specialists", m.Specialist)
    treatment = PublishedSlugsFilter("treatments", m.Treatment)
    nutrient = PublishedSlugsFilter("nutrients", m.Nutrient)
    body_region = PublishedSlugsFilter("body_regions", m.BodyRegion)
    code = MedicalCodeFilter()

    class Meta:
        model = m.Symptom
        fields: list[str] = []


class ConditionFilter(ContentFilter):
    category = ChoicesFilter(choices=m.Condition.Category.choices)
    code = MedicalCodeFilter()
    symptom = PublishedSlugsFilter("symptoms", m.Symptom)
    treatment = PublishedSlugsFilter("treatments", m.Treatment)
    specialist = PublishedSlugsFilter("specialists", m.Specialist)

    class Meta:
        model = m.Condition
        fields: list[str] = []


class CauseFilter(ContentFilter):
    category = ChoicesFilter(choices=m.Cause.Category.choices)
    nature = ChoicesFilter(choices=m.Cause.Nature.choices)
    symptom = PublishedSlugsFilter("symptoms", m.Symptom)

    class Meta:
        model = m.Cause
        fields: list[str] = []


class DiagnosticFilter(ContentFilter):
    kind = ChoicesFilter(choices=m.Diagnostic.Kind.choices)
    symptom = PublishedSlugsFilter("symptoms", m.Symptom)

    class Meta:
        model = m.Diagnostic
        fields: list[str] = []


class SpecialistFilter(ContentFilter):
    first_contact = StrictBooleanFilter(
        help_text="`true`: only doctors patients can see without a referral (a GP, for example)."
    )
    symptom = PublishedSlugsFilter("symptoms", m.Symptom)
    condition = PublishedSlugsFilter("conditions", m.Condition)

    class Meta:
        model = m.Specialist
        fields: list[str] = []


class TreatmentFilter(ContentFilter):
    kind = ChoicesFilter(choices=m.Treatment.Kind.choices)
    evidence = ChoicesFilter(choices=m.Treatment.Evidence.choices)
    prescription_required = StrictBooleanFilter(
        help_text="`true`: only prescription treatments; `false`: only those without."
    )
    symptom = PublishedSlugsFilter("symptoms", m.Symptom)
    condition = PublishedSlugsFilter("conditions", m.Condition)

    class Meta:
        model = m.Treatment
        fields: list[str] = []


class NutrientFilter(ContentFilter):
    symptom = PublishedSlugsFilter("symptoms", m.Symptom)
    dietary_source = PublishedSlugsFilter("dietary_sources", m.DietarySource)

    class Meta:
        model = m.Nutrient
        fields: list[str] = []


class DietarySourceFilter(ContentFilter):
    nutrient = PublishedSlugsFilter("nutrients", m.Nutrient)

    class Meta:
        model = m.DietarySource
        fields: list[str] = []


class BodyRegionFilter(ContentFilter):
    symptom = PublishedSlugsFilter("symptoms", m.Symptom)

    class Meta:
        model = m.BodyRegion
        fields: list[str] = []
