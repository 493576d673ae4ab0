"""Admin index figures for the editorial team: reviews overdue, records waiting, scheduled."""

from django import template
from django.urls import reverse
from django.utils import timezone

from symptoms.editorial import history
from symptoms.models import ContentStatus

register = template.Library()


@register.inclusion_tag("admin/symptoms/dashboard.html", takes_context=True)
def editorial_dashboard(context: template.Context) -> dict:
    user = context["request"].user
    rows = []
    for model in history.content_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        records = model.objects.exclude(status=ContentStatus.ARCHIVED)
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        rows.append(
            {
                "name": opts.verbose_name_plural,
                "changelist": changelist,
                "overdue": records.originals().review_overdue().count(),
                "in_review": records.filter(status=ContentStatus.IN_REVIEW).count(),
                "scheduled": records.filter(
                    status=ContentStatus.PUBLISHED, published_at__gt=timezone.now()
                ).count(),
            }
        )
    return {"rows": rows, "overdue_total": sum(row["overdue"] for row in rows)}
