"""The editorial workflow: every status change and every content save goes through here."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import reversion
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from symptoms.editorial import history, link_rules
from symptoms.models import ContentEntity, ContentStatus, Expert
from symptoms.models.relations import related_model

User = AbstractUser | AnonymousUser
DRAFT, IN_REVIEW = ContentStatus.DRAFT, ContentStatus.IN_REVIEW
PUBLISHED, ARCHIVED = ContentStatus.PUBLISHED, ContentStatus.ARCHIVED
REVIEW_INTERVAL = datetime.timedelta(days=365)
# "Publish at" this close before now is "now" typed by hand, not a back-dated publication.
BACK_DATING_TOLERANCE = datetime.timedelta(minutes=1)
# Not copied from a draft revision onto the record it replaces.
IDENTITY_FIELDS = {"id", "uid", "slug", "revision_of", "created_at", "updated_at", "version"}


class WorkflowError(Exception):
    """A move that the workflow, or the user's role, does not allow."""


class StaleEditError(WorkflowError):
    """The record changed since the editor loaded it: saving would overwrite someone's work."""

    def __init__(self, record: ContentEntity, *, expected_version: int) -> None:
        self.record = record
        self.expected_version = expected_version
        self.last_change = history.last_change(record)
        by = f" by {self.last_change}" if self.last_change else ""
        super().__init__(
            f"Someone else changed this {record._meta.verbose_name} while you were editing it"
            f"{by}. Your changes were not saved: copy them from the form, reload the page to "
            "see the other changes, then apply yours again."
        )


@dataclass(frozen=True)
class Move:
    """A workflow move: the permission it needs and the statuses it starts from."""

    name: str
    label: str
    permission: str
    sources: tuple[str, ...]


MOVES = {
    move.name: move
    for move in (
        Move("submit_for_review", "Submit for review", "change", (DRAFT,)),
        Move("approve", "Approve", "review", (IN_REVIEW,)),
        Move("request_changes", "Request changes", "review", (IN_REVIEW,)),
        Move("publish", "Publish", "publish", (IN_REVIEW,)),
        Move("unpublish", "Unpublish", "publish", (PUBLISHED,)),
        Move("archive", "Archive", "publish", (DRAFT, IN_REVIEW, PUBLISHED)),
        Move("new_revision", "Start a new revision", "change", (PUBLISHED,)),
    )
}


