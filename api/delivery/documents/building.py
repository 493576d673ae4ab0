"""Building stored documents: each detail rendered by its public viewset, after the commit
of the changes the outbox records for it (and by the worker for what edits left)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.viewsets import GenericViewSet

from api.delivery.documents.serving import (
    PLACEHOLDER_ORIGIN,
    SERVABLE,
    output_format,
    servable_params,
)
from api.models import Document
from api.routers import RESOURCES
from symptoms.changes import dependents
from symptoms.models import ContentChange

BATCH = 200


class _RenderingRequest(HttpRequest):
    """A GET of a detail at the placeholder origin (not a host ALLOWED_HOSTS must know)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = path
        self.META = {"HTTP_ACCEPT": "application/json", "SERVER_PORT": "443"}

    def get_host(self) -> str:
        return PLACEHOLDER_ORIGIN.removeprefix("https://")

    def _get_scheme(self) -> str:
        return "https"


def viewsets() -> dict[str, type[GenericViewSet[Any]]]:
    """The public viewset of each content model, by model name (the outbox's `type`)."""
    return {basename: viewset for _, viewset, basename in RESOURCES}


def _detail_view(viewset: type[GenericViewSet[Any]]) -> Any:
    view: Any = viewset(action="retrieve", format_kwarg=None, kwargs={}, args=())
    view.request = Request(_RenderingRequest("/"))
    view.request.accepted_renderer = view.renderer_classes[0]()
    view.request.accepted_media_type = view.request.accepted_renderer.media_type
    view.selected_fields = None
    view.headers = {}
    return view


def build(type_: str, uids: Iterable[Any]) -> int:
    """Render and store the documents of these records (those still public); returns how many.

    A document already stored from a later change is kept.
    """
    uids = list(uids)
    view = _detail_view(viewsets()[type_])
    renderer = view.request.accepted_renderer
    built = 0
    for start in range(0, len(uids), BATCH):
        batch = uids[start : start + BATCH]
        # Read before rendering: the records are at least as new as this change.
        change_id = ContentChange.objects.order_by("-id").values_list("id", flat=True).first()
        scheduled = dependents.models_with_scheduled_records()
        now = timezone.now()
        records = list(view.get_queryset().filter(uid__in=batch))
        # One serializer for the batch: its fields are built once, not once per record.
        rendered = view.get_serializer(records, many=True).data
        documents = [
            Document(
                type=type_,
                uid=record.uid,
                slug=record.slug,
                body=renderer.render(data, renderer.media_type, {"view": view}),
                change_id=change_id or 0,
                format=output_format(),
                built_at=now,
                expires_at=dependents.next_linked_publication(record, scheduled),
            )
            for record, data in zip(records, rendered, strict=True)
        ]
        _store(type_, batch, documents, change_id or 0)
        built += len(documents)
    return built


def _store(type_: str, uids: list[Any], documents: list[Document], change_id: int) -> None:
    """Replace the stored documents of `uids` (dropping those of records no longer public),
    unless what is stored was rendered from a later change."""
    with transaction.atomic():
        stored = Document.objects.select_for_update().filter(type=type_, uid__in=uids)
        later = set(stored.filter(change_id__gt=change_id).values_list("uid", flat=True))
        stored.exclude(uid__in=later).delete()
        Document.objects.bulk_create([d for d in documents if d.uid not in later])


def build_all(types: Iterable[str] | None = None, *, missing_only: bool = False) -> int:
    """Build the documents of every public record (or only of those without a current one)."""
    built = 0
    for type_, viewset in viewsets().items():
        if types is not None and type_ not in types:
            continue
        records = viewset.detail_serializer_class.Meta.model.objects.published()  # type: ignore[attr-defined]
        if missing_only:
            servable = RawSQL(
                f"SELECT d.uid FROM {Document._meta.db_table} d WHERE d.type = %s AND " + SERVABLE,
                [type_, *servable_params()],
            )
            records = records.exclude(uid__in=servable)
        built += build(type_, records.values_list("uid", flat=True).iterator())
    return built


def build_missing(**kwargs: Any) -> int:
    """The worker's pass (`symptoms.changes.signals.worker_pass`): build what edits left."""
    return build_all(missing_only=True)


class _Pending:
    """The records changed in one transaction: their documents are built after its commit,
    unless they are more than `DOCUMENTS_INLINE_LIMIT` (a rename shown by hundreds of
    records): the editor does not wait for those, the background worker builds them."""

    def __init__(self) -> None:
        self.uids: dict[str, set[Any]] = defaultdict(set)
        self.done = False

    def __call__(self) -> None:
        self.done = True
        uids = {type_: ids for type_, ids in self.uids.items() if type_ in viewsets()}
        if sum(map(len, uids.values())) > settings.DOCUMENTS_INLINE_LIMIT:
            return
        for type_, ids in uids.items():
            build(type_, ids)


def on_change(
    sender: type[ContentChange],
    instance: ContentChange,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    """`post_save` of the outbox: the record's document is rebuilt once the change commits."""
    if raw or not created:
        return
    using = kwargs.get("using") or router.db_for_write(Document)
    waiting = connections[using].run_on_commit
    calls = (entry[1] for entry in waiting)  # (savepoints, function, robust)
    pending = next((call for call in calls if isinstance(call, _Pending) and not call.done), None)
    if pending is not None:
        pending.uids[instance.type].add(instance.uid)
        return
    pending = _Pending()
    pending.uids[instance.type].add(instance.uid)
    transaction.on_commit(pending, using=using, robust=True)
