"""<Model>ListSerializer and <Model>DetailSerializer for each resource: output shape only.

Detail serializers read linked records from `published_<relation>` attributes, which the
views' prefetches set: a missing prefetch fails loudly instead of leaking unpublished links.
"""

from __future__ import annotations

from rest_framework import serializers

from symptoms import models as m

from . import links
from .base import (
    LIST_FIELDS,
    RECORD_FIELDS,
    TEXT_FIELDS,
    ContentDetailSerializer,
    ContentListSerializer,
    MedicalCodeSerializer,
)


def _links(serializer: type, relation: str, help_text: str) -> serializers.Serializer:
    return serializer(
        source=f"published_{relation}", many=True, read_only=True, help_text=help_text
    )


class SymptomListSerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.Symptom


class SymptomDetailSerializer(ContentDetailSerializer):
    body_regions = _links(links.BodyRegionSummarySerializer, "body_regions", "Where it is felt.")
    codes = MedicalCodeSerializer(many=True, read_only=True)
    sections = links.SectionSerializer(many=True, read_only=True, help_text="Texts by topic.")
    conditions = _links(
        links.SymptomConditionLinkSerializer,
        "condition_links",
        "Conditions the symptom may point to, with how often it does.",
    )
    causes = _links(links.SymptomCauseLinkSerializer, "cause_links", "What can cause it.")
    diagnostics = _links(
        links.SymptomDiagnosticLinkSerializer, "diagnostic_links", "Tests that find the cause."
    )
    specialists = _links(
        links.SymptomSpecialistLinkSerializer,
        "specialist_links",
        "Doctors to see; `first_contact: true` marks the one to see first.",
    )
    treatments = _links(
        links.SymptomTreatmentLinkSerializer,
        "treatment_links",
        "Treatments, with evidence level and safety warning.",
    )
    nutrients = _links(
        links.SymptomNutrientLinkSerializer,
        "nutrient_links",
        "Nutrients that matter for it, each with the foods that supply it.",
    )
    types = links.SymptomTypeSerializer(many=True, read_only=True, help_text="Types or variants.")
    complications = links.ComplicationSerializer(many=True, read_only=True)
    faq = links.FAQEntrySerializer(many=True, read_only=True, help_text="Questions readers ask.")
    expert_opinions = links.ExpertOpinionSerializer(many=True, read_only=True)
    red_flags: serializers.SlugRelatedField[m.RedFlag] = serializers.SlugRelatedField(
        slug_field="text",
        many=True,
        read_only=True,
        help_text="Signs that call for a doctor at once.",
    )

    class Meta(ContentDetailSerializer.Meta):
        model = m.Symptom
        fields = [
            *TEXT_FIELDS,
            "body_regions",
            "codes",
            "sections",
            "conditions",
            "causes",
            "diagnostics",
            "specialists",
            "treatments",
            "nutrients",
            "types",
            "complications",
            "faq",
            "expert_opinions",
            "red_flags",
            *RECORD_FIELDS,
        ]


REVERSE_SYMPTOMS = "Published symptoms that link to it."


class ConditionListSerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.Condition
        fields = [*LIST_FIELDS, "category"]


class ConditionDetailSerializer(ContentDetailSerializer):
    codes = MedicalCodeSerializer(many=True, read_only=True, help_text="ICD-10, SNOMED CT, ...")
    symptoms = _links(
        links.ConditionSymptomLinkSerializer,
        "symptom_links",
        "Symptoms that may point to it (by name), with how often they do.",
    )
    treatments = _links(links.ConditionTreatmentLinkSerializer, "treatment_links", "Treatments.")
    specialists = _links(
        links.ConditionSpecialistLinkSerializer, "specialist_links", "Doctors who treat it."
    )

    class Meta(ContentDetailSerializer.Meta):
        model = m.Condition
        fields = [
            *TEXT_FIELDS,
            "category",
            "codes",
            "symptoms",
            "treatments",
            "specialists",
            *RECORD_FIELDS,
        ]


class CauseListSerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.Cause
        fields = [*LIST_FIELDS, "category", "nature"]


class CauseDetailSerializer(ContentDetailSerializer):
    symptoms = _links(links.CauseSymptomLinkSerializer, "symptom_links", REVERSE_SYMPTOMS)

    class Meta(ContentDetailSerializer.Meta):
        model = m.Cause
        fields = [*TEXT_FIELDS, "category", "nature", "symptoms", *RECORD_FIELDS]


class DiagnosticListSerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.Diagnostic
        fields = [*LIST_FIELDS, "kind"]


class DiagnosticDetailSerializer(ContentDetailSerializer):
    symptoms = _links(links.DiagnosticSymptomLinkSerializer, "symptom_links", REVERSE_SYMPTOMS)

    class Meta(ContentDetailSerializer.Meta):
        model = m.Diagnostic
        fields = [*TEXT_FIELDS, "kind", "symptoms", *RECORD_FIELDS]


class SpecialistListSerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.Specialist
        fields = [*LIST_FIELDS, "first_contact"]


class SpecialistDetailSerializer(ContentDetailSerializer):
    symptoms = _links(
        links.SpecialistSymptomLinkSerializer,
        "symptom_links",
        "Symptoms to see this doctor for; `first_contact: true` where it is the one to see first.",
    )
    conditions = _links(
        links.SpecialistConditionLinkSerializer, "condition_links", "Conditions it treats."
    )

    class Meta(ContentDetailSerializer.Meta):
        model = m.Specialist
        fields = [*TEXT_FIELDS, "first_contact", "symptoms", "conditions", *RECORD_FIELDS]


TREATMENT_FIELDS = ["kind", "evidence", "safety_warning", "prescription_required"]


class TreatmentListSerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.Treatment
        fields = [*LIST_FIELDS, *TREATMENT_FIELDS]


class TreatmentDetailSerializer(ContentDetailSerializer):
    symptoms = _links(links.TreatmentSymptomLinkSerializer, "symptom_links", REVERSE_SYMPTOMS)
    conditions = _links(
        links.TreatmentConditionLinkSerializer, "condition_links", "Conditions it treats."
    )

    class Meta(ContentDetailSerializer.Meta):
        model = m.Treatment
        fields = [*TEXT_FIELDS, *TREATMENT_FIELDS, "symptoms", "conditions", *RECORD_FIELDS]


class NutrientListSerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.Nutrient


class NutrientDetailSerializer(ContentDetailSerializer):
    dietary_sources = _links(
        links.NutrientSourceLinkSerializer, "source_links", "Foods that supply it."
    )
    symptoms = _links(links.NutrientSymptomLinkSerializer, "symptom_links", REVERSE_SYMPTOMS)

    class Meta(ContentDetailSerializer.Meta):
        model = m.Nutrient
        fields = [*TEXT_FIELDS, "role", "dietary_sources", "symptoms", *RECORD_FIELDS]


class DietarySourceListSerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.DietarySource


class DietarySourceDetailSerializer(ContentDetailSerializer):
    nutrients = _links(
        links.DietarySourceNutrientLinkSerializer, "nutrient_links", "Nutrients it supplies."
    )

    class Meta(ContentDetailSerializer.Meta):
        model = m.DietarySource
        fields = [*TEXT_FIELDS, "nutrients", *RECORD_FIELDS]


class BodyRegionListSerializer(ContentListSerializer):
    class Meta(ContentListSerializer.Meta):
        model = m.BodyRegion


class BodyRegionDetailSerializer(ContentDetailSerializer):
    symptoms = _links(links.SymptomSummarySerializer, "symptoms", "Symptoms felt here.")

    class Meta(ContentDetailSerializer.Meta):
        model = m.BodyRegion
        fields = [*TEXT_FIELDS, "symptoms", *RECORD_FIELDS]
