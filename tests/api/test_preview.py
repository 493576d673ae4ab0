"""Staff preview: the public detail of a record that is not live yet, never anonymous."""

import pytest
from django.contrib.auth.models import Permission

from api.routers import RESOURCES
from symptoms.editorial import publishing
from tests import factories as f

pytestmark = pytest.mark.django_db

FACTORIES = {
    "symptoms": f.SymptomFactory,
    "conditions": f.ConditionFactory,
    "causes": f.CauseFactory,
    "diagnostics": f.DiagnosticFactory,
    "specialists": f.SpecialistFactory,
    "treatments": f.TreatmentFactory,
    "nutrients": f.NutrientFactory,
    "dietary-sources": f.DietarySourceFactory,
    "body-regions": f.BodyRegionFactory,
}


def test_every_resource_has_a_preview():
    assert {prefix for prefix, _, _ in RESOURCES} == set(FACTORIES)


@pytest.mark.parametrize("prefix", sorted(FACTORIES))
def test_staff_preview_a_draft_that_the_public_cannot_see(client, admin_client, prefix):
    draft = FACTORIES[prefix](draft=True, summary="Not reviewed yet.")
    assert client.get(f"/api/v1/{prefix}/{draft.slug}/").status_code == 404
    response = admin_client.get(f"/api/v1/preview/{prefix}/{draft.slug}/")
    assert response.status_code == 200
    assert response.json()["summary"] == "Not reviewed yet."
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("prefix", sorted(FACTORIES))
def test_anonymous_preview_is_refused_in_the_error_shape(client, prefix):
    draft = FACTORIES[prefix](draft=True)
    response = client.get(f"/api/v1/preview/{prefix}/{draft.slug}/")
    assert response.status_code == 403
    assert response.json()["error"]["status"] == 403
    assert "Not reviewed" not in response.content.decode()


def test_non_staff_user_cannot_preview(client, django_user_model):
    draft = f.SymptomFactory(draft=True)
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(f"/api/v1/preview/symptoms/{draft.slug}/").status_code == 403


def test_preview_shows_only_links_the_public_would_see(admin_client):
    symptom = f.SymptomFactory(draft=True)
    public = f.SymptomConditionFactory(symptom=symptom).condition
    f.SymptomConditionFactory(symptom=symptom, condition=f.ConditionFactory(draft=True))
    body = admin_client.get(f"/api/v1/preview/symptoms/{symptom.slug}/").json()
    assert [c["slug"] for c in body["conditions"]] == [public.slug]


def test_preview_of_a_revision_shows_its_text_while_the_public_keeps_the_live_one(
    client, admin_client, editor
):
    live = f.SymptomFactory(summary="Live text.")
    revision = publishing.new_revision(live, by=editor)
    revision.summary = "Revised text."
    revision.save()
    assert client.get(f"/api/v1/symptoms/{live.slug}/").json()["summary"] == "Live text."
    preview = admin_client.get(f"/api/v1/preview/symptoms/{revision.slug}/").json()
    assert preview["summary"] == "Revised text."


def _staff(django_user_model, *permissions: str):
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    return user


def test_staff_without_permission_on_the_model_cannot_preview(client, django_user_model):
    draft = f.SymptomFactory(draft=True, summary="Not reviewed yet.")
    client.force_login(_staff(django_user_model, "view_condition"))
    response = client.get(f"/api/v1/preview/symptoms/{draft.slug}/")
    assert response.status_code == 403
    assert response.json()["error"]["status"] == 403
    assert "Not reviewed" not in response.content.decode()


@pytest.mark.parametrize("permission", ["view_symptom", "change_symptom"])
def test_staff_with_view_or_change_permission_preview(client, django_user_model, permission):
    draft = f.SymptomFactory(draft=True, summary="Not reviewed yet.")
    client.force_login(_staff(django_user_model, permission))
    response = client.get(f"/api/v1/preview/symptoms/{draft.slug}/")
    assert response.status_code == 200
    assert response.json()["summary"] == "Not reviewed yet."


@pytest.mark.parametrize(("permission", "status"), [("view_condition", 403), ("view_symptom", 200)])
def test_the_admin_preview_follows_the_same_rule(client, django_user_model, permission, status):
    draft = f.SymptomFactory(draft=True)
    client.force_login(_staff(django_user_model, permission))
    assert client.get(f"/admin/symptoms/symptom/{draft.pk}/preview/").status_code == status
