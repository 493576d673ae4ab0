"""The outbox: every change of public content is recorded here, in the edit's own transaction.

Saves reach `record_save` through `content_saved`, sent by ContentEntity.save() inside its
transaction, and deletions reach `record_deletion` through `pre_delete`, so admin edits, the
publishing workflow and imports are covered alike (symptoms.changes.capture connects them). Only
changes the public can see are recorded: a record becoming public, a public record edited,
and a public record leaving public view (unpublished, archived or deleted: a tombstone).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from symptoms import kinds
from symptoms.changes.dependents import content_models, dependents, showing, showing_link
from symptoms.models import ContentEntity
from symptoms.models.outbox import TOMBSTONE_ACTIONS, ChangeAction, ContentChange
from symptoms.models.relations import related_model

# Any constant: the PostgreSQL advisory lock that orders the outbox's writers.
_OUTBOX_LOCK = 0x6F7574626F78


def _is_public(record: ContentEntity) -> bool:
    return type(record).objects.published().filter(pk=record.pk).exists()


def _lock_outbox(using: str) -> None:
    """Serialize outbox writers until commit, so ids are handed out in commit order.

    Without it, a transaction could take id 10, commit after another took and committed
    id 11, and a client that already read past 11 would never see 10. SQLite allows one
    writer at a time anyway.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_OUTBOX_LOCK])


def record(instance: ContentEntity, action: str, *, using: str | None = None) -> ContentChange:
    """Append one change of `instance` to the outbox (inside the caller's transaction)."""
    using = using or router.db_for_write(ContentChange)
    _lock_outbox(using)
    return ContentChange.objects.using(using).create(
        type=kinds.of_model(instance).name,
        uid=instance.uid,
        slug=instance.slug,
        action=action,
        time=timezone.now(),
    )


def record_with_dependents(instance: ContentEntity, action: str, *, using: str) -> None:
    record(instance, action, using=using)
    for dependent in dependents(instance):
        record(dependent, ChangeAction.UPDATE, using=using)


def _action(*, created: bool, was_public: bool, is_public: bool, status: str) -> str | None:
    if is_public:
        if created:
            return ChangeAction.CREATE
        return ChangeAction.UPDATE if was_public else ChangeAction.PUBLISH
    if was_public:
        return ChangeAction.ARCHIVE if status == "archived" else ChangeAction.UNPUBLISH
    return None


def record_save(
    sender: type[ContentEntity],
    instance: ContentEntity,
    created: bool,
    was_public: bool,
    using: str,
    **kwargs: object,
) -> None:
    """`content_saved` receiver: a save the public sees is recorded, and so are the public
    records showing it (the save's transaction is still open: both commit, or neither)."""
    action = _action(
        created=created,
        was_public=was_public,
        is_public=_is_public(instance),
        status=instance.status,
    )
    if action:
        record_with_dependents(instance, action, using=using)


def record_deletion(
    sender: type[ContentEntity],
    instance: ContentEntity,
    using: str,
    origin: models.Model | models.QuerySet[Any] | None = None,
    **kwargs: object,
) -> None:
    """`pre_delete` receiver: a public record that is deleted leaves a tombstone."""
    if _is_public(instance):
        record_with_dependents(instance, ChangeAction.DELETE, using=using)


def _being_deleted(
    target: models.Model, origin: models.Model | models.QuerySet[Any] | None
) -> bool:
    if isinstance(origin, models.Model):
        return type(origin) is type(target) and origin.pk == target.pk
    if isinstance(origin, models.QuerySet) and origin.model is type(target):
        return origin.filter(pk=target.pk).exists()
    return False


def record_link_change(
    sender: type[models.Model],
    instance: models.Model,
    using: str,
    origin: models.Model | models.QuerySet[Any] | None = None,
    **kwargs: object,
) -> None:
    """`post_save`/`post_delete` receiver for links: both ends' responses show the link.

    A link shows only when both ends are public, so a link to a draft changes nothing the
    public sees and is not recorded. An end that is itself being deleted has its tombstone
    already and is left alone.
    """
    content = content_models()
    public_ends = []
    for field in instance._meta.concrete_fields:
        if not field.is_relation:
            continue
        end_model = related_model(field)
        if not (issubclass(end_model, ContentEntity) and end_model in content):
            continue
        public = end_model.objects.published()
        public_ends.append(public.filter(pk=getattr(instance, field.attname)).first())
    ends = [end for end in public_ends if end is not None]
    if len(ends) < len(public_ends):
        return
    with transaction.atomic(using=using, savepoint=False):
        for target in ends:
            if not _being_deleted(target, origin):
                record(target, ChangeAction.UPDATE, using=using)
        for target in showing_link(ends):
            record(target, ChangeAction.UPDATE, using=using)


def record_shared_change(
    sender: type[models.Model],
    instance: models.Model,
    raw: bool = False,
    using: str | None = None,
    **kwargs: object,
) -> None:
    """`post_save`/`pre_delete` receiver for sources and experts, which records share: each
    public record showing one is recorded as updated."""
    if raw:
        return
    using = using or router.db_for_write(ContentChange)
    with transaction.atomic(using=using, savepoint=False):
        for target in {(type(shown), shown.pk): shown for shown in showing(instance)}.values():
            record(target, ChangeAction.UPDATE, using=using)


def record_due_publications() -> list[ContentChange]:
    """Record scheduled publications whose time has come (they went public without a save).

    Also backfills records that were public before the outbox existed. The worker runs this
    on every pass.
    """
    recorded = []
    for model in content_models():
        last_action = Subquery(
            ContentChange.objects.filter(type=kinds.of_model(model).name, uid=OuterRef("uid"))
            .order_by("-id")
            .values("action")[:1]
        )
        unannounced = (
            model.objects.published()
            .annotate(last_action=last_action)
            .filter(Q(last_action__isnull=True) | Q(last_action__in=TOMBSTONE_ACTIONS))
        )
        for instance in unannounced:
            with transaction.atomic():
                recorded.append(record(instance, ChangeAction.PUBLISH))
                if instance.published_at > instance.updated_at:
                    # Went public by the clock, after its last save: the records linked to
                    # it show it from now on. (Older records are only being backfilled.)
                    for dependent in dependents(instance):
                        record(dependent, ChangeAction.UPDATE)
    return recorded


# What a cursor looks like: unpadded URL-safe base64 (of "c:" and the change id).
CURSOR_PATTERN = "^[A-Za-z0-9_-]+$"


def encode_cursor(change_id: int) -> str:
    return base64.urlsafe_b64encode(f"c:{change_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int | None:
    """The change id a cursor stands for, or None when it is not one of ours."""
    if not re.fullmatch(CURSOR_PATTERN, cursor):
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    prefix, _, number = raw.partition(":")
    # ASCII digits only: str.isdigit() is also true of "²", which int() refuses.
    if prefix != "c" or not (number.isascii() and number.isdigit()):
        return None
    return int(number)


def head() -> ContentChange | None:
    """The latest change: what every public response's validators are derived from."""
    return ContentChange.objects.order_by("-id").first()


def describe(change: ContentChange, *, base_url: str) -> dict[str, object]:
    """A change as the change feed and the webhooks show it."""
    path = reverse(f"{change.type}-detail", kwargs={"slug": change.slug})
    return {
        "cursor": encode_cursor(change.pk),
        "type": change.type,
        "id": str(change.uid),
        "slug": change.slug,
        "action": change.action,
        "tombstone": change.tombstone,
        "time": change.time.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
        "url": base_url.rstrip("/") + path,
    }
