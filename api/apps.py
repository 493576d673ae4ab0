from django.apps import AppConfig
from django.db.models.signals import post_save


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Public API"

    def ready(self) -> None:
        from api import documents
        from symptoms.models import ContentChange

        post_save.connect(documents.on_change, sender=ContentChange, dispatch_uid="documents")
