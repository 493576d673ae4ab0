"""Put scheduled content live: run it every few minutes (cron, systemd timer, CronJob)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from symptoms.editorial import history, scheduling
from symptoms.models import ContentStatus


class Command(BaseCommand):
    help = (
        "Publish the draft revisions whose scheduled time has come (they replace the live "
        "record), and report what is scheduled next. Safe to run as often as you like."
    )

    def handle(self, *args, **options) -> None:
        for record in scheduling.publish_due_revisions():
            self.stdout.write(
                f"Published the scheduled revision of {record._meta.verbose_name} “{record}”."
            )
        now = timezone.now()
        for model in history.content_models():
            upcoming = model._base_manager.filter(
                status=ContentStatus.PUBLISHED, published_at__gt=now
            ).order_by("published_at")
            for record in upcoming:
                self.stdout.write(
                    f"Scheduled: {record._meta.verbose_name} “{record}” at "
                    f"{record.published_at:%Y-%m-%d %H:%M} UTC."
                )
