"""Admin for consumers: the change log, webhook endpoints and their deliveries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils import timezone

from symptoms.changes import webhooks
from symptoms.models import ChangeAction, ContentChange, WebhookDelivery, WebhookEndpoint


@admin.register(ContentChange)
class ContentChangeAdmin(admin.ModelAdmin):
    """The outbox, read-only: what the change feed and the webhooks announce."""

    list_display = ["id", "time", "type", "slug", "action"]
    list_filter = ["action", "type"]
    search_fields = ["slug", "uid"]
    date_hierarchy = "time"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WebhookEndpointForm(forms.ModelForm):
    """An endpoint's settings; the secret is set when it is added and only replaced after."""

    url = forms.URLField(label="URL", max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=ChangeAction.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=ChangeAction.values,
        help_text="The changes this consumer is sent.",
    )
    #: The secret this save generated, for the page to show once; None when it kept one.
    generated_secret: str | None = None

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "active"]


class WebhookEndpointAddForm(WebhookEndpointForm):
    secret = forms.CharField(
        required=False,
        min_length=24,
        max_length=200,
        widget=forms.PasswordInput,
        help_text="Leave blank to have a strong one generated and shown once after saving, or "
        "enter the consumer's (at least 24 characters). The consumer checks each delivery's "
        "X-Webhook-Signature with it.",
    )

    class Meta(WebhookEndpointForm.Meta):
        fields = ["url", "description", "secret", "events", "active"]

    def clean_secret(self) -> str:
        if secret := self.cleaned_data["secret"]:
            return secret
        self.generated_secret = webhooks.new_secret()
        return self.generated_secret


class WebhookEndpointChangeForm(WebhookEndpointForm):
    new_secret = forms.BooleanField(
        required=False,
        label="Generate a new secret",
        help_text="Shown once after saving. Deliveries are signed with it from then on: the "
        "consumer must switch to it.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("new_secret"):
            self.generated_secret = self.instance.secret = webhooks.new_secret()
        return cleaned


DELIVERY_FIELDS = ["change", "status", "attempts", "response_code", "next_attempt_at", "last_error"]


class RecentDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = [*DELIVERY_FIELDS]
    readonly_fields = DELIVERY_FIELDS
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Endpoints; a secret is shown in full only once, on the page after it was set."""

    form = WebhookEndpointChangeForm
    add_form = WebhookEndpointAddForm
    list_display = ["url", "description", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "description"]
    readonly_fields = ["masked_secret"]
    inlines = [RecentDeliveryInline]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_form.Meta.fields
        return ["url", "description", "masked_secret", "new_secret", "events", "active"]

    def get_form(
        self,
        request: HttpRequest,
        obj: WebhookEndpoint | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[WebhookEndpoint]]:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description="secret")
    def masked_secret(self, obj) -> str:
        return webhooks.masked(obj.secret)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.generated_secret:
            self.message_user(
                request,
                f"The secret of {obj.url} is {form.generated_secret} — give it to the "
                "consumer now: it is not shown again.",
                messages.WARNING,
            )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Each delivery with its outcome; failed ones can be sent again."""

    list_display = [
        "id",
        "endpoint",
        "change",
        "status",
        "response_code",
        "attempts",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "endpoint"]
    list_select_related = ["endpoint", "change"]
    readonly_fields = [
        "endpoint",
        "change",
        "status",
        "attempts",
        "response_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
    ]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send the selected deliveries again now")
    def retry_now(self, request, queryset):
        count = queryset.exclude(status=WebhookDelivery.Status.DELIVERED).update(
            status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(request, f"{count} delivery(ies) queued again.", messages.SUCCESS)
