"""API keys: issued and revoked in the admin, stored hashed, each with an optional quota."""

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework_api_key.models import AbstractAPIKey

from api.consumers.rates import parse_rate


def validate_rate(value: str) -> None:
    try:
        parse_rate(value)
    except ValueError as error:
        raise ValidationError(str(error)) from error


class ApiKey(AbstractAPIKey):
    """A consumer's key: `Authorization: Api-Key <key>` or `X-API-Key: <key>` raises its quota."""

    rate = models.CharField(
        "rate limit",
        max_length=30,
        blank=True,
        validators=[validate_rate],
        help_text="This key's own limit, e.g. 5000/min or 100/s; `none` for no limit. "
        "Empty: the default for keys (API_KEY_RATE).",
    )
    contact = models.EmailField(blank=True, help_text="Whom to tell about changes and abuse.")

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API key"
        verbose_name_plural = "API keys"


class Document(models.Model):
    """A published record's detail as the API returns it, rendered ahead of the request.

    Built after every change the outbox records for the record (see api.delivery.documents); served
    only while no later change of the record is recorded and no linked record scheduled for
    later has gone public (`expires_at`).
    """

    type = models.CharField(
        max_length=40, help_text="The record's kind (its public name), as in the outbox."
    )
    uid = models.UUIDField()
    slug = models.SlugField(max_length=200)
    body = models.BinaryField(help_text="The JSON, its own absolute URLs at a placeholder origin.")
    change_id = models.BigIntegerField(
        help_text="The latest outbox change when it was rendered: what it includes."
    )
    format = models.CharField(
        max_length=32,
        help_text="The fingerprint of the code that rendered it (a deploy retires it).",
    )
    built_at = models.DateTimeField()
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="When a linked record scheduled for later goes public."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "uid"], name="unique_document_record")
        ]
        indexes = [models.Index(fields=["type", "slug"], name="document_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.type} {self.slug}"
