"""The records a symptom links to: conditions, causes, tests, doctors, treatments, nutrition."""

from __future__ import annotations

from django.db import models

from symptoms.models import codes

from .base import ContentEntity, workflow_permissions
from .links import ORIGINALS, Link


class BodyRegion(ContentEntity):
    class Meta(ContentEntity.Meta):
        permissions = workflow_permissions("bodyregion")
        verbose_name = "body region"


class DietarySource(ContentEntity):
    """A food that supplies one or more nutrients."""

    class Meta(ContentEntity.Meta):
        permissions = workflow_permissions("dietarysource")
        verbose_name = "dietary source"


class Nutrient(ContentEntity):
    role = models.TextField(blank=True, help_text="What it does for muscles and nerves.")
    dietary_sources: models.ManyToManyField[DietarySource, NutrientSource] = models.ManyToManyField(
        DietarySource, through="NutrientSource", related_name="nutrients", blank=True
    )

    class Meta(ContentEntity.Meta):
        permissions = workflow_permissions("nutrient")


class NutrientSource(Link):
    nutrient = models.ForeignKey(Nutrient, on_delete=models.CASCADE, related_name="source_links")
    dietary_source = models.ForeignKey(
        DietarySource,
        on_delete=models.PROTECT,
        limit_choices_to=ORIGINALS,
        related_name="nutrient_links",
    )

    class Meta(Link.Meta):
        verbose_name = "dietary source of a nutrient"
        constraints = [
            models.UniqueConstraint(
                fields=["nutrient", "dietary_source"], name="unique_nutrient_source"
            )
        ]
        # Lists filtered by a linked record read the links of that record alone.
        indexes = [
            models.Index(fields=["dietary_source", "nutrient"], name="source_nutrient_link_idx")
        ]

    def __str__(self) -> str:
        return f"{self.dietary_source} → {self.nutrient}"


class Specialist(ContentEntity):
    first_contact = models.BooleanField(
        "first point of contact",
        default=False,
        help_text="Patients can see this doctor without a referral (a GP, for example).",
    )

    class Meta(ContentEntity.Meta):
        permissions = workflow_permissions("specialist")


class Diagnostic(ContentEntity):
    class Kind(models.TextChoices):
        CLINICAL_EXAM = "clinical_exam", "Clinical examination"
        LAB = "lab", "Laboratory test"
        IMAGING = "imaging", "Imaging"
        ELECTROPHYSIOLOGY = "electrophysiology", "Electrophysiology"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER, db_index=True)

    class Meta(ContentEntity.Meta):
        permissions = workflow_permissions("diagnostic")
        verbose_name = "diagnostic test"


class Treatment(ContentEntity):
    class Kind(models.TextChoices):
        MEDICATION = "medication", "Medication"
        PHYSIOTHERAPY = "physiotherapy", "Physiotherapy"
        LIFESTYLE = "lifestyle", "Lifestyle"
        DIET = "diet", "Diet"
        PSYCHOTHERAPY = "psychotherapy", "Psychotherapy"
        SURGERY = "surgery", "Surgery"
        COMPLEMENTARY = "complementary", "Complementary"
        TRADITIONAL = "traditional", "Traditional remedy"

    class Evidence(models.TextChoices):
        ESTABLISHED = "established", "Established"
        LIMITED = "limited", "Limited"
        NONE = "none", "None (traditional use only)"

    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    evidence = models.CharField(
        "evidence level", max_length=20, choices=Evidence.choices, db_index=True
    )
    safety_warning = models.TextField(
        blank=True, help_text="Shown with the treatment wherever it appears. Required for harm."
    )
    prescription_required = models.BooleanField(default=False)

    class Meta(ContentEntity.Meta):
        permissions = workflow_permissions("treatment")


class Cause(ContentEntity):
    class Category(models.TextChoices):
        LIFESTYLE = "lifestyle", "Lifestyle"
        PSYCHOLOGICAL = "psychological", "Psychological"
        NUTRITIONAL = "nutritional", "Nutritional"
        MEDICATION = "medication", "Medication"
        NEUROLOGICAL = "neurological", "Neurological"
        METABOLIC = "metabolic", "Metabolic"
        INFECTIOUS = "infectious", "Infectious"
        PHYSIOLOGICAL = "physiological", "Physiological"
        MUSCULOSKELETAL = "musculoskeletal", "Musculoskeletal"
        VASCULAR = "vascular", "Vascular"
        OTHER = "other", "Other"

    class Nature(models.TextChoices):
        BENIGN = "benign", "Benign"
        PATHOLOGICAL = "pathological", "Pathological"

    category = models.CharField(max_length=30, choices=Category.choices, db_index=True)
    nature = models.CharField(
        max_length=20, choices=Nature.choices, default=Nature.BENIGN, db_index=True
    )

    class Meta(ContentEntity.Meta):
        permissions = workflow_permissions("cause")


