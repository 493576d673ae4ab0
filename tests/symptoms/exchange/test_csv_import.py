"""CSV import and export in the admin go through the editorial workflow and its roles."""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from symptoms import models as m
from symptoms.admin.spreadsheets import ContentImportExportMixin
from tests.factories import ExpertFactory, NutrientFactory, SpecialistFactory

pytestmark = pytest.mark.django_db

HEADER = "slug,name,synonyms,summary,body,role"


def _url(model, view):
    return reverse(f"admin:symptoms_{model._meta.model_name}_{view}")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _csv_format(model) -> str:
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, ContentImportExportMixin), model_admin
    titles = [f().get_title() for f in model_admin.get_import_formats()]
    return str(titles.index("csv"))


def _preview(client, model, text: str):
    upload = SimpleUploadedFile("rows.csv", text.encode(), content_type="text/csv")
    return client.post(_url(model, "import"), {"format": _csv_format(model), "import_file": upload})


def _import(client, model, text: str):
    """Upload, check the preview has no errors, then confirm, as an editor would."""
    preview = _preview(client, model, text)
    assert preview.status_code == 200
    confirm = preview.context.get("confirm_form")
    result = preview.context["result"]
    assert confirm is not None, [row.error_dict for row in result.invalid_rows] + [
        str(error.error) for _, errors in result.row_errors() for error in errors
    ]
    return client.post(_url(model, "process_import"), confirm.initial)


def _nutrient_row(slug, summary, *, name="Magnesium", role="Helps muscles relax."):
    return f"{HEADER}\n{slug},{name},,{summary},Body.,{role}\n"


def _live_summary(record) -> str:
    return type(record)._base_manager.get(pk=record.pk).summary


def test_an_imported_row_for_a_published_record_becomes_its_draft_revision(editor):
    live = NutrientFactory(slug="magnesium", summary="Reviewed text.")

    response = _import(_client(editor), m.Nutrient, _nutrient_row("magnesium", "Unreviewed."))

    assert response.status_code == 302
    assert "in their draft revisions" in " ".join(map(str, get_messages(response.wsgi_request)))
    assert _live_summary(live) == "Reviewed text."
    assert list(m.Nutrient.objects.published().values_list("summary", flat=True)) == [
        "Reviewed text."
    ]
    revision = m.Nutrient._base_manager.get(revision_of=live)
    assert (revision.status, revision.summary) == ("draft", "Unreviewed.")
    assert revision.slug == "magnesium--revision"
    entry = LogEntry.objects.get()
    assert (entry.object_id, entry.user) == (str(revision.pk), editor)


def test_a_second_import_updates_the_open_draft_revision(editor):
    live = NutrientFactory(slug="magnesium", summary="Reviewed text.")
    client = _client(editor)
    _import(client, m.Nutrient, _nutrient_row("magnesium", "First try."))
    _import(client, m.Nutrient, _nutrient_row("magnesium", "Second try."))

    revisions = m.Nutrient._base_manager.filter(revision_of=live)
    assert [r.summary for r in revisions] == ["Second try."]
    assert _live_summary(live) == "Reviewed text."


def test_a_row_for_a_draft_updates_the_draft_and_a_new_row_becomes_a_draft(editor):
    draft = NutrientFactory(slug="zinc", name="Zinc", draft=True, summary="Old.")
    rows = _nutrient_row("zinc", "New.", name="Zinc") + "iron,Iron,,Carries oxygen.,Body.,Oxygen.\n"

    _import(_client(editor), m.Nutrient, rows)

    draft.refresh_from_db()
    assert (draft.status, draft.summary, draft.version) == ("draft", "New.", 2)
    iron = m.Nutrient.objects.get(slug="iron")
    assert (iron.status, iron.published_at) == ("draft", None)


