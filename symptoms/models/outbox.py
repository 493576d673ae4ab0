"""The outbox of public content changes, and the webhook consumers it is delivered to."""

from django.db import models
from django.utils import timezone

from symptoms.changes.webhook_targets import validate_webhook_url


class ChangeAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    PUBLISH = "publish", "Published"
    UNPUBLISH = "unpublish", "Unpublished"
    ARCHIVE = "archive", "Archived"
    DELETE = "delete", "Deleted"


TOMBSTONE_ACTIONS = frozenset({ChangeAction.UNPUBLISH, ChangeAction.ARCHIVE, ChangeAction.DELETE})


class ContentChange(models.Model):
    """One change of public content, written in the transaction of the edit itself.

    The change feed and the webhooks both read this table; its id orders changes exactly as
    they were committed (see symptoms.changes.outbox), so a cursor on it never skips one.
    """

    id = models.BigAutoField(primary_key=True)
    type = models.CharField(max_length=40, help_text="The record's kind, e.g. symptom.")
    uid = models.UUIDField("stable ID", db_index=True)
    slug = models.SlugField(max_length=200, db_index=False)
    action = models.CharField(max_length=20, choices=ChangeAction.choices)
    time = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "content change"

    def __str__(self) -> str:
        return f"{self.type} {self.slug}: {self.action}"

    @property
    def tombstone(self) -> bool:
        """The record left public view: consumers should remove their copy."""
        return self.action in TOMBSTONE_ACTIONS


def latest_change_id() -> int | None:
    """New endpoints start from now: they are not sent the whole history."""
    return ContentChange.objects.order_by("-pk").values_list("pk", flat=True).first()


def default_events() -> list[str]:
    return list(ChangeAction.values)


class WebhookEndpoint(models.Model):
    """A consumer's URL that receives a signed POST for each change of public content."""

    url = models.URLField(
        "URL",
        max_length=500,
        validators=[validate_webhook_url],
        help_text="http:// or https:// on a public address: loopback, private and link-local "
        "hosts are refused.",
    )
    description = models.CharField(max_length=200, blank=True, help_text="Who this consumer is.")
    secret = models.CharField(
        max_length=200,
        help_text="Shared with the consumer; signs every delivery (HMAC-SHA256). Keep it long.",
    )
    events = models.JSONField(
        default=default_events,
        help_text="The change actions delivered: create, update, publish, unpublish, archive, "
        "delete.",
    )
    active = models.BooleanField(default=True, help_text="Inactive endpoints receive nothing.")
    last_change = models.ForeignKey(
        ContentChange,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        default=latest_change_id,
        help_text="Changes up to this one have been queued for this endpoint.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One change sent (or to be sent) to one endpoint, with the outcome of its attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    change = models.ForeignKey(ContentChange, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "change"], name="unique_delivery")
        ]

    def __str__(self) -> str:
        return f"{self.change} → {self.endpoint}"
