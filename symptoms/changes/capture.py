"""What happens when an editor saves a record, in order (each receiver of symptoms is connected
here, by `connect()`):

1. `ContentEntity.save()` opens a transaction and writes the row.
2. Django's `post_save` of the record's model: `versioning.on_save` remembers a publication
   scheduled for later (the public version moves when its time comes), then `index.on_save`
   writes or drops the record's row in the search table.
3. `ContentEntity.save()` sends `content_saved`: `outbox.record_save` appends the change to the
   outbox if the public sees it, and an update of each public record showing the record.
4. Each outbox row's `post_save` reaches the API's receivers (api.capture): the changed
   records' stored documents are built once the transaction commits.
5. The transaction commits: the edit, the search row and the outbox rows together. The latest
   outbox row is the public version (symptoms.changes.versioning): ETags, cached responses,
   list counts and stored documents move with it, so a draft edit, which writes no outbox
   row, changes nothing public (the rule of api.delivery).

Around it: links saved or deleted (admin inlines, imports) reach `outbox.record_link_change`;
a public record's parts (FAQ, codes) saved or deleted on their own, and its plain
many-to-many links (`versioning.on_links_changed`), move the public version's epoch; a
deleted record leaves a tombstone (`outbox.record_deletion`, before the row goes) and drops
its search row (`index.on_delete`); an edited or deleted source or expert updates the records
showing it (`outbox.record_shared_change`). The history of each record is django-reversion's
(registered by symptoms.editorial.history).
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal

from symptoms.changes import outbox, versioning
from symptoms.changes.dependents import content_models
from symptoms.models import ContentEntity, Expert, Source
from symptoms.models.links import Link
from symptoms.models.signals import content_saved
from symptoms.search import index

APP_LABEL = "symptoms"


def connect() -> None:
    """Connect every receiver of symptoms (SymptomsConfig.ready() calls this; a second call
    changes nothing). Receivers of one signal run in the order they are connected in."""
    _connect_content_version()
    _connect_search_table()
    _connect_outbox()


def _connect(
    signal: Signal, receiver: Callable[..., object], sender: type[Model] | None = None
) -> None:
    """Connect `receiver` once, whoever connects it again (keyed by its name and `sender`)."""
    uid = f"{receiver.__module__}.{receiver.__qualname__}"
    signal.connect(receiver, sender=sender, dispatch_uid=uid)


def _connect_content_version() -> None:
    """Scheduled publications of content records, and the changes of public content the
    outbox does not record: parts and plain links (many-to-many) of public records."""
    for model in apps.get_app_config(APP_LABEL).get_models(include_auto_created=True):
        if model._meta.auto_created:
            _connect(m2m_changed, versioning.on_links_changed, model)
        elif issubclass(model, ContentEntity) or not issubclass(
            model, versioning.RECORDED_OR_NOT_CONTENT
        ):
            _connect(post_save, versioning.on_save, model)
            _connect(post_delete, versioning.on_delete, model)


def _connect_search_table() -> None:
    for model in index.ENTITY_TYPES.values():
        _connect(post_save, index.on_save, model)
        _connect(post_delete, index.on_delete, model)


def _connect_outbox() -> None:
    """Saves of content records are sent by ContentEntity.save(); deletions and links (saved
    by admin inlines and querysets alike) are only seen through Django's signals."""
    _connect(content_saved, outbox.record_save)
    for model in content_models():
        _connect(pre_delete, outbox.record_deletion, model)
    for link in Link.__subclasses__():
        if not link._meta.abstract:
            _connect(post_save, outbox.record_link_change, link)
            _connect(post_delete, outbox.record_link_change, link)
    # Sources and experts are shared by records and change their responses too.
    for shared in (Source, Expert):
        _connect(post_save, outbox.record_shared_change, shared)
        _connect(pre_delete, outbox.record_shared_change, shared)
