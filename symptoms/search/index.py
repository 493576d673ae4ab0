"""The search table kept current: a row for each published record, written with every save.

Saves and deletes of content records reach `on_save`/`on_delete` through signals (connected
by symptoms.changes.capture), in the edit's own transaction; bulk loads, which send none,
call `rebuild()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models, transaction
from django.db.models import TextField, Value

from symptoms import kinds
from symptoms import models as m
from symptoms.kinds import KINDS
from symptoms.models.searchable import SEARCH_CONFIG, OnPostgreSQL

# Keyed by the `type` API clients filter on (the kind's public name); the order breaks ties
# between equal ranks.
ENTITY_TYPES: dict[str, type[m.ContentEntity]] = {kind.name: kind.model for kind in KINDS}
_COPIED = ("uid", "slug", "name", "synonyms", "summary", "published_at")
_READ = ("pk", "uid", "slug", "name", "synonyms", "summary", "body", "published_at")
_BATCH_SIZE = 500

# A content or search model, live or historical (a migration's `apps.get_model`): the
# fields of a historical one are known only at run time.
AnyModel = Any
ModelGetter = Callable[[str, str | None], type[AnyModel]]


def type_of(model: type[models.Model]) -> str:
    """The search type of a content model: its kind's public name."""
    return kinds.of_model(model).name


def _is_listed(record: AnyModel) -> bool:
    """Published and not a draft revision: a row whatever `published_at` says."""
    return record.status == m.ContentStatus.PUBLISHED and record.revision_of_id is None


def _body_vector(body: str) -> OnPostgreSQL:
    """The body's vector (weight C: matched, never ranked), computed from the text."""
    return OnPostgreSQL(
        SearchVector(Value(body, output_field=TextField()), weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
    )


def _entry(entry_model: type[AnyModel], type_: str, record: AnyModel) -> AnyModel:
    return entry_model(
        type=type_,
        record_id=record.pk,
        uid=record.uid,
        slug=record.slug,
        name=record.name,
        synonyms=record.synonyms,
        summary=record.summary,
        published_at=record.published_at,
    )


def on_save(sender: type[models.Model], instance: m.ContentEntity, **kwargs: object) -> None:
    type_ = type_of(sender)
    if not _is_listed(instance):
        m.SearchEntry.objects.filter(type=type_, record_id=instance.pk).delete()
        return
    [entry] = m.SearchEntry.objects.bulk_create(
        [_entry(m.SearchEntry, type_, instance)],
        update_conflicts=True,
        unique_fields=["type", "record_id"],
        update_fields=_COPIED,
    )
    m.SearchEntryBody.objects.bulk_create(
        [m.SearchEntryBody(entry=entry, search_vector=_body_vector(instance.body))],
        update_conflicts=True,
        unique_fields=["entry"],
        update_fields=["search_vector"],
    )
    m.SearchWord.objects.bulk_create(
        [m.SearchWord(word=word) for word in _words_of(entry)], ignore_conflicts=True
    )
    m.SearchNameWord.objects.filter(entry=entry).delete()
    m.SearchNameWord.objects.bulk_create(_name_words(m.SearchNameWord, entry))


def words(text: str) -> set[str]:
    """The words typos are matched against: lower case, letters and digits, three or more."""
    return {word for word in re.findall(r"[^\W_]+", text.lower()) if 3 <= len(word) <= 100}


def _words_of(entry: AnyModel) -> set[str]:
    return words(f"{entry.name}\n{entry.synonyms}")


def _name_words(name_word_model: type[AnyModel], entry: AnyModel) -> list[AnyModel]:
    """The words of the entry's name after the first (see `SearchNameWord`)."""
    key = entry.name.upper()
    return [name_word_model(entry_id=entry.pk, word=word, key=key) for word in set(key.split()[1:])]


def on_delete(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    type_ = type_of(sender)
    m.SearchEntry.objects.filter(type=type_, record_id=instance.pk).delete()


@transaction.atomic
def rebuild(get_model: ModelGetter | None = None, *, name_words: bool = True) -> int:
    """Write the whole table again from the content tables; returns the rows written.

    `get_model` (a migration's `apps.get_model`) picks the models' historical versions;
    migrations from before `SearchNameWord` pass `name_words=False`.
    """
    entry_model: type[AnyModel]
    body_model: type[AnyModel]
    word_model: type[AnyModel]
    name_word_model: type[AnyModel] | None
    if get_model is None:
        entry_model, body_model, word_model = m.SearchEntry, m.SearchEntryBody, m.SearchWord
        name_word_model = m.SearchNameWord
        get_model = apps.get_model
    else:
        entry_model = get_model("symptoms", "searchentry")
        body_model = get_model("symptoms", "searchentrybody")
        word_model = get_model("symptoms", "searchword")
        name_word_model = get_model("symptoms", "searchnameword") if name_words else None
    entry_model.objects.all().delete()
    word_model.objects.all().delete()
    written, vocabulary = 0, set[str]()
    for kind in KINDS:
        listed = get_model(kinds.APP_LABEL, kind.model_name)._base_manager.filter(
            status=m.ContentStatus.PUBLISHED, revision_of__isnull=True
        )
        records = list(listed.only(*_READ))
        entries = entry_model.objects.bulk_create(
            [_entry(entry_model, kind.name, record) for record in records], batch_size=_BATCH_SIZE
        )
        body_model.objects.bulk_create(
            [
                body_model(entry=entry, search_vector=_body_vector(record.body))
                for entry, record in zip(entries, records, strict=True)
            ],
            batch_size=_BATCH_SIZE,
        )
        written += len(entries)
        for entry in entries:
            vocabulary |= _words_of(entry)
    word_model.objects.bulk_create(
        [word_model(word=word) for word in sorted(vocabulary)], batch_size=_BATCH_SIZE
    )
    if name_word_model is not None:
        rebuild_name_words(entry_model, name_word_model)
    return written


def rebuild_name_words(entry_model: type[AnyModel], name_word_model: type[AnyModel]) -> None:
    """Write `SearchNameWord` again from the search table."""
    name_word_model.objects.all().delete()
    name_word_model.objects.bulk_create(
        (
            word
            for entry in entry_model.objects.only("pk", "name").iterator(chunk_size=_BATCH_SIZE)
            for word in _name_words(name_word_model, entry)
        ),
        batch_size=_BATCH_SIZE,
    )
