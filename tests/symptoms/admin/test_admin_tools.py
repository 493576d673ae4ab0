import json
from pathlib import Path

import pytest
import tablib
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from symptoms import models as m
from symptoms.editorial import history
from symptoms.exchange.bundles import dumps, export_bundle
from symptoms.exchange.spreadsheets import DietarySourceResource, SpecialistResource
from tests.factories import (
    ConditionFactory,
    DiagnosticFactory,
    DietarySourceFactory,
    SpecialistFactory,
    SymptomFactory,
)

pytestmark = pytest.mark.django_db

ARTICLE = (Path(__file__).parents[1] / "articles" / "night_leg_cramps.md").read_text()
IMPORT_URL = "admin:symptoms_import_article"


@pytest.fixture
def existing(db):
    return {
        "als": ConditionFactory(
            name="Amyotrophic lateral sclerosis", slug="als", synonyms="ALS\nLou Gehrig's disease"
        ),
        "emg": DiagnosticFactory(name="Electromyography (EMG)", slug="emg"),
        "gp": SpecialistFactory(name="Therapist", slug="therapist"),
    }


def _review(staff_client, **extra):
    return staff_client.post(reverse(IMPORT_URL), {"text": ARTICLE, "review": "1", **extra})


def _item(response, name):
    return next(item for item in response.context["plan"].links if item.name == name)


def test_import_page_renders_the_form(staff_client):
    response = staff_client.get(reverse(IMPORT_URL))
    assert response.status_code == 200
    assert b'name="text"' in response.content


def test_review_screen_shows_each_bullet_as_linked_or_new_and_saves_nothing(staff_client, existing):
    response = _review(staff_client)
    assert response.status_code == 200
    content = response.content.decode()
    assert "linked to existing condition Amyotrophic lateral sclerosis (als)" in content
    assert "new draft condition “Peripheral artery disease”" in content
    assert _item(response, "Lou Gehrig's disease").target == existing["als"]
    assert not m.Symptom.objects.exists()
    assert m.Condition.objects.count() == 1


def test_saving_the_review_creates_the_draft_with_the_editors_choices(staff_client, existing):
    review = _review(staff_client)
    pad = _item(review, "Peripheral artery disease").index
    hypo = _item(review, "Hypothyroidism").index
    response = _review(
        staff_client,
        save="1",
        **{f"choice-{hypo}": "skip", f"slug-{pad}": "als"},
    )
    symptom = m.Symptom.objects.get(slug="night-leg-cramps")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:symptoms_symptom_change", args=[symptom.pk])
    assert symptom.status == m.ContentStatus.DRAFT
    conditions = [link.condition.slug for link in symptom.condition_links.order_by("order")]
    assert conditions == ["als", "diabetic-neuropathy"]
    assert symptom.diagnostic_links.filter(diagnostic=existing["emg"]).exists()


def test_uploaded_file_is_imported_like_pasted_text(staff_client, existing):
    upload = SimpleUploadedFile("cramps.md", ARTICLE.encode(), content_type="text/markdown")
    response = staff_client.post(reverse(IMPORT_URL), {"file": upload, "review": "1"})
    assert response.context["plan"].name == "Night leg cramps"


def test_unknown_slug_on_review_is_reported_and_nothing_is_saved(staff_client, existing):
    review = _review(staff_client)
    index = _item(review, "Hypothyroidism").index
    response = _review(staff_client, save="1", **{f"slug-{index}": "nope"})
    assert response.status_code == 200
    assert "No condition with the slug &#x27;nope&#x27;" in response.content.decode()
    assert not m.Symptom.objects.exists()


def test_existing_symptom_slug_is_reported_on_save(staff_client, existing):
    SymptomFactory(name="Night leg cramps", slug="night-leg-cramps")
    response = _review(staff_client, save="1")
    assert "already exists" in response.content.decode()
    assert m.Symptom.objects.count() == 1


