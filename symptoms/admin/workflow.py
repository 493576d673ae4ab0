"""The editors' workflow in the admin: moves, lost-edit guard, preview, history and revert."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin

from symptoms import kinds
from symptoms.editorial import history, publishing, reverting
from symptoms.models import ContentEntity, Expert
from symptoms.models.links import Link
from symptoms.models.relations import related_model
from symptoms.models.rendering import render_markdown

WORKFLOW_READONLY = ["status", "published_at", "reviewed_by", "last_reviewed", "next_review_due"]


class ContentAdminForm(forms.ModelForm):
    """Carries the version the editor loaded, so that a save cannot overwrite a newer one."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_comment = forms.CharField(
        required=False,
        max_length=500,
        help_text="What you changed and why, for the history.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.pk:
            try:
                publishing.check_version(
                    self.instance, expected_version=cleaned.get("loaded_version") or 0
                )
            except publishing.StaleEditError as error:
                raise ValidationError(str(error), code="stale") from error
        return cleaned


class CommentForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text="What the editors should change."
    )


class ApproveForm(CommentForm):
    reviewer = forms.ModelChoiceField(
        Expert.objects.all(), help_text="The expert who reviewed the content medically."
    )
    next_review_due = forms.DateField(
        required=False,
        help_text="When it must be reviewed again (YYYY-MM-DD). A year from today if empty.",
    )


class PublishForm(CommentForm):
    at = forms.DateTimeField(
        label="Publish at",
        required=False,
        help_text="Leave empty to publish now; a future date and time schedules it (UTC).",
    )
    allow_past = forms.BooleanField(
        label="Back-date the publication",
        required=False,
        help_text="Tick to record a “Publish at” time in the past as the publication time.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if publishing.is_back_dated(cleaned.get("at")) and not cleaned.get("allow_past"):
            self.add_error(
                "at",
                "This time is in the past. Leave it empty to publish now, or tick "
                "“Back-date the publication” to publish with this earlier time.",
            )
        return cleaned


MOVE_FORMS: dict[str, type[forms.Form]] = {
    "approve": ApproveForm,
    "request_changes": RequestChangesForm,
    "publish": PublishForm,
}


class PartInlineMixin(InlineModelAdmin):
    """Links and parts can be changed only while their record can."""

    def _record_editable(self, obj: ContentEntity | None) -> bool:
        return obj is None or publishing.is_editable(obj)

    def has_add_permission(self, request: HttpRequest, obj: ContentEntity | None = None) -> bool:
        return self._record_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: ContentEntity | None = None) -> bool:
        return self._record_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: ContentEntity | None = None) -> bool:
        return self._record_editable(obj) and super().has_delete_permission(request, obj)


