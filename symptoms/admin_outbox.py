"""Admin for consumers: the change log, webhook endpoints and their deliveries."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

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
    url = forms.URLField(label="URL", max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=ChangeAction.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=ChangeAction.values,
        help_text="The changes this consumer is sent.",
    )
    secret = forms.CharField(
        min_length=24,
        max_length=200,
        help_text="At least 24 characters, shared with the consumer, who checks each "
        "delivery's X-Webhook-Signature with it.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "secret", "events", "active"]


class RecentDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ["change", "status", "attempts", "response_code", "next_attempt_at", "last_error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "description", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "description"]
    inlines = [RecentDeliveryInline]


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
