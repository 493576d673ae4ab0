"""The editors' admin: every record, its links inline, search, filters and bulk actions."""

from django.contrib import admin
from django.db import models

from symptoms.admin import tools
from symptoms.admin.shared import SharedRecordAdmin
from symptoms.admin.spreadsheets import ContentImportExportMixin
from symptoms.admin.workflow import PartInlineMixin, WorkflowAdmin
from symptoms.editorial import history
from symptoms.exchange import spreadsheets
from symptoms.models import (
    BodyRegion,
    Cause,
    Complication,
    Condition,
    ConditionCode,
    ConditionSpecialist,
    ConditionTreatment,
    ContentStatus,
    Diagnostic,
    DietarySource,
    Expert,
    ExpertOpinion,
    FAQEntry,
    Nutrient,
    NutrientSource,
    RedFlag,
    SectionText,
    Source,
    Specialist,
    Symptom,
    SymptomCause,
    SymptomCode,
    SymptomCondition,
    SymptomDiagnostic,
    SymptomNutrient,
    SymptomSpecialist,
    SymptomTreatment,
    SymptomType,
    Treatment,
)

# Registered before the admin classes below, which would otherwise guess what to follow.
history.register_models()


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("current", "Up to date")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue().exclude(status=ContentStatus.ARCHIVED)
        if self.value() == "current":
            return queryset.exclude(pk__in=queryset.review_overdue().values("pk"))
        return queryset


@admin.register(Source)
class SourceAdmin(SharedRecordAdmin):
    list_display = ["title", "publisher", "accessed_on"]
    search_fields = ["title", "publisher", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Expert)
class ExpertAdmin(SharedRecordAdmin):
    list_display = ["name", "title", "credentials"]
    search_fields = ["name", "title"]
    prepopulated_fields = {"slug": ["name"]}


