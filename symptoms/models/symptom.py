"""The symptom: the record readers start from, with its links and its own sections."""

from __future__ import annotations

from django.db import models

from symptoms.models.rendering import validate_markdown

from .base import ContentEntity, Expert, workflow_permissions
from .entities import (
    BodyRegion,
    Cause,
    Condition,
    Diagnostic,
    MedicalCode,
    Nutrient,
    Specialist,
    Treatment,
    code_format_constraint,
)
from .links import ORIGINALS, Link


class Likelihood(models.TextChoices):
    COMMON = "common", "Common"
    OCCASIONAL = "occasional", "Occasional"
    RARE = "rare", "Rare"


class Symptom(ContentEntity):
    body_regions = models.ManyToManyField(
        BodyRegion, related_name="symptoms", blank=True, limit_choices_to=ORIGINALS
    )
    conditions: models.ManyToManyField[Condition, SymptomCondition] = models.ManyToManyField(
        Condition, through="SymptomCondition", related_name="symptoms", blank=True
    )
    causes: models.ManyToManyField[Cause, SymptomCause] = models.ManyToManyField(
        Cause, through="SymptomCause", related_name="symptoms", blank=True
    )
    diagnostics: models.ManyToManyField[Diagnostic, SymptomDiagnostic] = models.ManyToManyField(
        Diagnostic, through="SymptomDiagnostic", related_name="symptoms", blank=True
    )
    specialists: models.ManyToManyField[Specialist, SymptomSpecialist] = models.ManyToManyField(
        Specialist, through="SymptomSpecialist", related_name="symptoms", blank=True
    )
    treatments: models.ManyToManyField[Treatment, SymptomTreatment] = models.ManyToManyField(
        Treatment, through="SymptomTreatment", related_name="symptoms", blank=True
    )
    nutrients: models.ManyToManyField[Nutrient, SymptomNutrient] = models.ManyToManyField(
        Nutrient, through="SymptomNutrient", related_name="symptoms", blank=True
    )

    class Meta(ContentEntity.Meta):
        permissions = workflow_permissions("symptom")


class SymptomCondition(Link):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="condition_links")
    condition = models.ForeignKey(
        Condition,
        on_delete=models.PROTECT,
        limit_choices_to=ORIGINALS,
        related_name="symptom_links",
    )
    likelihood = models.CharField(
        max_length=20,
        choices=Likelihood.choices,
        default=Likelihood.OCCASIONAL,
        help_text="How often this symptom points to this condition.",
    )

    class Meta(Link.Meta):
        verbose_name = "condition it may point to"
        constraints = [
            models.UniqueConstraint(
                fields=["symptom", "condition"], name="unique_symptom_condition"
            )
        ]
        # Lists filtered by a linked record read the links of that record alone.
        indexes = [models.Index(fields=["condition", "symptom"], name="condition_symptom_link_idx")]

    def __str__(self) -> str:
        return f"{self.symptom} → {self.condition}"


class SymptomCause(Link):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="cause_links")
    cause = models.ForeignKey(
        Cause, on_delete=models.PROTECT, limit_choices_to=ORIGINALS, related_name="symptom_links"
    )
    likelihood = models.CharField(
        max_length=20,
        choices=Likelihood.choices,
        default=Likelihood.OCCASIONAL,
        help_text="How often this cause is behind this symptom.",
    )

    class Meta(Link.Meta):
        verbose_name = "cause"
        constraints = [
            models.UniqueConstraint(fields=["symptom", "cause"], name="unique_symptom_cause")
        ]
        # Lists filtered by a linked record read the links of that record alone.
        indexes = [models.Index(fields=["cause", "symptom"], name="cause_symptom_link_idx")]

    def __str__(self) -> str:
        return f"{self.symptom} → {self.cause}"


class SymptomDiagnostic(Link):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="diagnostic_links")
    diagnostic = models.ForeignKey(
        Diagnostic,
        on_delete=models.PROTECT,
        limit_choices_to=ORIGINALS,
        related_name="symptom_links",
    )

    class Meta(Link.Meta):
        verbose_name = "diagnostic test"
        constraints = [
            models.UniqueConstraint(
                fields=["symptom", "diagnostic"], name="unique_symptom_diagnostic"
            )
        ]
        # Lists filtered by a linked record read the links of that record alone.
        indexes = [
            models.Index(fields=["diagnostic", "symptom"], name="diagnostic_symptom_link_idx")
        ]

    def __str__(self) -> str:
        return f"{self.symptom} → {self.diagnostic}"


