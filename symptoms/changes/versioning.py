"""The content version: moves with every change of content, and when scheduled content goes live.

Caches of public output key on it. Every save, delete and link change of a content-app model
bumps it in the same transaction (`on_save`, `on_delete` and `on_links_changed`, connected to
Django's signals by symptoms.changes.capture, so that no code path can forget), and a
publication scheduled for later bumps it when its time comes, on the first read after that.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from typing import NamedTuple

from django.db.models import Expression, F, Model, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from symptoms.models import (
    ContentChange,
    ContentEntity,
    ContentStatus,
    ContentVersion,
    SearchEntry,
    SearchEntryBody,
    SearchNameWord,
    SearchWord,
    WebhookDelivery,
    WebhookEndpoint,
)

ROW = 1
# Bookkeeping rows of the app that change no public response, and the search tables, which
# change only with the records they copy (whose saves bump the version).
NOT_CONTENT = (
    ContentVersion,
    ContentChange,
    WebhookEndpoint,
    WebhookDelivery,
    SearchEntry,
    SearchEntryBody,
    SearchNameWord,
    SearchWord,
)


def bump(*, scheduled: datetime.datetime | None = None) -> None:
    """Move the version on; `scheduled` is a publication time still to come."""
    changes: dict[str, Expression] = {"counter": F("counter") + 1}
    if scheduled is not None:
        changes["next_change"] = Least(Coalesce(F("next_change"), Value(scheduled)), scheduled)
    if not ContentVersion.objects.filter(pk=ROW).update(**changes):
        ContentVersion.objects.get_or_create(
            pk=ROW, defaults={"counter": 1, "next_change": scheduled}
        )


def next_scheduled_publication() -> datetime.datetime | None:
    times = [
        model.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
        for model in ContentEntity.__subclasses__()
    ]
    upcoming = [found[0] for found in times if found]
    return min(upcoming, default=None)


class Version(NamedTuple):
    counter: int
    # The next time content scheduled for later goes public.
    next_change: datetime.datetime | None
    # When content scheduled for later last went public (seen due by a read).
    last_went_public: datetime.datetime | None


def current() -> Version:
    """The version and the scheduled publications around now; moves the version on when the
    next one's time has passed."""
    fields = ("counter", "next_change", "last_went_public")
    row = ContentVersion.objects.filter(pk=ROW).values_list(*fields).first()
    if row is None:
        return Version(0, next_scheduled_publication(), None)
    version = Version(*row)
    now = timezone.now()
    if version.next_change is not None and version.next_change <= now:
        ContentVersion.objects.filter(pk=ROW, next_change=version.next_change).update(
            counter=F("counter") + 1,
            next_change=next_scheduled_publication(),
            last_went_public=now,
        )
        version = Version(*ContentVersion.objects.values_list(*fields).get(pk=ROW))
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


def on_save(sender: type[Model], instance: Model, raw: bool = False, **kwargs: object) -> None:
    if raw:
        return
    scheduled = None
    if (
        isinstance(instance, ContentEntity)
        and instance.status == ContentStatus.PUBLISHED
        and instance.published_at is not None
        and instance.published_at > timezone.now()
    ):
        scheduled = instance.published_at
    bump(scheduled=scheduled)


def on_delete(sender: type[Model], **kwargs: object) -> None:
    bump()


def on_links_changed(sender: type[Model], action: str, **kwargs: object) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump()
