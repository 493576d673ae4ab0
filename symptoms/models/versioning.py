"""The public version's row (symptoms.changes.versioning): epoch, scheduled publications."""

from django.db import models


class ContentVersion(models.Model):
    """`counter` is the epoch: it moves when public content changes without an outbox row
    (scheduled content going public, a bulk load). With the latest outbox row it is the
    public version that caches key on."""

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