class SymptomSpecialist(Link):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="specialist_links")
    specialist = models.ForeignKey(
        Specialist,
        on_delete=models.PROTECT,
        limit_choices_to=ORIGINALS,
        related_name="symptom_links",
    )
    first_contact = models.BooleanField(
        "see first",
        default=False,
        help_text="The doctor to see first for this symptom.",
    )

    class Meta(Link.Meta):
        verbose_name = "specialist to see"
        constraints = [
            models.UniqueConstraint(
                fields=["symptom", "specialist"], name="unique_symptom_specialist"
            )
        ]
        # Lists filtered by a linked record read the links of that record alone.
        indexes = [
            models.Index(fields=["specialist", "symptom"], name="specialist_symptom_link_idx")
        ]

    def __str__(self) -> str:
        return f"{self.symptom} → {self.specialist}"


class SymptomTreatment(Link):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="treatment_links")
    treatment = models.ForeignKey(
        Treatment,
        on_delete=models.PROTECT,
        limit_choices_to=ORIGINALS,
        related_name="symptom_links",
    )

    class Meta(Link.Meta):
        verbose_name = "treatment"
        constraints = [
            models.UniqueConstraint(
                fields=["symptom", "treatment"], name="unique_symptom_treatment"
            )
        ]
        # Lists filtered by a linked record read the links of that record alone.
        indexes = [models.Index(fields=["treatment", "symptom"], name="treatment_symptom_link_idx")]

    def __str__(self) -> str:
        return f"{self.symptom} → {self.treatment}"


class SymptomNutrient(Link):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="nutrient_links")
    nutrient = models.ForeignKey(
        Nutrient, on_delete=models.PROTECT, limit_choices_to=ORIGINALS, related_name="symptom_links"
    )

    class Meta(Link.Meta):
        verbose_name = "nutrient"
        constraints = [
            models.UniqueConstraint(fields=["symptom", "nutrient"], name="unique_symptom_nutrient")
        ]
        # Lists filtered by a linked record read the links of that record alone.
        indexes = [models.Index(fields=["nutrient", "symptom"], name="nutrient_symptom_link_idx")]

    def __str__(self) -> str:
        return f"{self.symptom} → {self.nutrient}"


class SymptomCode(MedicalCode):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="codes")

    class Meta(MedicalCode.Meta):
        verbose_name = "medical code"
        constraints = [
            models.UniqueConstraint(
                fields=["symptom", "system", "code"], name="unique_symptom_code"
            ),
            code_format_constraint("symptomcode"),
        ]


class SymptomPart(models.Model):
    """Text that belongs to one symptom only, in the editors' order."""

    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class SectionText(SymptomPart):
    class Kind(models.TextChoices):
        ABOUT = "about", "About"
        CAUSES = "causes", "Causes"
        DIAGNOSIS = "diagnosis", "Diagnosis"
        WHEN_TO_SEE_DOCTOR = "when_to_see_doctor", "When to see a doctor"
        TREATMENT = "treatment", "Treatment"
        PREVENTION = "prevention", "Prevention"
        DURATION = "duration", "Duration"
        AGE_GROUPS = "age_groups", "Age groups"
        OTHER = "other", "Other"

    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.", validators=[validate_markdown])

    class Meta(SymptomPart.Meta):
        verbose_name = "section"

    def __str__(self) -> str:
        return self.title


class SymptomType(SymptomPart):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="types")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta(SymptomPart.Meta):
        verbose_name = "type or variant"

    def __str__(self) -> str:
        return self.name


class Complication(SymptomPart):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="complications")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class FAQEntry(SymptomPart):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="faq")
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown.", validators=[validate_markdown])

    class Meta(SymptomPart.Meta):
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question


class ExpertOpinion(SymptomPart):
    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="expert_opinions")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="opinions")
    text = models.TextField(help_text="Markdown.", validators=[validate_markdown])

    def __str__(self) -> str:
        return f"{self.expert} on {self.symptom}"


class RedFlag(SymptomPart):
    """A sign that calls for a doctor at once."""

    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="red_flags")
    text = models.CharField(max_length=300)

    def __str__(self) -> str:
        return self.text
