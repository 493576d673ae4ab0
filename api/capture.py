"""What an outbox change sets off in the API (each receiver of api is connected here, by
`connect()`): the stored documents of the changed records are built once the change commits
(`documents.on_change`), and the worker's every pass builds those still missing
(`documents.build_missing`). What sets the outbox off is told in symptoms.changes.capture.
"""

from __future__ import annotations

from django.db.models.signals import post_save

from api.delivery.documents import building as documents
from symptoms.changes.signals import worker_pass
from symptoms.models import ContentChange


def connect() -> None:
    """Connect every receiver of api (ApiConfig.ready() calls this; a second call changes
    nothing)."""
    post_save.connect(documents.on_change, sender=ContentChange, dispatch_uid="documents")
    worker_pass.connect(documents.build_missing, dispatch_uid="documents")
