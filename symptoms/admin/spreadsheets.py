"""CSV import and export in the admin: rows go through the workflow, all of a file or none."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect
from import_export.admin import ImportExportMixin
from import_export.results import Result, RowResult


def _problems(result: Result) -> list[str]:
    """One line per refused row, naming the row and the field."""
    problems = [str(error.error) for error in result.base_errors]
    for number, errors in result.row_errors():
        problems += [f"Row {number}: {error.error}" for error in errors]
    for row in result.invalid_rows:
        for field, field_errors in row.error_dict.items():
            where = f"Row {row.number}" + ("" if field == NON_FIELD_ERRORS else f", {field}")
            problems += [f"{where}: {error}" for error in field_errors]
    return problems


class ContentImportExportMixin(ImportExportMixin):
    """Import needs the change permission, export the view permission (settings
    IMPORT_EXPORT_*_PERMISSION_CODE); the resources save every row through the workflow."""

    def process_result(self, result, request):
        """A file the workflow refused on confirmation was rolled back: say so and why."""
        problems = _problems(result)
        if problems:
            messages.error(request, "Nothing was imported. " + " ".join(problems))
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_import")
        if result.totals[RowResult.IMPORT_TYPE_NEW] + result.totals[RowResult.IMPORT_TYPE_UPDATE]:
            messages.info(
                request,
                "Imported rows are drafts; changes to published records are in their draft "
                "revisions. Nothing goes live before review and publication.",
            )
        return super().process_result(result, request)
