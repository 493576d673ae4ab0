import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from symptoms import models as m
from tests.factories import (
    ConditionFactory,
    ExpertFactory,
    SymptomConditionFactory,
    SymptomFactory,
)

pytestmark = pytest.mark.django_db

REGISTERED = list(admin.site._registry)
CONTENT_ADMINS = [model for model in REGISTERED if issubclass(model, m.ContentEntity)]
# Written by the system only: the admin shows them but has no add page.
READ_ONLY = {m.ContentChange, m.WebhookDelivery}


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def demo(db):
    from symptoms.demo.bundle import load_demo_content

    load_demo_content()


def test_every_content_model_is_registered():
    content_models = {model for model in apps.get_models() if issubclass(model, m.ContentEntity)}
    assert {model.__name__ for model in content_models} == {
        "Symptom",
        "Condition",
        "Cause",
        "Diagnostic",
        "Specialist",
        "Treatment",
        "Nutrient",
        "DietarySource",
        "BodyRegion",
    }
    assert content_models - set(admin.site._registry) == set()


def test_every_changelist_add_and_change_page_renders(staff_client, demo, rf, admin_user):
    """One pass over the demo content (loading it once keeps this fast)."""
    request = rf.get("/admin/")
    request.user = admin_user
    failures = []
    for model, model_admin in admin.site._registry.items():
        urls = [_url(model, "changelist")]
        if model_admin.has_add_permission(request):
            urls.append(_url(model, "add"))
        if model in CONTENT_ADMINS:
            record = model.objects.first()
            assert record is not None, f"the demo content has no {model._meta.verbose_name}"
            urls.append(_url(model, "change", record.pk))
        failures += [url for url in urls if staff_client.get(url).status_code != 200]
    assert failures == []


def test_search_finds_a_record_by_synonym(staff_client):
    ConditionFactory(name="Amyotrophic lateral sclerosis", synonyms="ALS\nLou Gehrig's disease")
    ConditionFactory(name="Multiple sclerosis")
    response = staff_client.get(_url(m.Condition, "changelist"), {"q": "gehrig"})
    assert [row.name for row in response.context["cl"].result_list] == [
        "Amyotrophic lateral sclerosis"
    ]


def test_review_overdue_filter(staff_client):
    ConditionFactory(name="Overdue", next_review_due="2020-01-01")
    ConditionFactory(name="Current", next_review_due="2999-01-01")
    response = staff_client.get(_url(m.Condition, "changelist"), {"review": "overdue"})
    assert [row.name for row in response.context["cl"].result_list] == ["Overdue"]


def test_publish_and_archive_actions(staff_client):
    reviewed = ConditionFactory(
        status=m.ContentStatus.IN_REVIEW,
        published_at=None,
        reviewed_by=ExpertFactory(),
        last_reviewed=datetime.date(2026, 1, 1),
        next_review_due=datetime.date(2027, 1, 1),
    )
    staff_client.post(
        _url(m.Condition, "changelist"),
        {"action": "publish_selected", "_selected_action": [reviewed.pk]},
    )
    reviewed.refresh_from_db()
    assert reviewed.status == m.ContentStatus.PUBLISHED and reviewed.published_at is not None
    staff_client.post(
        _url(m.Condition, "changelist"),
        {"action": "archive_selected", "_selected_action": [reviewed.pk]},
    )
    reviewed.refresh_from_db()
    assert reviewed.status == m.ContentStatus.ARCHIVED


def test_autocomplete_finds_conditions_for_a_symptom_link(staff_client):
    ConditionFactory(name="Multiple sclerosis")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "multiple",
            "app_label": "symptoms",
            "model_name": "symptomcondition",
            "field_name": "condition",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Multiple sclerosis"]


NUL_TERM = {
    "term": "multiple\x00",
    "app_label": "symptoms",
    "model_name": "symptomcondition",
    "field_name": "condition",
}


def test_autocomplete_with_a_nul_character_finds_nothing(staff_client):
    """No name holds a NUL, and PostgreSQL refuses one in a query: the answer is empty."""
    ConditionFactory(name="Multiple sclerosis")
    response = staff_client.get(reverse("admin:autocomplete"), NUL_TERM)
    assert response.status_code == 200
    assert response.json() == {"results": [], "pagination": {"more": False}}


def test_autocomplete_with_a_nul_character_still_needs_a_login(client):
    response = client.get(reverse("admin:autocomplete"), NUL_TERM)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_symptom_page_shows_links_in_order(staff_client):
    symptom = SymptomFactory()
    SymptomConditionFactory(symptom=symptom, condition__name="Second", order=2)
    SymptomConditionFactory(symptom=symptom, condition__name="First", order=1)
    response = staff_client.get(_url(m.Symptom, "change", symptom.pk))
    formset = next(
        f
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is m.SymptomCondition
    )
    assert [form.instance.condition.name for form in formset.formset.forms] == ["First", "Second"]
