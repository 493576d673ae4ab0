"""The public version: moves when public content changes, and only then (api.delivery's rule).

Public content changes by a row in the outbox (symptoms.changes.outbox records the changes
of public records and their links, in the edit's own transaction), or without one: content
scheduled for later going public when its time comes (no save at all), a public record's
parts (its FAQ, its codes) or plain links (its body regions, its sources) changed on their
own, a bulk load (`bump`). The version is the pair (epoch, latest outbox row); the epoch
moves for the changes without a row, in the same transaction (scheduled content: on the
first read after its time). A draft edit moves nothing.

The receivers (`on_save`, `on_delete`, `on_links_changed`) are connected by
symptoms.changes.capture.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db import models
from django.db.models import F, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from symptoms.models import (
    ContentChange,
    ContentEntity,
    ContentStatus,
    ContentVersion,
    Expert,
    SearchEntry,
    SearchEntryBody,
    SearchNameWord,
    SearchWord,
    Source,
    WebhookDelivery,
    WebhookEndpoint,
)
from symptoms.models.links import Link

ROW = 1
# Rows whose changes the outbox records (content records, their links, shared sources and
# experts), bookkeeping that changes no public response, and the search tables (which
# change only with the records they copy).
RECORDED_OR_NOT_CONTENT = (
    Link,
    Source,
    Expert,
    ContentVersion,
    ContentChange,
    WebhookEndpoint,
    WebhookDelivery,
    SearchEntry,
    SearchEntryBody,
    SearchNameWord,
    SearchWord,
)
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class Version(NamedTuple):
    # Moves when public content changes without an outbox row (ContentVersion.counter).
    epoch: int
    # The latest outbox row's id (0: none yet) and time.
    change: int
    changed_at: datetime.datetime | None
    # The next time content scheduled for later goes public.
    next_change: datetime.datetime | None
    # When content scheduled for later last went public (seen due by a read).
    last_went_public: datetime.datetime | None

    @property
    def key(self) -> tuple[int, int]:
        """What caches of public output key on; a later version has a larger key."""
        return (self.epoch, self.change)

    @property
    def last_modified(self) -> datetime.datetime:
        """When public content last changed, to the second (Last-Modified)."""
        moments = (self.changed_at or EPOCH, self.last_went_public or EPOCH)
        return max(moments).replace(microsecond=0)


def next_scheduled_publication() -> datetime.datetime | None:
    times = [
        model.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
        for model in ContentEntity.__subclasses__()
    ]
    upcoming = [found[0] for found in times if found]
    return min(upcoming, default=None)


def _ensure_row() -> None:
    ContentVersion.objects.get_or_create(
        pk=ROW, defaults={"next_change": next_scheduled_publication()}
    )


def bump_epoch() -> None:
    """Public content changed without an outbox row: move the epoch on."""
    if not ContentVersion.objects.filter(pk=ROW).update(counter=F("counter") + 1):
        _ensure_row()
        ContentVersion.objects.filter(pk=ROW).update(counter=F("counter") + 1)


def bump() -> None:
    """Content was written without signals (a bulk load): move the epoch on, and find the
    next scheduled publication again."""
    bump_epoch()
    ContentVersion.objects.filter(pk=ROW).update(next_change=next_scheduled_publication())


def schedule(at: datetime.datetime) -> None:
    """Remember a publication still to come: the version moves when its time comes."""
    earliest = Least(Coalesce(F("next_change"), Value(at)), at)
    if not ContentVersion.objects.filter(pk=ROW).update(next_change=earliest):
        _ensure_row()
        ContentVersion.objects.filter(pk=ROW).update(next_change=earliest)


_FIELDS = ("counter", "change", "changed_at", "next_change", "last_went_public")


def _read() -> Version | None:
    """The version in one query: the row, with the outbox head as subqueries."""
    latest = ContentChange.objects.order_by("-id")
    row = (
        ContentVersion.objects.filter(pk=ROW)
        .annotate(
            change=Coalesce(Subquery(latest.values("id")[:1]), 0),
            changed_at=Subquery(latest.values("time")[:1]),
        )
        .values_list(*_FIELDS)
        .first()
    )
    return None if row is None else Version(*row)


def current() -> Version:
    """The version and the scheduled publications around now; moves the epoch on when the
    next publication's time has passed."""
    version = _read()
    if version is None:
        _ensure_row()
        version = _read()
        assert version is not None
    now = timezone.now()
    if version.next_change is not None and version.next_change <= now:
        ContentVersion.objects.filter(pk=ROW, next_change=version.next_change).update(
            counter=F("counter") + 1,
            next_change=next_scheduled_publication(),
            last_went_public=now,
        )
        version = _read()
        assert version is not None
    return version


class HotVersion:
    """This process's copy of the version, read again at most `ttl` seconds later.

    The ttl is the staleness bound: a change is served by every worker within ttl seconds of
    its commit, and so is scheduled content within ttl seconds of its time.
    """

    def __init__(self, ttl: float, clock: Callable[[], float] | None = None) -> None:
        self.ttl = ttl
        self.clock = clock
        self.version: Version | None = None
        self.expires = 0.0
        self.lock = threading.Lock()

    def get(self) -> Version:
        now = (self.clock or time.monotonic)()
        version = self.version
        due = (
            version is not None
            and version.next_change is not None
            and timezone.now() >= version.next_change
        )
        if version is None or now >= self.expires or due:
            with self.lock:
                self.version = version = current()
                self.expires = now + self.ttl
        return version


def _shows_in_public(instance: models.Model) -> bool:
    """A part of a public record: a row pointing to one (its FAQ entry, its code)."""
    for field in instance._meta.concrete_fields:
        target = field.related_model
        if field.many_to_one and isinstance(target, type) and issubclass(target, ContentEntity):
            owner = getattr(instance, field.attname)
            if owner is not None and target._default_manager.published().filter(pk=owner).exists():
                return True
    return False


def on_save(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    """A record published for later: its time is remembered (nothing public changes now).
    A part of a public record: the epoch moves."""
    if raw:
        return
    if isinstance(instance, ContentEntity):
        if (
            instance.status == ContentStatus.PUBLISHED
            and instance.published_at is not None
            and instance.published_at > timezone.now()
        ):
            schedule(instance.published_at)
    elif _shows_in_public(instance):
        bump_epoch()


def on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not isinstance(instance, ContentEntity) and _shows_in_public(instance):
        bump_epoch()


def on_links_changed(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    """Plain links (a symptom's body regions, a record's sources): the epoch moves when a
    public record is on either end."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    ends: list[tuple[type[models.Model], set[Any] | None]] = [(type(instance), {instance.pk})]
    ends.append((model, pk_set))
    for end, pks in ends:
        if not issubclass(end, ContentEntity):
            continue
        public = end._default_manager.published()
        if pks is None or public.filter(pk__in=pks).exists():
            bump_epoch()
            return
