"""API keys in the admin: the key is shown once, on creation; revoking is final."""

from django.contrib import admin
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from api.models import ApiKey

# The library's own key model is not used: ours carries the per-key rate limit.
admin.site.unregister(APIKey)


@admin.register(ApiKey)
class ApiKeyAdmin(APIKeyModelAdmin):
    # The library's attributes are typed as tuples of their exact length, not as Django's.
    list_display = [*APIKeyModelAdmin.list_display, "rate"]  # type: ignore[assignment]
    search_fields = [*APIKeyModelAdmin.search_fields, "contact"]  # type: ignore[assignment]
    fields = ["name", "contact", "rate", "expiry_date", "revoked", "prefix"]