def permission_name(model: type[ContentEntity], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def is_editable(record: ContentEntity) -> bool:
    """Only drafts take content edits: text under review or live changes only through review."""
    return record.status == DRAFT


def may_preview(user: User, model: type[ContentEntity]) -> bool:
    """Active staff with the model's view or change permission see its unpublished records,
    in the admin's preview page and in the preview API alike."""
    return (
        user.is_active
        and user.is_staff
        and (
            user.has_perm(permission_name(model, "view"))
            or user.has_perm(permission_name(model, "change"))
        )
    )


def allowed_moves(record: ContentEntity, user: User) -> list[Move]:
    """The moves `user` may make on `record` now (for buttons; the moves check again)."""
    moves = [
        move
        for move in MOVES.values()
        if record.status in move.sources
        and user.has_perm(permission_name(type(record), move.permission))
    ]
    if record.revision_of_id:
        moves = [move for move in moves if move.name not in {"archive", "new_revision"}]
    elif hasattr(record, "open_revision"):
        moves = [move for move in moves if move.name != "new_revision"]
    return moves


def _check(record: ContentEntity, user: User, move_name: str) -> None:
    move = MOVES[move_name]
    verbose_name = record._meta.verbose_name
    if not user.has_perm(permission_name(type(record), move.permission)):
        raise WorkflowError(
            f"You may not {move.label.lower()} a {verbose_name}: your role lacks the "
            f"“{move.permission}” permission for {record._meta.verbose_name_plural}."
        )
    if record.status not in move.sources:
        allowed = " or ".join(ContentStatus(s).label.lower() for s in move.sources)
        raise WorkflowError(
            f"“{record}” is {record.get_status_display().lower()}: only a {verbose_name} that "
            f"is {allowed} can be sent to “{move.label}”."
        )


def locked(record: ContentEntity) -> ContentEntity:
    return type(record)._base_manager.select_for_update().get(pk=record.pk)


def original_of(revision: ContentEntity) -> ContentEntity:
    """The published record a draft revision replaces."""
    original = revision.revision_of
    assert original is not None, revision
    return original


def save_change(record: ContentEntity, fields: Iterable[str], *, by: User, comment: str) -> None:
    record.version += 1
    with reversion.create_revision():
        record.save(update_fields=[*fields, "version", "updated_at"])
        if by.is_authenticated:
            reversion.set_user(by)
        reversion.set_comment(comment)


def comment_for(action: str, comment: str) -> str:
    return f"{action}: {comment}" if comment else f"{action}."


def is_back_dated(at: datetime.datetime | None, *, now: datetime.datetime | None = None) -> bool:
    """Whether publishing at `at` would claim the record went live earlier than it did."""
    return at is not None and at < (now or timezone.now()) - BACK_DATING_TOLERANCE


def check_publishable(
    record: ContentEntity, *, at: datetime.datetime, now: datetime.datetime
) -> None:
    problems = link_rules.problems(record)
    if problems:
        raise WorkflowError(" ".join(problems))
    original = record.revision_of
    if original is not None and at > now and original.status != PUBLISHED:
        raise WorkflowError(
            f"“{original}” is {original.get_status_display().lower()}: a draft revision is "
            "scheduled only while the record it replaces is live. Publish it now, or publish "
            "the record first."
        )


def back_to_draft(record: ContentEntity, *, by: User, comment: str) -> None:
    record.status, record.published_at = DRAFT, None
    save_change(record, ["status", "published_at"], by=by, comment=comment)


def revisions_of(record: ContentEntity) -> QuerySet[ContentEntity]:
    """The record's draft revision, as a query: at most one row (revision_of is one-to-one).

    A Q object, not a keyword: django-stubs' mypy plugin crashes on a keyword lookup of a
    relation to "self" declared on an abstract model, as revision_of is on ContentEntity.
    """
    return type(record)._base_manager.filter(Q(revision_of=record))


def cancel_scheduled_revision(record: ContentEntity, *, by: User, reason: str) -> None:
    """Send the record's scheduled revision, if any, back to draft, saying why."""
    for revision in revisions_of(record).select_for_update().filter(status=PUBLISHED):
        back_to_draft(revision, by=by, comment=f"Scheduled publication cancelled: {reason}.")


def check_version(record: ContentEntity, *, expected_version: int) -> None:
    """Lock the record until the transaction ends; refuse if it changed since it was loaded."""
    current = locked(record)
    if current.version != expected_version:
        raise StaleEditError(current, expected_version=expected_version)


@transaction.atomic
def save_draft(record: ContentEntity, *, expected_version: int | None, by: User) -> ContentEntity:
    """Save an editor's changes to a draft, refusing to overwrite a newer version."""
    action = "change" if record.pk else "add"
    if not by.has_perm(permission_name(type(record), action)):
        raise WorkflowError(f"You may not {action} {record._meta.verbose_name_plural}.")
    if record.pk is None:
        record.save()
        return record
    stored = type(record)._base_manager.filter(pk=record.pk)
    if not stored.filter(status=DRAFT).exists():
        raise WorkflowError(
            f"Only drafts can be edited. Start a new revision to change a published "
            f"{record._meta.verbose_name}."
        )
    if expected_version is None or not stored.filter(version=expected_version).update(
        version=F("version") + 1
    ):
        raise StaleEditError(record, expected_version=expected_version or 0)
    record.version = expected_version + 1
    record.save()
    return record


@transaction.atomic
def submit_for_review(record: ContentEntity, *, by: User, comment: str = "") -> ContentEntity:
    """Hand a draft to the medical reviewers; any earlier review no longer covers the text."""
    record = locked(record)
    _check(record, by, "submit_for_review")
    record.status, record.reviewed_by, record.last_reviewed = IN_REVIEW, None, None
    fields = ["status", "reviewed_by", "last_reviewed"]
    save_change(record, fields, by=by, comment=comment_for("Submitted for review", comment))
    return record


@transaction.atomic
def approve(
    record: ContentEntity,
    *,
    by: User,
    reviewer: Expert,
    next_review_due: datetime.date | None = None,
    comment: str = "",
) -> ContentEntity:
    """Record a completed medical review: who reviewed, when, and when to review again."""
    record = locked(record)
    _check(record, by, "approve")
    today = timezone.localdate()
    next_review_due = next_review_due or today + REVIEW_INTERVAL
    if next_review_due <= today:
        raise WorkflowError("The next review must be due after today.")
    record.reviewed_by, record.last_reviewed = reviewer, today
    record.next_review_due = next_review_due
    fields = ["reviewed_by", "last_reviewed", "next_review_due"]
    save_change(
        record, fields, by=by, comment=comment_for(f"Approved (reviewer: {reviewer})", comment)
    )
    return record


@transaction.atomic
def request_changes(record: ContentEntity, *, by: User, comment: str) -> ContentEntity:
    """Send a record under review back to the editors, saying what to change."""
    record = locked(record)
    _check(record, by, "request_changes")
    if not comment.strip():
        raise WorkflowError("Say what should change: a comment is required.")
    record.status, record.reviewed_by, record.last_reviewed = DRAFT, None, None
    fields = ["status", "reviewed_by", "last_reviewed"]
    save_change(record, fields, by=by, comment=comment_for("Changes requested", comment))
    return record


@transaction.atomic
def publish(
    record: ContentEntity,
    *,
    by: User,
    at: datetime.datetime | None = None,
    allow_past: bool = False,
    comment: str = "",
) -> ContentEntity:
    """Publish a reviewed record now, or at `at` (scheduled). Returns the record now live.

    A time in the past is refused unless `allow_past` confirms the back-dating.
    """
    if record.revision_of_id:
        locked(original_of(record))  # originals before revisions, as archive and the job lock
    record = locked(record)
    _check(record, by, "publish")
    if not (record.reviewed_by_id and record.last_reviewed):
        raise WorkflowError("Publishing needs a completed medical review: approve it first.")
    if not record.next_review_due:
        raise WorkflowError("Publishing needs a next review due date.")
    now = timezone.now()
    if is_back_dated(at, now=now) and not allow_past:
        raise WorkflowError(
            f"“Publish at” ({at:%Y-%m-%d %H:%M} UTC) is in the past: leave it empty to publish "
            "now, or confirm that the publication is back-dated."
        )
    at = at or now
    check_publishable(record, at=at, now=now)
    when = "Published" if at <= now else f"Scheduled for {at:%Y-%m-%d %H:%M} UTC"
    if record.revision_of_id and at <= now:
        when = "Published a draft revision"
        return merge_revision(record, at=at, by=by, comment=comment_for(when, comment))
    record.status, record.published_at = PUBLISHED, at
    save_change(record, ["status", "published_at"], by=by, comment=comment_for(when, comment))
    return record


@transaction.atomic
def unpublish(record: ContentEntity, *, by: User, comment: str = "") -> ContentEntity:
    """Take a record (or a scheduled revision) back to draft, out of public view."""
    record = locked(record)
    _check(record, by, "unpublish")
    cancel_scheduled_revision(record, by=by, reason="the live record was unpublished")
    back_to_draft(record, by=by, comment=comment_for("Unpublished", comment))
    return record


@transaction.atomic
def archive(record: ContentEntity, *, by: User, comment: str = "") -> ContentEntity:
    """Take a record out of use; links to it disappear from the API with it."""
    record = locked(record)
    _check(record, by, "archive")
    if record.revision_of_id:
        raise WorkflowError("A draft revision is not archived: delete it to discard it.")
    cancel_scheduled_revision(record, by=by, reason="the live record was archived")
    record.status = ARCHIVED
    save_change(record, ["status"], by=by, comment=comment_for("Archived", comment))
    return record


@transaction.atomic
def new_revision(record: ContentEntity, *, by: User, comment: str = "") -> ContentEntity:
    """Copy a published record, links included, into a draft; the record stays live."""
    record = locked(record)
    _check(record, by, "new_revision")
    if record.revision_of_id:
        raise WorkflowError("This is already a draft revision.")
    existing = revisions_of(record).first()
    if existing is not None:
        raise WorkflowError(f"“{record}” already has a draft revision: edit that one.")
    model = type(record)
    copy = model(
        **{
            f.attname: getattr(record, f.attname)
            for f in model._meta.concrete_fields
            if f.name not in IDENTITY_FIELDS
        }
    )
    copy.uid, copy.slug, copy.revision_of = uuid.uuid4(), f"{record.slug[:190]}--revision", record
    copy.status, copy.published_at, copy.reviewed_by, copy.last_reviewed = DRAFT, None, None, None
    with reversion.create_revision():
        copy.save()
        for rel in history.owned_relations(model):
            for part in related_model(rel)._base_manager.filter(**{rel.field.name: record}):
                part.pk, part._state.adding = None, True
                setattr(part, rel.field.attname, copy.pk)
                part.save()
        for f in history.plain_m2m_fields(model):
            getattr(copy, f.name).set(getattr(record, f.name).all())
        reversion.add_to_revision(copy)
        if by.is_authenticated:
            reversion.set_user(by)
        reversion.set_comment(comment_for(f"Draft revision of “{record}” started", comment))
    return copy


def merge_revision(
    revision: ContentEntity, *, at: datetime.datetime, by: User, comment: str
) -> ContentEntity:
    """Replace the live record's content and links with its revision's, keeping uid and slug."""
    model = type(revision)
    original = locked(original_of(revision))
    for f in model._meta.concrete_fields:
        if f.name not in IDENTITY_FIELDS | {"status", "published_at"}:
            setattr(original, f.attname, getattr(revision, f.attname))
    with reversion.create_revision():
        for rel in history.owned_relations(model):
            parts = related_model(rel)._base_manager
            parts.filter(**{rel.field.name: original}).delete()
            parts.filter(**{rel.field.name: revision}).update(**{rel.field.name: original})
        for f in history.plain_m2m_fields(model):
            getattr(original, f.name).set(getattr(revision, f.name).all())
        revision.delete()
        original.status, original.published_at = PUBLISHED, at
        original.version += 1
        original.save()
        if by.is_authenticated:
            reversion.set_user(by)
        reversion.set_comment(comment)
    return original