class Condition(ContentEntity):
    class Category(models.TextChoices):
        NEUROLOGICAL = "neurological", "Neurological"
        MUSCULAR = "muscular", "Muscular"
        METABOLIC = "metabolic", "Metabolic"
        ENDOCRINE = "endocrine", "Endocrine"
        PSYCHIATRIC = "psychiatric", "Psychiatric"
        INFECTIOUS = "infectious", "Infectious"
        VASCULAR = "vascular", "Vascular"
        MUSCULOSKELETAL = "musculoskeletal", "Musculoskeletal"
        SLEEP = "sleep", "Sleep"
        OTHER = "other", "Other"

    category = models.CharField(max_length=30, choices=Category.choices, db_index=True)
    treatments: models.ManyToManyField[Treatment, ConditionTreatment] = models.ManyToManyField(
        Treatment, through="ConditionTreatment", related_name="conditions", blank=True
    )
    specialists: models.ManyToManyField[Specialist, ConditionSpecialist] = models.ManyToManyField(
        Specialist, through="ConditionSpecialist", related_name="conditions", blank=True
    )

    class Meta(ContentEntity.Meta):
        permissions = workflow_permissions("condition")


class CodeSystem(models.TextChoices):
    ICD10 = "ICD-10", "ICD-10 (WHO)"
    ICD10CM = "ICD-10-CM", "ICD-10-CM (US)"
    ICD11 = "ICD-11", "ICD-11"
    SNOMED = "SNOMED-CT", "SNOMED CT"
    MESH = "MESH", "MeSH"


class MedicalCode(models.Model):
    system = models.CharField(max_length=20, choices=CodeSystem.choices)
    code = models.CharField(
        max_length=40,
        db_index=True,
        help_text="As the system writes it: ICD-10 G35, ICD-10-CM G35.D, ICD-11 8A40, "
        "SNOMED CT 24700007, MeSH D009103.",
    )

    class Meta:
        abstract = True
        ordering = ["system", "code"]

    def __str__(self) -> str:
        return f"{self.system}:{self.code}"

    def clean(self) -> None:
        self.code = codes.normalize(self.code)
        codes.validate_code(self.system, self.code)


def code_format_constraint(owner: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=codes.format_check(), name=f"{owner}_code_format")


class ConditionCode(MedicalCode):
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="codes")

    class Meta(MedicalCode.Meta):
        verbose_name = "medical code"
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "system", "code"], name="unique_condition_code"
            ),
            code_format_constraint("conditioncode"),
        ]


class ConditionTreatment(Link):
    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, related_name="treatment_links"
    )
    treatment = models.ForeignKey(
        Treatment,
        on_delete=models.PROTECT,
        limit_choices_to=ORIGINALS,
        related_name="condition_links",
    )

    class Meta(Link.Meta):
        verbose_name = "treatment of the condition"
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "treatment"], name="unique_condition_treatment"
            )
        ]
        # Lists filtered by a linked record read the links of that record alone.
        indexes = [
            models.Index(fields=["treatment", "condition"], name="treatment_condition_link_idx")
        ]

    def __str__(self) -> str:
        return f"{self.condition} → {self.treatment}"


class ConditionSpecialist(Link):
    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, related_name="specialist_links"
    )
    specialist = models.ForeignKey(
        Specialist,
        on_delete=models.PROTECT,
        limit_choices_to=ORIGINALS,
        related_name="condition_links",
    )

    class Meta(Link.Meta):
        verbose_name = "specialist for the condition"
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "specialist"], name="unique_condition_specialist"
            )
        ]
        # Lists filtered by a linked record read the links of that record alone.
        indexes = [
            models.Index(fields=["specialist", "condition"], name="specialist_condition_link_idx")
        ]

    def __str__(self) -> str:
        return f"{self.condition} → {self.specialist}"
