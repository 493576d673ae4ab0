"""The content version: one row whose counter moves with every change of public content."""

from django.db import models


class ContentVersion(models.Model):
    """Bumped in the same transaction as every content change; caches key on it."""

    counter = models.BigIntegerField(default=0)
    next_change = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The earliest scheduled publication still to come: the content changes then.",
    )
    last_went_public = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When content scheduled for later last went public (the first read after "
        "its time): public responses changed then without a change of their own.",
    )

    class Meta:
        verbose_name = "content version"

    def __str__(self) -> str:
        return f"content version {self.counter}"
