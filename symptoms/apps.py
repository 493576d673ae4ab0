from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete


class SymptomsConfig(AppConfig):
    name = "symptoms"
    verbose_name = "Health content"

    def ready(self) -> None:
        from symptoms.changes import outbox as changes
        from symptoms.changes import versioning
        from symptoms.editorial import history
        from symptoms.models import Expert, Source
        from symptoms.models.links import Link
        from symptoms.search import index

        history.register_models()
        versioning.connect(self.label)
        index.connect()
        # Saves of content records are recorded by ContentEntity.save(); deletions and links
        # (saved by admin inlines and querysets alike) are only seen through signals.
        for model in changes.content_models():
            pre_delete.connect(
                changes.record_deletion, sender=model, dispatch_uid=f"outbox-{model}"
            )
        for model in Link.__subclasses__():
            if not model._meta.abstract:
                post_save.connect(changes.record_link_change, sender=model)
                post_delete.connect(changes.record_link_change, sender=model)
        # Sources and experts are shared by records and change their responses too.
        for model in (Source, Expert):
            post_save.connect(changes.record_shared_change, sender=model)
            pre_delete.connect(changes.record_shared_change, sender=model)
