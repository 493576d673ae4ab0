from django.apps import AppConfig


class SymptomsConfig(AppConfig):
    name = "symptoms"
    verbose_name = "Health content"

    def ready(self) -> None:
        # Imported here: models can be imported only once the app registry is ready.
        from symptoms.changes import capture
        from symptoms.editorial import history
        from symptoms.models.querysets import ContentQuerySet
        from symptoms.search.engine import rank_published

        history.register_models()
        ContentQuerySet.ranking = rank_published
        capture.connect()