class ContentAdmin(WorkflowAdmin):
    """What every content record's admin shares."""

    list_display = [
        "name",
        "status",
        "published_at",
        "updated_at",
        "next_review_due",
        "revision_of",
    ]
    list_filter = ["status", ReviewOverdueFilter]
    search_fields = ["name", "slug", "synonyms"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sources"]
    readonly_fields = ["uid", "revision_of", "created_at", "updated_at"]
    date_hierarchy = "updated_at"
    actions = [*WorkflowAdmin.actions, tools.export_selected_bundle]
    extra_fieldsets: tuple = ()

    def get_fieldsets(self, request, obj=None):
        content = ["name", "slug", "synonyms", "summary", "body"]
        return [
            (None, {"fields": content}),
            *self.extra_fieldsets,
            ("Publication", {"fields": ["status", "published_at", "revision_of"]}),
            (
                "Medical review",
                {"fields": ["reviewed_by", "last_reviewed", "next_review_due", "sources"]},
            ),
            ("Record", {"fields": ["uid", "created_at", "updated_at"], "classes": ["collapse"]}),
            ("History", {"fields": ["change_comment", "loaded_version"]}),
        ]


class LinkInline(PartInlineMixin, admin.TabularInline):
    """A link to another record, chosen by autocomplete, with its note and order."""

    extra = 0


@admin.register(BodyRegion)
class BodyRegionAdmin(ContentAdmin):
    pass


@admin.register(DietarySource)
class DietarySourceAdmin(ContentImportExportMixin, ContentAdmin):
    resource_classes = [spreadsheets.DietarySourceResource]


class NutrientSourceInline(LinkInline):
    model = NutrientSource
    fields = ["dietary_source", "note", "order"]
    autocomplete_fields = ["dietary_source"]


@admin.register(Nutrient)
class NutrientAdmin(ContentImportExportMixin, ContentAdmin):
    resource_classes = [spreadsheets.NutrientResource]
    extra_fieldsets = (("Nutrition", {"fields": ["role"]}),)
    inlines = [NutrientSourceInline]


@admin.register(Specialist)
class SpecialistAdmin(ContentImportExportMixin, ContentAdmin):
    resource_classes = [spreadsheets.SpecialistResource]
    list_display = [*ContentAdmin.list_display, "first_contact"]
    list_filter = [*ContentAdmin.list_filter, "first_contact"]
    extra_fieldsets = (("Access", {"fields": ["first_contact"]}),)


@admin.register(Diagnostic)
class DiagnosticAdmin(ContentAdmin):
    list_display = [*ContentAdmin.list_display, "kind"]
    list_filter = [*ContentAdmin.list_filter, "kind"]
    extra_fieldsets = (("Test", {"fields": ["kind"]}),)


@admin.register(Treatment)
class TreatmentAdmin(ContentAdmin):
    list_display = [*ContentAdmin.list_display, "kind", "evidence", "prescription_required"]
    list_filter = [*ContentAdmin.list_filter, "kind", "evidence", "prescription_required"]
    extra_fieldsets = (
        (
            "Treatment",
            {"fields": ["kind", "evidence", "prescription_required", "safety_warning"]},
        ),
    )


@admin.register(Cause)
class CauseAdmin(ContentAdmin):
    list_display = [*ContentAdmin.list_display, "category", "nature"]
    list_filter = [*ContentAdmin.list_filter, "category", "nature"]
    extra_fieldsets = (("Cause", {"fields": ["category", "nature"]}),)


class ConditionCodeInline(PartInlineMixin, admin.TabularInline):
    model = ConditionCode
    extra = 0


class ConditionTreatmentInline(LinkInline):
    model = ConditionTreatment
    fields = ["treatment", "note", "order"]
    autocomplete_fields = ["treatment"]


class ConditionSpecialistInline(LinkInline):
    model = ConditionSpecialist
    fields = ["specialist", "note", "order"]
    autocomplete_fields = ["specialist"]


@admin.register(Condition)
class ConditionAdmin(ContentAdmin):
    list_display = [*ContentAdmin.list_display, "category"]
    list_filter = [*ContentAdmin.list_filter, "category"]
    search_fields = [*ContentAdmin.search_fields, "codes__code"]
    extra_fieldsets = (("Condition", {"fields": ["category"]}),)
    inlines = [ConditionCodeInline, ConditionTreatmentInline, ConditionSpecialistInline]


class SymptomConditionInline(LinkInline):
    model = SymptomCondition
    fields = ["condition", "likelihood", "note", "order"]
    autocomplete_fields = ["condition"]


class SymptomCauseInline(LinkInline):
    model = SymptomCause
    fields = ["cause", "likelihood", "note", "order"]
    autocomplete_fields = ["cause"]


class SymptomDiagnosticInline(LinkInline):
    model = SymptomDiagnostic
    fields = ["diagnostic", "note", "order"]
    autocomplete_fields = ["diagnostic"]


class SymptomSpecialistInline(LinkInline):
    model = SymptomSpecialist
    fields = ["specialist", "first_contact", "note", "order"]
    autocomplete_fields = ["specialist"]


class SymptomTreatmentInline(LinkInline):
    model = SymptomTreatment
    fields = ["treatment", "note", "order"]
    autocomplete_fields = ["treatment"]


class SymptomNutrientInline(LinkInline):
    model = SymptomNutrient
    fields = ["nutrient", "note", "order"]
    autocomplete_fields = ["nutrient"]


class SymptomCodeInline(PartInlineMixin, admin.TabularInline):
    model = SymptomCode
    extra = 0


class SectionTextInline(PartInlineMixin, admin.StackedInline):
    model = SectionText
    extra = 0
    fields = ["kind", "title", "body", "order"]


class SymptomTypeInline(PartInlineMixin, admin.TabularInline):
    model = SymptomType
    extra = 0


class ComplicationInline(PartInlineMixin, admin.TabularInline):
    model = Complication
    extra = 0


class FAQEntryInline(PartInlineMixin, admin.StackedInline):
    model = FAQEntry
    extra = 0


class ExpertOpinionInline(PartInlineMixin, admin.StackedInline):
    model = ExpertOpinion
    extra = 0
    autocomplete_fields = ["expert"]


class RedFlagInline(PartInlineMixin, admin.TabularInline):
    model = RedFlag
    extra = 0


@admin.register(Symptom)
class SymptomAdmin(ContentAdmin):
    autocomplete_fields = [*ContentAdmin.autocomplete_fields, "body_regions"]
    extra_fieldsets = (("Where", {"fields": ["body_regions"]}),)
    inlines = [
        SymptomConditionInline,
        SymptomCauseInline,
        SymptomDiagnosticInline,
        SymptomSpecialistInline,
        SymptomTreatmentInline,
        SymptomNutrientInline,
        SymptomCodeInline,
        SectionTextInline,
        SymptomTypeInline,
        ComplicationInline,
        FAQEntryInline,
        ExpertOpinionInline,
        RedFlagInline,
    ]

    def get_urls(self):
        return tools.tool_urls(self) + super().get_urls()
