"""CSV import and export of the flat lists (foods, nutrients, specialists), keyed by slug."""

from django.core.exceptions import ValidationError
from import_export import resources

from symptoms.editorial import drafting
from symptoms.editorial.publishing import WorkflowError
from symptoms.models import DietarySource, Nutrient, Specialist

# Content only: status and review fields are set by the workflow, never by a spreadsheet.
COMMON_FIELDS = ("slug", "name", "synonyms", "summary", "body")


class ContentResource(resources.ModelResource):
    """Rows are saved through the workflow (symptoms.editorial.drafting): new rows become
    drafts, rows for drafts update them, rows for published records go to their draft revisions."""

    class Meta:
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._drafts_by_row: dict[int, object] = {}

    def import_data(self, dataset, **kwargs):
        """All rows or none: one row that cannot be saved undoes the whole file."""
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        return super().import_data(dataset, **kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        id_fields = set(self.get_import_id_fields())
        fields = [f.attribute for f in self.get_import_fields() if f.attribute not in id_fields]
        try:
            draft = drafting.save_edit(
                instance, fields, by=kwargs["user"], comment="Imported from a CSV file."
            )
        except WorkflowError as error:
            raise ValidationError(str(error)) from error
        self._drafts_by_row[kwargs["row_number"]] = draft

    def after_import_row(self, row, row_result, **kwargs):
        """Report (and log) the draft that was written, not the live record the row named."""
        draft = self._drafts_by_row.get(kwargs["row_number"])
        if draft is not None:
            row_result.add_instance_info(draft)
            if row_result.instance is not None:
                row_result.instance = draft


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
