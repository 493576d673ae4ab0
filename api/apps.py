from django.apps import AppConfig
from django.db.models.signals import post_save


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Public API"

    def ready(self) -> None:
        from api.delivery.documents import building as documents
        from symptoms.changes.outbox import worker_pass
        from symptoms.models import ContentChange

        post_save.connect(documents.on_change, sender=ContentChange, dispatch_uid="documents")
        worker_pass.connect(documents.build_missing, dispatch_uid="documents")
