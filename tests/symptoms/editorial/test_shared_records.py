"""Sources and experts that live content uses change only with the publish permission."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from symptoms import models as m
from symptoms.editorial import shared_records
from tests.factories import (
    ExpertFactory,
    NutrientFactory,
    SourceFactory,
    SymptomFactory,
)

pytestmark = pytest.mark.django_db

OLD_URL, NEW_URL = "https://guidelines.example/cramps", "https://elsewhere.example/cramps"


def _url(record, view, *args):
    return reverse(f"admin:symptoms_{record._meta.model_name}_{view}", args=args)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _cited_source(**symptom):
    source = SourceFactory(title="Leg cramps guideline", url=OLD_URL)
    SymptomFactory(**symptom).sources.add(source)
    return source


def _change_url(client, source, url):
    data = {"title": source.title, "publisher": source.publisher, "url": url}
    return client.post(_url(source, "change", source.pk), data)


def _stored_url(source):
    return m.Source.objects.get(pk=source.pk).url


IN_REVIEW = {"status": "in_review", "published_at": None}
SCHEDULED = {"published_at": timezone.now() + datetime.timedelta(days=2)}


@pytest.mark.parametrize("symptom", [{}, SCHEDULED, IN_REVIEW], ids=["live", "scheduled", "review"])
def test_an_editor_cannot_change_a_source_that_content_in_review_or_published_cites(
    editor, symptom
):
    source = _cited_source(**symptom)
    client = _client(editor)

    page = client.get(_url(source, "change", source.pk))
    assert page.status_code == 200
    assert "needs the permission to publish symptoms" in page.content.decode()
    assert _change_url(client, source, NEW_URL).status_code == 403
    assert _stored_url(source) == OLD_URL


def test_a_publisher_can_change_a_source_that_published_content_cites(publisher):
    source = _cited_source()

    assert _change_url(_client(publisher), source, NEW_URL).status_code == 302
    assert _stored_url(source) == NEW_URL


@pytest.mark.parametrize(
    "symptom", [{"draft": True}, {"archived": True}], ids=["draft", "archived"]
)
def test_an_editor_can_change_a_source_that_only_drafts_or_archived_records_cite(editor, symptom):
    source = _cited_source(**symptom)

    assert _change_url(_client(editor), source, NEW_URL).status_code == 302
    assert _stored_url(source) == NEW_URL


def test_the_publish_permission_needed_is_that_of_each_kind_of_content_using_it(
    django_user_model,
):
    source = _cited_source(draft=True)
    NutrientFactory().sources.add(source)
    symptom_publisher = django_user_model.objects.create_user("sp", is_staff=True)
    symptom_publisher.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_source", "publish_symptom"])
    )

    reason = shared_records.refusal(source, symptom_publisher)

    assert reason is not None and "publish nutrients" in reason and "symptoms" not in reason


def test_the_form_checks_again_when_content_went_into_review_after_the_page_loaded(editor, rf):
    source = _cited_source(draft=True)
    client = _client(editor)
    page = client.get(_url(source, "change", source.pk))
    form_class = page.context["adminform"].form.__class__
    m.Symptom.objects.update(status="in_review")

    form = form_class(
        {"title": source.title, "publisher": source.publisher, "url": NEW_URL}, instance=source
    )

    assert not form.is_valid()
    assert "needs the permission to publish symptoms" in " ".join(form.non_field_errors())


def test_a_reviewer_cannot_change_an_expert_who_reviewed_or_is_quoted_in_live_content(reviewer):
    reviewing = ExpertFactory(name="Dr Ana Weber", slug="ana-weber")
    NutrientFactory(reviewed_by=reviewing, last_reviewed=datetime.date(2026, 1, 1))
    quoted = ExpertFactory(name="Dr Li Chen", slug="li-chen")
    m.ExpertOpinion.objects.create(symptom=SymptomFactory(), expert=quoted, text="Stretch.")
    unused = ExpertFactory(name="Dr Sam Okafor", slug="sam-okafor")
    client = _client(reviewer)

    for expert in (reviewing, quoted, unused):
        data = {"name": expert.name, "slug": expert.slug, "title": "Retired"}
        client.post(_url(expert, "change", expert.pk), data)

    titles = dict(m.Expert.objects.values_list("slug", "title"))
    assert titles == {"ana-weber": "Neurologist", "li-chen": "Neurologist", "sam-okafor": "Retired"}


def test_deleting_a_source_that_live_content_cites_needs_the_publish_permission(
    django_user_model,
):
    source = _cited_source()
    unused = SourceFactory()
    user = django_user_model.objects.create_user("cleaner", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_source", "change_source", "delete_source"])
    )
    client = _client(user)

    assert client.post(_url(source, "delete", source.pk), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [source.pk, unused.pk], "post": "yes"}
    assert client.post(_url(source, "changelist"), bulk).status_code == 403
    assert m.Source.objects.count() == 2
    assert client.post(_url(unused, "delete", unused.pk), {"post": "yes"}).status_code == 302
    assert list(m.Source.objects.all()) == [source]
