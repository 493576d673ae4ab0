"""What a save sets off: `content_saved` in the save's transaction, receivers wired in one place."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import signals as model_signals
from django.dispatch import Signal

from api import capture as api_capture
from symptoms import models as m
from symptoms.changes import capture, outbox
from symptoms.changes.signals import worker_pass
from symptoms.models.signals import content_saved
from tests.factories import SymptomFactory

SIGNALS = {
    **{name: value for name, value in vars(model_signals).items() if isinstance(value, Signal)},
    "content_saved": content_saved,
    "worker_pass": worker_pass,
}
PROJECT_PACKAGES = {"symptoms", "api", "healthcontent"}


class Refused(Exception):
    pass


@pytest.fixture
def on_content_saved() -> Iterator[Callable[[Callable[..., None]], None]]:
    """Connect a receiver of `content_saved` for the test (after capture's own)."""
    connected: list[Callable[..., None]] = []

    def connect(receiver: Callable[..., None]) -> None:
        connected.append(receiver)
        content_saved.connect(receiver, weak=False, dispatch_uid=f"test-{len(connected)}")

    yield connect
    for number in range(1, len(connected) + 1):
        content_saved.disconnect(dispatch_uid=f"test-{number}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_sends_content_saved_inside_its_transaction(on_content_saved):
    seen: list[dict[str, Any]] = []

    def spy(sender, instance, created, was_public, using, **kwargs):
        seen.append(
            {
                "sender": sender,
                "slug": instance.slug,
                "created": created,
                "was_public": was_public,
                "in_transaction": transaction.get_connection(using).in_atomic_block,
            }
        )

    on_content_saved(spy)
    symptom = SymptomFactory(slug="twitch")
    symptom.summary = "Edited."
    symptom.save()

    assert not transaction.get_connection().in_atomic_block
    assert seen == [
        {
            "sender": m.Symptom,
            "slug": "twitch",
            "created": created,
            "was_public": was_public,
            "in_transaction": True,
        }
        for created, was_public in [(True, False), (False, True)]
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_rolled_back_after_content_saved_records_no_change(on_content_saved):
    symptom = SymptomFactory(slug="twitch", summary="As published.")
    changes = m.ContentChange.objects.count()

    def refuse(**kwargs):
        raise Refused

    on_content_saved(refuse)
    symptom.summary = "Never committed."
    with pytest.raises(Refused):
        symptom.save()

    assert m.ContentChange.objects.count() == changes
    assert m.Symptom.objects.get(pk=symptom.pk).summary == "As published."


def test_the_outbox_receives_content_saved_from_capture():
    assert content_saved.has_listeners(m.Symptom)
    receivers = content_saved._live_receivers(m.Symptom)[0]
    assert receivers == [outbox.record_save]


def _senders() -> dict[int, str]:
    """The name of each sender by its id, as Signal.receivers keys it."""
    models = apps.get_models(include_auto_created=True)
    return {
        id(None): "any sender",
        **{id(model): model._meta.label for model in models},
        **{id(config): config.label for config in apps.get_app_configs()},
    }


def _describe(name: str, receiver: Callable[..., object], sender_id: int) -> str:
    return f"{name} of {_senders().get(sender_id, sender_id)}: {receiver.__qualname__}"


def _connected_receivers() -> set[str]:
    """Each live receiver of the project's own code, with its signal and sender."""
    found = set()
    for name, signal in SIGNALS.items():
        for (_, sender_id), receiver, _ in signal.receivers:
            if isinstance(receiver, weakref.ReferenceType):
                receiver = receiver()
            if getattr(receiver, "__module__", "").split(".")[0] in PROJECT_PACKAGES:
                found.add(_describe(name, receiver, sender_id))
    return found


def test_every_receiver_of_the_project_is_connected_by_capture(monkeypatch):
    names = {id(signal): name for name, signal in SIGNALS.items()}
    by_capture = set()

    def record_connect(signal, receiver, sender=None, weak=True, dispatch_uid=None):
        by_capture.add(_describe(names[id(signal)], receiver, id(sender)))

    monkeypatch.setattr(Signal, "connect", record_connect)
    capture.connect()
    api_capture.connect()
    monkeypatch.undo()

    live = _connected_receivers()
    assert "post_save of symptoms.SymptomCondition: record_link_change" in live
    assert "content_saved of any sender: record_save" in live
    assert live - by_capture == set(), "connected outside symptoms/api capture.connect()"
    assert by_capture - live == set()


def test_connecting_again_changes_nothing():
    def receivers() -> list[int]:
        return [len(signal.receivers) for signal in SIGNALS.values()]

    before = receivers()
    capture.connect()
    api_capture.connect()
    assert receivers() == before
