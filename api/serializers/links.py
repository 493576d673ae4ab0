"""Linked records in short (id, slug, name, url) with the link's own note, order and attributes."""

from django.db import models
from rest_framework import serializers

from symptoms import models as m

from .base import (
    ContentListSerializer,
    ExpertSerializer,
    LinkedUrlField,
    MarkdownHtmlField,
    detail_view_name,
)

LINK_FIELDS = ["id", "slug", "name", "url"]


def _target_fields(target: str, model: type[m.ContentEntity]) -> dict[str, serializers.Field]:
    return {
        "id": serializers.UUIDField(source=f"{target}.uid", read_only=True),
        "slug": serializers.SlugField(source=f"{target}.slug", read_only=True),
        "name": serializers.CharField(source=f"{target}.name", read_only=True),
        "url": LinkedUrlField(
            source=target,
            view_name=detail_view_name(model),
            lookup_field="slug",
            read_only=True,
        ),
    }


def link_serializer(
    name: str,
    link_model: type[models.Model],
    target: str,
    *,
    attributes: tuple[str, ...] = (),
    extra: dict[str, serializers.Field] | None = None,
) -> type[serializers.ModelSerializer]:
    """A serializer class for `link_model` seen from the side opposite `target`."""
    target_model = link_model._meta.get_field(target).related_model
    assert isinstance(target_model, type) and issubclass(target_model, m.ContentEntity), target
    declared = {**_target_fields(target, target_model), **(extra or {})}
    meta = type(
        "Meta", (), {"model": link_model, "fields": [*declared, "note", "order", *attributes]}
    )
    # Declared: the model field's maximum depends on the database, and the schema must not.
    declared["order"] = serializers.IntegerField(
        read_only=True, help_text="Readers see lower numbers first."
    )
    doc = f"A linked {target_model._meta.verbose_name} with the link's note and order."
    return type(name, (serializers.ModelSerializer,), {**declared, "Meta": meta, "__doc__": doc})


def _choice(source: str, choices) -> serializers.ChoiceField:
    return serializers.ChoiceField(source=source, choices=choices, read_only=True)


def _treatment_fields() -> dict[str, serializers.Field]:
    return {
        "kind": _choice("treatment.kind", m.Treatment.Kind.choices),
        "evidence": _choice("treatment.evidence", m.Treatment.Evidence.choices),
        "safety_warning": serializers.CharField(
            source="treatment.safety_warning",
            read_only=True,
            help_text="Show it with the treatment wherever it appears (empty when none).",
        ),
        "prescription_required": serializers.BooleanField(
            source="treatment.prescription_required", read_only=True
        ),
    }


NutrientSourceLinkSerializer = link_serializer(
    "NutrientSourceLinkSerializer", m.NutrientSource, "dietary_source"
)
SymptomConditionLinkSerializer = link_serializer(
    "SymptomConditionLinkSerializer",
    m.SymptomCondition,
    "condition",
    attributes=("likelihood",),
    extra={"category": _choice("condition.category", m.Condition.Category.choices)},
)
SymptomCauseLinkSerializer = link_serializer(
    "SymptomCauseLinkSerializer",
    m.SymptomCause,
    "cause",
    attributes=("likelihood",),
    extra={
        "category": _choice("cause.category", m.Cause.Category.choices),
        "nature": _choice("cause.nature", m.Cause.Nature.choices),
    },
)
SymptomDiagnosticLinkSerializer = link_serializer(
    "SymptomDiagnosticLinkSerializer",
    m.SymptomDiagnostic,
    "diagnostic",
    extra={"kind": _choice("diagnostic.kind", m.Diagnostic.Kind.choices)},
)
SymptomSpecialistLinkSerializer = link_serializer(
    "SymptomSpecialistLinkSerializer",
    m.SymptomSpecialist,
    "specialist",
    attributes=("first_contact",),
)
SymptomTreatmentLinkSerializer = link_serializer(
    "SymptomTreatmentLinkSerializer", m.SymptomTreatment, "treatment", extra=_treatment_fields()
)
SymptomNutrientLinkSerializer = link_serializer(
    "SymptomNutrientLinkSerializer",
    m.SymptomNutrient,
    "nutrient",
    extra={
        "role": serializers.CharField(source="nutrient.role", read_only=True),
        "dietary_sources": NutrientSourceLinkSerializer(
            source="nutrient.published_source_links",
            many=True,
            read_only=True,
            help_text="Foods that supply the nutrient.",
        ),
    },
)
ConditionSymptomLinkSerializer = link_serializer(
    "ConditionSymptomLinkSerializer", m.SymptomCondition, "symptom", attributes=("likelihood",)
)
ConditionTreatmentLinkSerializer = link_serializer(
    "ConditionTreatmentLinkSerializer", m.ConditionTreatment, "treatment", extra=_treatment_fields()
)
ConditionSpecialistLinkSerializer = link_serializer(
    "ConditionSpecialistLinkSerializer", m.ConditionSpecialist, "specialist"
)
CauseSymptomLinkSerializer = link_serializer(
    "CauseSymptomLinkSerializer", m.SymptomCause, "symptom", attributes=("likelihood",)
)
DiagnosticSymptomLinkSerializer = link_serializer(
    "DiagnosticSymptomLinkSerializer", m.SymptomDiagnostic, "symptom"
)
SpecialistSymptomLinkSerializer = link_serializer(
    "SpecialistSymptomLinkSerializer", m.SymptomSpecialist, "symptom", attributes=("first_contact",)
)
SpecialistConditionLinkSerializer = link_serializer(
    "SpecialistConditionLinkSerializer", m.ConditionSpecialist, "condition"
)
TreatmentSymptomLinkSerializer = link_serializer(
    "TreatmentSymptomLinkSerializer", m.SymptomTreatment, "symptom"
)
TreatmentConditionLinkSerializer = link_serializer(
    "TreatmentConditionLinkSerializer", m.ConditionTreatment, "condition"
)
NutrientSymptomLinkSerializer = link_serializer(
    "NutrientSymptomLinkSerializer", m.SymptomNutrient, "symptom"
)
DietarySourceNutrientLinkSerializer = link_serializer(
    "DietarySourceNutrientLinkSerializer", m.NutrientSource, "nutrient"
)


class BodyRegionSummarySerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.BodyRegion
        fields = LINK_FIELDS


class SymptomSummarySerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.Symptom
        fields = LINK_FIELDS


class SectionSerializer(serializers.ModelSerializer):
    body_html = MarkdownHtmlField(source="body")
    body_markdown = serializers.CharField(source="body", read_only=True)

    class Meta:
        model = m.SectionText
        fields = ["kind", "title", "body_html", "body_markdown"]


class SymptomTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.SymptomType
        fields = ["name", "description"]


class ComplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Complication
        fields = ["name", "description"]


class FAQEntrySerializer(serializers.ModelSerializer):
    answer_html = MarkdownHtmlField(source="answer")
    answer_markdown = serializers.CharField(source="answer", read_only=True)

    class Meta:
        model = m.FAQEntry
        fields = ["question", "answer_html", "answer_markdown"]


class ExpertOpinionSerializer(serializers.ModelSerializer):
    expert = ExpertSerializer(read_only=True)
    text_html = MarkdownHtmlField(source="text")
    text_markdown = serializers.CharField(source="text", read_only=True)

    class Meta:
        model = m.ExpertOpinion
        fields = ["expert", "text_html", "text_markdown"]
