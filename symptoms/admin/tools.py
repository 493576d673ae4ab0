"""Editors' tools in the admin: article import with review, content bundles, content checks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from symptoms.editorial.checks import ERROR, check_content
from symptoms.exchange.bundle_import import import_bundle
from symptoms.exchange.bundles import BundleError, dumps, export_bundle, loads
from symptoms.exchange.importing import ArticleImportError, ImportPlan, apply_plan, build_plan
from symptoms.exchange.importing.parser import MAX_ARTICLE_LENGTH
from symptoms.exchange.importing.plan import SKIP
from symptoms.models import Expert

# A file this size holds at most as many characters as the parser accepts.
MAX_ARTICLE_BYTES = MAX_ARTICLE_LENGTH


def refuse_larger_than(upload, limit: int) -> None:
    """Refuse an upload over `limit` bytes before reading it."""
    if upload is not None and upload.size > limit:
        raise forms.ValidationError(
            f"The file is {filesizeformat(upload.size)}; at most {filesizeformat(limit)} "
            "is accepted.",
            code="too_large",
        )


class ArticleForm(forms.Form):
    text = forms.CharField(
        label="Article",
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        required=False,
        max_length=MAX_ARTICLE_LENGTH,
        help_text="Paste the article (plain text or Markdown): a title, then its sections.",
    )
    file = forms.FileField(label="or upload the file", required=False)
    expert = forms.ModelChoiceField(
        Expert.objects.all(),
        required=False,
        help_text="Whose expert opinion the article quotes, if any. Otherwise it stays text.",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        refuse_larger_than(upload, MAX_ARTICLE_BYTES)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("file")
        if upload:
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("The file is not UTF-8 text.") from error
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("Paste an article or upload its file.")
        return data


class BundleForm(forms.Form):
    file = forms.FileField(label="Bundle", help_text="A JSON file written by export_content.")
    publish = forms.BooleanField(
        label="Publish as the bundle says",
        required=False,
        help_text="Otherwise new records are drafts for review, and records in review or live "
        "are left as they are. Needs the publish permission.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refuse_larger_than(upload, settings.BUNDLE_UPLOAD_MAX_BYTES)
        return upload


def _context(request: HttpRequest, title: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": title, **extra}


def _apply_choices(plan: ImportPlan, data) -> list[str]:
    """The editor's choices from the review screen; returns what could not be applied."""
    errors = []
    for item in plan.links:
        slug = data.get(f"slug-{item.index}", "").strip()
        value = f"existing:{slug}" if slug else data.get(f"choice-{item.index}", item.value)
        try:
            plan.choose(item.index, value)
        except (ValueError, StopIteration) as error:
            errors.append(str(error))
    return errors


def import_article_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("symptoms.add_symptom"):
        raise PermissionDenied
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return TemplateResponse(
            request,
            "admin/symptoms/import_article.html",
            _context(request, "Import an article", form=form),
        )
    text, expert = form.cleaned_data["text"], form.cleaned_data["expert"]
    try:
        plan = build_plan(text)
    except ValueError as error:
        form.add_error("text", str(error))
        return TemplateResponse(
            request,
            "admin/symptoms/import_article.html",
            _context(request, "Import an article", form=form),
        )
    errors = _apply_choices(plan, request.POST) if "save" in request.POST else []
    if "save" in request.POST and not errors:
        try:
            result = apply_plan(plan, expert=expert)
        except ArticleImportError as error:
            errors.append(str(error))
        else:
            messages.success(
                request,
                f"Created the draft symptom '{result.symptom}' with "
                f"{len(result.linked)} link(s) to existing records and "
                f"{len(result.created)} new draft record(s). Nothing was published.",
            )
            return redirect("admin:symptoms_symptom_change", result.symptom.pk)
    return TemplateResponse(
        request,
        "admin/symptoms/import_review.html",
        _context(
            request,
            f"Review the import of '{plan.name}'",
            plan=plan,
            text=text,
            expert=expert,
            errors=errors,
            skip=SKIP,
        ),
    )


def import_bundle_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    form = BundleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            summary = import_bundle(
                loads(form.cleaned_data["file"].read()),
                by=request.user,
                publish=form.cleaned_data["publish"],
            )
        except BundleError as error:
            form.add_error("file", f"Nothing was imported. {error}")
        else:
            messages.success(request, f"Imported the bundle: {summary}.")
            return redirect("admin:symptoms_symptom_changelist")
    return TemplateResponse(
        request,
        "admin/symptoms/import_bundle.html",
        _context(request, "Import a content bundle", form=form),
    )


def check_content_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("symptoms.view_symptom"):
        raise PermissionDenied
    findings = check_content()
    errors = sum(1 for finding in findings if finding.severity == ERROR)
    return TemplateResponse(
        request,
        "admin/symptoms/check_content.html",
        _context(
            request,
            "Content checks",
            findings=findings,
            errors=errors,
            warnings=len(findings) - errors,
        ),
    )


def _download(bundle: dict, prefix: str) -> HttpResponse:
    response = HttpResponse(dumps(bundle), content_type="application/json; charset=utf-8")
    name = f"{prefix}-bundle-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@admin.action(description="Export selected records (with what they link to) as a bundle")
def export_selected_bundle(modeladmin, request, queryset) -> HttpResponse:
    return _download(export_bundle(records=queryset), queryset.model._meta.model_name)


def export_all_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("symptoms.view_symptom"):
        raise PermissionDenied
    return _download(export_bundle(), "content")


def tool_urls(model_admin: admin.ModelAdmin) -> list:
    """URLs under the symptom admin; names are admin:symptoms_<tool>."""
    wrap = model_admin.admin_site.admin_view
    return [
        path("import-article/", wrap(import_article_view), name="symptoms_import_article"),
        path("import-bundle/", wrap(import_bundle_view), name="symptoms_import_bundle"),
        path("export-bundle/", wrap(export_all_view), name="symptoms_export_bundle"),
        path("checks/", wrap(check_content_view), name="symptoms_check_content"),
    ]