def test_empty_article_is_refused_with_a_form_error(staff_client):
    response = staff_client.post(reverse(IMPORT_URL), {"text": "  ", "review": "1"})
    assert response.status_code == 200
    assert "Paste an article or upload its file." in response.content.decode()


def test_tools_need_permission(client):
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert client.get(reverse("admin:symptoms_import_bundle")).status_code == 403
    assert client.get(reverse("admin:symptoms_check_content")).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_symptom"))
    assert client.get(reverse("admin:symptoms_check_content")).status_code == 200


def test_symptom_list_links_to_the_tools(staff_client):
    content = staff_client.get(reverse("admin:symptoms_symptom_changelist")).content.decode()
    for name in ["import_article", "check_content", "export_bundle", "import_bundle"]:
        assert reverse(f"admin:symptoms_{name}") in content


def test_check_page_lists_findings_with_links_to_the_records(staff_client):
    symptom = SymptomFactory(name="Leg cramps")
    response = staff_client.get(reverse("admin:symptoms_check_content"))
    content = response.content.decode()
    assert "3 error(s) to fix, 0 warning(s)" in content
    change = reverse("admin:symptoms_symptom_change", args=[symptom.pk])
    assert (
        f'<a href="{change}">Published symptom &#x27;Leg cramps&#x27; cites no source.</a>'
        in content
    )


def test_export_action_downloads_the_selection_as_a_bundle(staff_client):
    chosen = SymptomFactory(slug="chosen")
    SymptomFactory(slug="other")
    ConditionFactory(slug="linked")
    m.SymptomCondition.objects.create(symptom=chosen, condition=m.Condition.objects.get())
    response = staff_client.post(
        reverse("admin:symptoms_symptom_changelist"),
        {"action": "export_selected_bundle", "_selected_action": [chosen.pk]},
    )
    assert response["Content-Disposition"].startswith('attachment; filename="symptom-bundle-')
    bundle = json.loads(response.content)
    assert [s["slug"] for s in bundle["symptoms"]] == ["chosen"]
    assert [c["slug"] for c in bundle["conditions"]] == ["linked"]


def test_export_all_downloads_every_record(staff_client):
    SymptomFactory(slug="one")
    response = staff_client.get(reverse("admin:symptoms_export_bundle"))
    assert json.loads(response.content)["symptoms"][0]["slug"] == "one"


def test_bundle_upload_imports_and_a_broken_one_changes_nothing(staff_client):
    SymptomFactory(slug="leg-cramps", name="Leg cramps")
    bundle = export_bundle()
    bundle["symptoms"][0]["name"] = "Night cramps"
    upload = SimpleUploadedFile("b.json", dumps(bundle).encode())
    url = reverse("admin:symptoms_import_bundle")
    assert staff_client.post(url, {"file": upload, "publish": "on"}).status_code == 302
    assert m.Symptom.objects.get().name == "Night cramps"
    bundle["symptoms"][0].update(name="Broken", status="bogus")
    response = staff_client.post(
        url, {"file": SimpleUploadedFile("b.json", dumps(bundle).encode()), "publish": "on"}
    )
    assert "Nothing was imported. symptoms[leg-cramps].status" in response.content.decode()
    assert m.Symptom.objects.get().name == "Night cramps"


