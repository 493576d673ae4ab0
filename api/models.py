"""API keys: issued and revoked in the admin, stored hashed, each with an optional quota."""

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework_api_key.models import AbstractAPIKey

from api.rates import parse_rate


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
