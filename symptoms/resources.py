"""CSV import and export of the flat lists (foods, nutrients, specialists), keyed by slug."""

from import_export import resources

from symptoms.models import DietarySource, Nutrient, Specialist

# Imported rows are created as drafts and keep their publication state when updated:
# publishing goes through the workflow, never through a spreadsheet.
COMMON_FIELDS = ("slug", "name", "synonyms", "summary", "body")


class ContentResource(resources.ModelResource):
    class Meta:
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class DietarySourceResource(ContentResource):
    class Meta(ContentResource.Meta):
        model = DietarySource
        fields = COMMON_FIELDS


class NutrientResource(ContentResource):
    class Meta(ContentResource.Meta):
        model = Nutrient
        fields = (*COMMON_FIELDS, "role")


class SpecialistResource(ContentResource):
    class Meta(ContentResource.Meta):
        model = Specialist
        fields = (*COMMON_FIELDS, "first_contact")
