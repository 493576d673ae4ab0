import pytest
from django.test import Client
from django.urls import reverse

from symptoms import models as m
from symptoms.editorial import publishing
from tests.admin_forms import change_form_data
from tests.factories import SymptomConditionFactory, SymptomFactory

pytestmark = pytest.mark.django_db


def _change_url(record):
    return reverse("admin:symptoms_symptom_change", args=[record.pk])


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def second_editor(django_user_model, editor):
    other = django_user_model.objects.create_user("alice", password="pw", is_staff=True)
    other.groups.set(editor.groups.all())
    return other


def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(editor, second_editor):
    symptom = SymptomFactory(draft=True, summary="Original.")
    SymptomConditionFactory(symptom=symptom)
    first, second = _client(second_editor), _client(editor)
    first_form = first.get(_change_url(symptom))
    second_form = second.get(_change_url(symptom))

    saved = first.post(
        _change_url(symptom), change_form_data(first_form, summary="Alice's summary.")
    )
    assert saved.status_code == 302
    refused = second.post(
        _change_url(symptom), change_form_data(second_form, summary="My summary.")
    )

    assert refused.status_code == 200
    errors = refused.context["adminform"].form.non_field_errors()
    assert "Someone else changed this symptom" in errors[0]
    assert "by alice at" in errors[0]
    assert refused.context["adminform"].form["summary"].value() == "My summary."
    symptom.refresh_from_db()
    assert symptom.summary == "Alice's summary." and symptom.version == 2


def test_a_save_after_a_workflow_move_is_refused(editor, publisher):
    symptom = SymptomFactory(draft=True)
    client = _client(editor)
    form = client.get(_change_url(symptom))
    publishing.archive(symptom, by=publisher)
    response = client.post(_change_url(symptom), change_form_data(form, summary="Late edit."))
    assert response.status_code == 403
    symptom.refresh_from_db()
    assert symptom.summary != "Late edit."


def test_each_admin_save_increments_the_version(editor):
    symptom = SymptomFactory(draft=True)
    client = _client(editor)
    for expected, text in [(2, "One."), (3, "Two.")]:
        form = client.get(_change_url(symptom))
        assert (
            client.post(_change_url(symptom), change_form_data(form, summary=text)).status_code
            == 302
        )
        symptom.refresh_from_db()
        assert (symptom.version, symptom.summary) == (expected, text)


def test_save_draft_refuses_a_stale_version(editor):
    symptom = SymptomFactory(draft=True)
    mine = m.Symptom.objects.get(pk=symptom.pk)
    theirs = m.Symptom.objects.get(pk=symptom.pk)
    theirs.summary = "Theirs."
    publishing.save_draft(theirs, expected_version=1, by=editor)
    mine.summary = "Mine."
    with pytest.raises(publishing.StaleEditError, match="Someone else changed this symptom"):
        publishing.save_draft(mine, expected_version=1, by=editor)
    symptom.refresh_from_db()
    assert (symptom.summary, symptom.version) == ("Theirs.", 2)


def test_save_draft_refuses_published_records(editor):
    symptom = SymptomFactory()
    symptom.summary = "Unreviewed."
    with pytest.raises(publishing.WorkflowError, match="Only drafts can be edited"):
        publishing.save_draft(symptom, expected_version=symptom.version, by=editor)
    assert m.Symptom.objects.get(pk=symptom.pk).summary != "Unreviewed."


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_saves_of_the_same_version_let_exactly_one_through(editor):
    import threading

    from django.db import connection

    symptom = SymptomFactory(draft=True)
    barrier, outcomes = threading.Barrier(2), []

    def save(text):
        try:
            record = m.Symptom.objects.get(pk=symptom.pk)
            record.summary = text
            barrier.wait()
            publishing.save_draft(record, expected_version=1, by=editor)
            outcomes.append("saved")
        except publishing.StaleEditError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("A.", "B.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    assert m.Symptom.objects.get(pk=symptom.pk).version == 2
