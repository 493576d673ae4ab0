from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Public API"

    def ready(self) -> None:
        # Imported here: models can be imported only once the app registry is ready.
        from api import capture

        capture.connect()