class WorkflowAdmin(VersionAdmin):
    """Content admin whose every write goes through symptoms.editorial.publishing."""

    form = ContentAdminForm
    change_form_template = "admin/symptoms/content/change_form.html"
    object_history_template = "admin/symptoms/content/object_history.html"
    change_list_template = None
    history_latest_first = True
    actions: Sequence[Callable[..., HttpResponseBase | None] | str] = [
        "submit_selected",
        "publish_selected",
        "archive_selected",
    ]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or publishing.is_editable(obj)
        )

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(publishing.permission_name(self.model, "publish"))

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *WORKFLOW_READONLY]
        return [*readonly, "slug"] if obj is not None and obj.revision_of_id else readonly

    def get_prepopulated_fields(self, request, obj=None):
        return (
            {}
            if obj is not None and obj.revision_of_id
            else super().get_prepopulated_fields(request, obj)
        )

    def get_urls(self):
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        view = self.admin_site.admin_view
        own = [
            path("<path:object_id>/move/<str:move>/", view(self.move_view), name=f"{prefix}_move"),
            path("<path:object_id>/preview/", view(self.preview_view), name=f"{prefix}_preview"),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{prefix}_compare",
            ),
        ]
        # Recovering a deleted record would bring back its old status without a review.
        kept = [url for url in super().get_urls() if "recover" not in str(url.pattern)]
        return own + kept

    def _url(self, view: str, *args) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

    def _get_record(self, request: HttpRequest, object_id: str) -> ContentEntity:
        record = self._find(request, object_id)
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        return record

    def _find(self, request: HttpRequest, object_id: str) -> ContentEntity:
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404(f"No {self.model._meta.verbose_name} with ID {object_id}.")
        return record

    def _context(self, request: HttpRequest, record: ContentEntity, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": record,
            "object_id": record.pk,
            **extra,
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_moves"] = publishing.allowed_moves(obj, request.user)
            context["open_revision"] = getattr(obj, "open_revision", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        request.change_comment = form.cleaned_data.get("change_comment", "")
        publishing.save_draft(
            obj, expected_version=form.cleaned_data.get("loaded_version"), by=request.user
        )

    def _add_change_comment(self, request, entry) -> None:
        comment = getattr(request, "change_comment", "")
        if comment:
            reversion.set_comment(f"{entry.get_change_message()} — {comment}")

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._add_change_comment(request, entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._add_change_comment(request, entry)
        return entry

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except publishing.WorkflowError as error:
            # Only a race the form's own check could not see ends here; nothing was saved.
            messages.error(request, str(error))
            return redirect(request.path)

    def move_view(self, request: HttpRequest, object_id: str, move: str) -> HttpResponse:
        record = self._get_record(request, object_id)
        if move not in publishing.MOVES:
            raise Http404(f"Unknown workflow move “{move}”.")
        form_class = MOVE_FORMS.get(move, CommentForm)
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                result = getattr(publishing, move)(record, by=request.user, **form.cleaned_data)
            except publishing.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{publishing.MOVES[move].label}: done for “{result}”.")
                return redirect(self._url("change", quote(result.pk)))
        context = self._context(
            request,
            record,
            form=form,
            move=publishing.MOVES[move],
            title=publishing.MOVES[move].label,
        )
        return TemplateResponse(request, "admin/symptoms/content/move.html", context)

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        record = self._find(request, object_id)
        if not publishing.may_preview(request.user, self.model):
            raise PermissionDenied
        links = []
        for rel in history.owned_relations(self.model):
            part_model = related_model(rel)
            targets = [
                f
                for f in part_model._meta.concrete_fields
                if f.is_relation
                and f.name != rel.field.name
                and issubclass(related_model(f), ContentEntity)
            ]
            if not targets:
                continue
            assert issubclass(part_model, Link), part_model  # only links name other content
            target = targets[0].name
            items = part_model.objects.filter(**{rel.field.name: record})
            public = items.published(target).select_related(target)
            hidden = items.exclude(pk__in=public.values("pk")).select_related(target)
            links.append(
                {
                    "label": part_model._meta.verbose_name,
                    "public": [(getattr(link, target), link.note) for link in public],
                    "hidden": [getattr(link, target) for link in hidden],
                }
            )
        context = self._context(
            request,
            record,
            title=f"Preview: {record}",
            body_html=render_markdown(record.body),
            links=links,
            api_preview_url=reverse(
                f"{kinds.of_model(self.model).name}-preview", kwargs={"slug": record.slug}
            ),
        )
        response = TemplateResponse(request, "admin/symptoms/content/preview.html", context)
        response["Cache-Control"] = "private, no-store"
        return response

    def history_view(self, request, object_id, extra_context=None):
        record = self._get_record(request, object_id)
        action_list = [
            {
                "version": version,
                "revision": version.revision,
                "url": self._url("revision", quote(record.pk), version.pk),
            }
            for version in history.versions_of(record)
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        record = self._get_record(request, object_id)
        versions = history.versions_of(record)

        def pick(key: str):
            value = request.GET.get(key, "current")
            if value == "current":
                return "Current", history.snapshot_of_record(record)
            version = get_object_or_404(versions, pk=value)
            return version, history.snapshot_of_version(version)

        (old_label, old), (new_label, new) = pick("old"), pick("new")
        context = self._context(
            request,
            record,
            title=f"Compare versions of {record}",
            old_label=old_label,
            new_label=new_label,
            differences=history.compare(old, new),
        )
        return TemplateResponse(request, "admin/symptoms/content/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Show what reverting would change; revert on POST (drafts only, links included)."""
        record = self._get_record(request, object_id)
        version = get_object_or_404(history.versions_of(record), pk=version_id)
        if request.method == "POST":
            try:
                reverting.revert(
                    record,
                    version=version,
                    by=request.user,
                    comment=request.POST.get("comment", ""),
                )
            except publishing.WorkflowError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"“{record}” is back to the chosen version.")
            return redirect(self._url("change", quote(record.pk)))
        context = self._context(
            request,
            record,
            title=f"Revert {record}",
            version=version,
            can_revert=publishing.is_editable(record)
            and request.user.has_perm(publishing.permission_name(self.model, "change")),
            differences=history.compare(
                history.snapshot_of_record(record), history.snapshot_of_version(version)
            ),
        )
        return TemplateResponse(request, "admin/symptoms/content/revert.html", context)

    def _bulk(self, request, queryset, move: str) -> None:
        done, refused = 0, []
        for record in queryset:
            try:
                getattr(publishing, move)(record, by=request.user)
                done += 1
            except publishing.WorkflowError as error:
                refused.append(f"{record}: {error}")
        if done:
            label = publishing.MOVES[move].label
            self.message_user(request, f"{label}: {done} record(s).", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(description="Submit selected records for review")
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit_for_review")

    @admin.action(description="Publish selected records", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="Archive selected records", permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._bulk(request, queryset, "archive")