def _upload(staff_client, text: str, **extra):
    upload = SimpleUploadedFile("b.json", text.encode())
    return staff_client.post(reverse("admin:symptoms_import_bundle"), {"file": upload, **extra})


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            lambda b: b["symptoms"][0].update(published_at=[1]),
            "symptoms[leg-cramps].published_at: must be text, not a list.",
        ),
        (
            lambda b: b["symptoms"][0].update(summary="Nul\x00here"),
            "symptoms[leg-cramps].summary: Null characters are not allowed.",
        ),
        (
            lambda b: b.update(version=True),
            "bundle.version: version &#x27;&lt;true/false&gt;&#x27;",
        ),
        (
            lambda b: b["symptoms"][0].update(slug="\ud800"),
            "symptoms[\\ud800].slug: not valid Unicode text (surrogates not allowed).",
        ),
    ],
)
def test_a_bundle_upload_with_a_bad_value_shows_the_field_and_changes_nothing(
    staff_client, change, error
):
    SymptomFactory(slug="leg-cramps", name="Leg cramps")
    bundle = export_bundle()
    bundle["symptoms"][0]["name"] = "Renamed"
    change(bundle)
    response = _upload(staff_client, json.dumps(bundle), publish="on")  # \u escapes
    assert response.status_code == 200
    assert f"Nothing was imported. {error}" in response.content.decode()
    assert m.Symptom.objects.get().name == "Leg cramps"


def test_a_bundle_upload_nested_too_deeply_is_a_form_error(staff_client):
    response = _upload(staff_client, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 200
    assert "bundle: nested too deeply" in response.content.decode()


def test_a_bundle_upload_makes_drafts_unless_publishing_is_chosen(staff_client, admin_user):
    page = staff_client.get(reverse("admin:symptoms_import_bundle")).content.decode()
    assert 'name="publish"' in page
    SymptomFactory(slug="leg-cramps")
    text = dumps(export_bundle())
    m.Symptom.objects.all().delete()
    assert _upload(staff_client, text).status_code == 302
    assert m.Symptom.objects.get().status == m.ContentStatus.DRAFT
    m.Symptom.objects.all().delete()
    assert _upload(staff_client, text, publish="on").status_code == 302
    published = m.Symptom.objects.get()
    assert published.status == m.ContentStatus.PUBLISHED
    assert history.last_change(published).user == admin_user


@pytest.mark.parametrize("model", [m.DietarySource, m.Nutrient, m.Specialist])
def test_flat_lists_offer_csv_import_and_export_in_the_admin(staff_client, model):
    meta = model._meta
    assert (
        staff_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_import")).status_code
        == 200
    )
    prefix = f"{model.__name__.lower()}resource"
    fields = {f"{prefix}_{name}": "on" for name in ["slug", "name", "synonyms"]}
    response = staff_client.post(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_export"),
        {"format": "0", "resource": "0", **fields},
    )
    assert response["Content-Type"].startswith("text/csv"), response.content[:500]


def test_csv_import_creates_drafts_and_revises_published_records_by_slug(editor):
    DietarySourceFactory(name="Banana", slug="bananas")
    data = tablib.Dataset(headers=["slug", "name", "synonyms", "summary", "body"])
    data.append(["bananas", "Bananas", "", "Rich in potassium.", ""])
    data.append(["almonds", "Almonds", "", "Rich in magnesium.", ""])
    result = DietarySourceResource().import_data(data, raise_errors=True, user=editor)
    assert not result.has_errors()
    live = m.DietarySource.objects.get(slug="bananas")
    assert (live.name, live.status) == ("Banana", m.ContentStatus.PUBLISHED)
    assert (live.open_revision.name, live.open_revision.status) == ("Bananas", "draft")
    assert m.DietarySource.objects.get(slug="almonds").status == m.ContentStatus.DRAFT


def test_csv_export_is_keyed_by_slug():
    SpecialistFactory(name="Neurologist", slug="neurologist", first_contact=False)
    exported = SpecialistResource().export()
    assert exported.headers == ["slug", "name", "synonyms", "summary", "body", "first_contact"]
    assert exported[0][0] == "neurologist"


def test_invalid_csv_row_is_reported_not_saved():
    data = tablib.Dataset(headers=["slug", "name", "synonyms", "summary", "body"])
    data.append(["not a slug!", "Bad", "", "", ""])
    result = DietarySourceResource().import_data(data)
    assert result.has_validation_errors()
    assert not m.DietarySource.objects.exists()
