"""Stored documents: each published record's detail rendered when it changes, served as bytes.

Building a detail costs tens of milliseconds (model instances and the serializer tree);
reading stored bytes costs one indexed query. Content changes rarely and is read often, so a
record's document is built after the commit of every change the outbox records for it: its
own edits and those of everything its detail shows (symptoms.changes.outbox records those too).

A document is served only while it is current: rendered by this code (a deploy that changes
how output is shaped retires every document, see `output_format`), with no change of its
record recorded after the one it was rendered at (so a build that lost a race is never
served), and with no linked record scheduled for later gone public since (`expires_at`).
Otherwise the view renders the detail with its serializer, as it does when no document
exists: documents only ever save time. The serializers stay the one definition of the
output; a document is their bytes.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request

from api.models import Document
from symptoms.changes import dependents
from symptoms.models import ContentChange

# Rendered URLs point here; each response puts its own scheme and host in its place. The
# .invalid top-level domain is reserved (RFC 2606): no real link contains it.
PLACEHOLDER_ORIGIN = "https://document.invalid"
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


# What decides a detail's bytes: the views' querysets, serializers, rendering, the content
# model and the published rule, and the libraries that turn them into JSON and HTML.
OUTPUT_CODE = (
    "api/views.py",
    "api/renderers.py",
    "api/serializers",
    "symptoms/models/rendering.py",
    "symptoms/models/querysets.py",
    "symptoms/models/base.py",
    "symptoms/models/entities.py",
    "symptoms/models/links.py",
    "symptoms/models/symptom.py",
)
OUTPUT_LIBRARIES = ("Django", "djangorestframework", "orjson", "Markdown", "nh3")


@functools.cache
def output_format() -> str:
    """A fingerprint of the code and libraries that shape the output."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.blake2b(digest_size=16)
    for name in OUTPUT_CODE:
        path = root / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(source.read_bytes())
    for library in OUTPUT_LIBRARIES:
        digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()


def viewsets() -> dict[str, type]:
    """The public viewset of each content model, by model name (the outbox's `type`)."""
    from api.routers import RESOURCES

    return {basename: viewset for _, viewset, basename in RESOURCES}


def _detail_view(viewset: type):
    view = viewset(action="retrieve", format_kwarg=None, kwargs={}, args=())
    view.request = Request(_RenderingRequest("/"))
    view.request.accepted_renderer = view.renderer_classes[0]()
    view.request.accepted_media_type = view.request.accepted_renderer.media_type
    view.selected_fields = None
    view.headers = {}
    return view


def build(type_: str, uids: Iterable) -> int:
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


def _store(type_: str, uids: list, documents: list[Document], change_id: int) -> None:
    """Replace the stored documents of `uids` (dropping those of records no longer public),
    unless what is stored was rendered from a later change."""
    with transaction.atomic():
        stored = Document.objects.select_for_update().filter(type=type_, uid__in=uids)
        later = set(stored.filter(change_id__gt=change_id).values_list("uid", flat=True))
        stored.exclude(uid__in=later).delete()
        Document.objects.bulk_create([d for d in documents if d.uid not in later])


# The one rule for serving a stored document `d`: rendered by this code, not expired, and no
# change of its record recorded after the one it was rendered at. Fixed SQL: on the request
# path, building the query with the ORM cost more than running it.
_SERVABLE = (
    "d.format = %s AND (d.expires_at IS NULL OR d.expires_at > %s)"
    f" AND NOT EXISTS (SELECT 1 FROM {ContentChange._meta.db_table} c"
    " WHERE c.type = d.type AND c.uid = d.uid AND c.id > d.change_id)"
)


def _servable_params(using: str = "default") -> list:
    now = connections[using].ops.adapt_datetimefield_value(timezone.now())
    return [output_format(), now]


def build_all(types: Iterable[str] | None = None, *, missing_only: bool = False) -> int:
    """Build the documents of every public record (or only of those without a current one)."""
    built = 0
    for type_, viewset in viewsets().items():
        if types is not None and type_ not in types:
            continue
        records = viewset.detail_serializer_class.Meta.model.objects.published()
        if missing_only:
            servable = RawSQL(
                f"SELECT d.uid FROM {Document._meta.db_table} d WHERE d.type = %s AND " + _SERVABLE,
                [type_, *_servable_params()],
            )
            records = records.exclude(uid__in=servable)
        built += build(type_, records.values_list("uid", flat=True).iterator())
    return built


def body_for(request, type_: str, slug: str) -> bytes | None:
    """The stored detail of the record at `slug`, with this request's origin; None if none."""
    using = router.db_for_read(Document)
    sql = f"SELECT d.body FROM {Document._meta.db_table} d WHERE d.type = %s AND d.slug = %s"
    with connections[using].cursor() as cursor:
        cursor.execute(f"{sql} AND {_SERVABLE} LIMIT 1", [type_, slug, *_servable_params(using)])
        row = cursor.fetchone()
    if row is None:
        return None
    origin = f"{request.scheme}://{request.get_host()}"
    return bytes(row[0]).replace(PLACEHOLDER_ORIGIN.encode(), origin.encode())


def build_missing(**kwargs) -> int:
    """The worker's pass (`symptoms.changes.signals.worker_pass`): build what edits left."""
    return build_all(missing_only=True)


class _Pending:
    """The records changed in one transaction: their documents are built after its commit,
    unless they are more than `DOCUMENTS_INLINE_LIMIT` (a rename shown by hundreds of
    records): the editor does not wait for those, the background worker builds them."""

    def __init__(self) -> None:
        self.uids: dict[str, set] = defaultdict(set)
        self.done = False

    def __call__(self) -> None:
        self.done = True
        uids = {type_: ids for type_, ids in self.uids.items() if type_ in viewsets()}
        if sum(map(len, uids.values())) > settings.DOCUMENTS_INLINE_LIMIT:
            return
        for type_, ids in uids.items():
            build(type_, ids)


def on_change(sender, instance: ContentChange, created: bool, raw: bool = False, **kwargs):
    """`post_save` of the outbox: the record's document is rebuilt once the change commits."""
    if raw or not created:
        return
    using = kwargs.get("using") or router.db_for_write(Document)
    waiting = connections[using].run_on_commit
    pending = next(
        (call for _, call, _ in waiting if isinstance(call, _Pending) and not call.done), None
    )
    if pending is not None:
        pending.uids[instance.type].add(instance.uid)
        return
    pending = _Pending()
    pending.uids[instance.type].add(instance.uid)
    transaction.on_commit(pending, using=using, robust=True)
