"""Records in the workflow states that the publishing tests start from."""

from symptoms.editorial import publishing


def approved(record, editor, reviewer, expert):
    record = publishing.submit_for_review(record, by=editor)
    return publishing.approve(record, by=reviewer, reviewer=expert)


def scheduled_revision(record, *, at, editor, reviewer, publisher, expert, **changes):
    """A reviewed draft revision of `record`, with `changes`, scheduled to replace it at `at`."""
    revision = publishing.new_revision(record, by=editor)
    type(revision)._base_manager.filter(pk=revision.pk).update(**changes)
    revision = approved(revision, editor, reviewer, expert)
    return publishing.publish(revision, by=publisher, at=at)


def link_to_revision(factory, target_field: str, revision, **fields):
    """A link whose target is a draft revision, as rows written straight into the database
    (or before links were checked) can be: the revision is its own record while it is made."""
    model = type(revision)
    original_id = revision.revision_of_id
    model._base_manager.filter(pk=revision.pk).update(revision_of=None)
    try:
        return factory(**{target_field: revision}, **fields)
    finally:
        model._base_manager.filter(pk=revision.pk).update(revision_of=original_id)
