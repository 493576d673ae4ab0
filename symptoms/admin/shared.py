"""Admin of the records content shares (sources, experts): no change to live content
without the publish permission (see symptoms.editorial.shared_records)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from symptoms.editorial import shared_records
from symptoms.editorial.publishing import User, WorkflowError


class SharedRecordForm(forms.ModelForm):
    """Checks the rule again on save: content may have gone into review since the page
    was loaded."""

    user: User | None = None  # set per request by SharedRecordAdmin.get_form

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.pk:
            assert self.user is not None, "set by SharedRecordAdmin.get_form"
            try:
                shared_records.check_change(self.instance, self.user)
            except WorkflowError as error:
                raise ValidationError(str(error), code="in_use") from error
        return cleaned


class SharedRecordAdmin(admin.ModelAdmin):
    form = SharedRecordForm

    def get_form(
        self, request: HttpRequest, obj: Any | None = None, change: bool = False, **kwargs: Any
    ) -> type[SharedRecordForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        assert issubclass(form, SharedRecordForm), form  # made from self.form
        form.user = request.user  # a class made for this request by modelform_factory
        return form

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or shared_records.may_change(obj, request.user)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or shared_records.may_change(obj, request.user)
        )

    def get_deleted_objects(self, objs, request):
        """The bulk delete action asks only here, not has_delete_permission per record."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            if not shared_records.may_change(obj, request.user):
                perms_needed.add(f"{obj._meta.verbose_name} “{obj}” (used by live content)")
        return deleted, counts, perms_needed, protected

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if obj is not None and super().has_change_permission(request, obj):
            reason = shared_records.refusal(obj, request.user)
            if reason:
                messages.warning(request, reason)
        return super().change_view(request, object_id, form_url, extra_context)