def test_workflow_columns_in_the_file_are_not_imported(editor):
    expert = ExpertFactory()
    text = (
        "slug,name,summary,status,published_at,reviewed_by,last_reviewed\n"
        f"iron,Iron,Carries oxygen.,published,2020-01-01 00:00:00,{expert.pk},2020-01-01\n"
    )

    _import(_client(editor), m.Nutrient, text)

    iron = m.Nutrient.objects.get(slug="iron")
    assert (iron.status, iron.published_at, iron.reviewed_by, iron.last_reviewed) == (
        "draft",
        None,
        None,
        None,
    )


def test_a_row_for_a_record_under_review_is_refused_and_nothing_is_written(editor):
    NutrientFactory(slug="zinc", status="in_review", published_at=None, summary="Under review.")
    NutrientFactory(slug="magnesium", summary="Reviewed text.")
    rows = f"{HEADER}\nmagnesium,Magnesium,,Changed.,B.,R.\nzinc,Zinc,,Changed.,B.,R.\n"

    preview = _preview(_client(editor), m.Nutrient, rows)

    assert "confirm_form" not in preview.context
    (invalid,) = preview.context["result"].invalid_rows
    assert invalid.number == 2
    assert "in review" in " ".join(invalid.non_field_specific_errors)
    assert m.Nutrient._base_manager.count() == 2
    assert set(m.Nutrient._base_manager.values_list("summary", flat=True)) == {
        "Under review.",
        "Reviewed text.",
    }


def test_a_bad_row_at_confirmation_writes_nothing(editor):
    """The file is checked again on confirmation: what changed since the preview counts."""
    zinc = NutrientFactory(slug="zinc", draft=True, summary="Old.")
    client = _client(editor)
    rows = f"{HEADER}\niron,Iron,,New.,B.,R.\nzinc,Zinc,,Changed.,B.,R.\n"
    preview = _preview(client, m.Nutrient, rows)
    m.Nutrient.objects.filter(pk=zinc.pk).update(status="in_review")

    response = client.post(
        _url(m.Nutrient, "process_import"), preview.context["confirm_form"].initial, follow=True
    )

    assert not m.Nutrient.objects.filter(slug="iron").exists()
    assert _live_summary(zinc) == "Old."
    text = response.content.decode()
    assert "Nothing was imported" in text and "Row 2" in text


def test_a_medical_reviewer_and_a_staff_user_without_permissions_cannot_import(
    reviewer, django_user_model
):
    NutrientFactory(slug="magnesium", summary="Reviewed text.")
    nobody = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    for user in (reviewer, nobody):
        client = _client(user)
        assert client.get(_url(m.Nutrient, "import")).status_code == 403
        assert _preview(client, m.Nutrient, _nutrient_row("magnesium", "X.")).status_code == 403
        data = {"import_file_name": "x", "original_file_name": "x.csv", "format": "0"}
        assert client.post(_url(m.Nutrient, "process_import"), data).status_code == 403
    assert _live_summary(m.Nutrient.objects.get()) == "Reviewed text."


def test_export_needs_the_view_permission(reviewer, django_user_model):
    SpecialistFactory(slug="neurologist")
    nobody = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    data = {"format": _csv_format(m.Specialist), "specialistresource_slug": "on"}

    assert _client(nobody).post(_url(m.Specialist, "export"), data).status_code == 403
    exported = _client(reviewer).post(_url(m.Specialist, "export"), data)
    assert exported.status_code == 200 and b"neurologist" in exported.content


def test_a_row_for_a_record_whose_revision_is_under_review_is_refused(editor):
    live = NutrientFactory(slug="magnesium", summary="Reviewed text.")
    NutrientFactory(
        slug="magnesium--revision", revision_of=live, status="in_review", published_at=None
    )

    preview = _preview(_client(editor), m.Nutrient, _nutrient_row("magnesium", "Changed."))

    (invalid,) = preview.context["result"].invalid_rows
    assert "has a revision that is in review" in " ".join(invalid.non_field_specific_errors)
    assert _live_summary(live) == "Reviewed text."
