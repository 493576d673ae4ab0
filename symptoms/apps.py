from django.apps import AppConfig


class SymptomsConfig(AppConfig):
    name = "symptoms"
    verbose_name = "Health content"

    def ready(self) -> None:
        from symptoms import history, versioning

        history.register_models()
        versioning.connect(self.label)
