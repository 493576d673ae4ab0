"""Staff preview: what the public API will return for a record before it goes live."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission

from api.errors import FORBIDDEN
from api.routers import RESOURCES
from api.views import ContentViewSet
from symptoms import models as m
from symptoms.editorial import publishing

# What the mixin is mixed into, for the type checker alone: at run time it is a plain class
# (a ContentViewSet subclass would count as one more resource, see api.routers).
if TYPE_CHECKING:
    _ContentViewSet = ContentViewSet
else:
    _ContentViewSet = object


class MayPreview(BasePermission):
    """The admin's rule (symptoms.editorial.publishing.may_preview) for the resource's model."""

    def has_permission(self, request, view) -> bool:
        model = view.detail_serializer_class.Meta.model
        return request.user is not None and publishing.may_preview(request.user, model)


class PreviewMixin(_ContentViewSet):
    """The public detail of any record, draft or revision, for staff who may see its model."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [MayPreview]
    public_cache = False

    def records(self, model: type[m.ContentEntity]) -> QuerySet:
        return self.read_columns(model.objects.all())

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


def preview_viewset(prefix: str, viewset: type[ContentViewSet]) -> type[ContentViewSet]:
    singular = prefix.rstrip("s").replace("-", " ")
    documented = extend_schema_view(
        retrieve=extend_schema(
            tags=["preview"],
            summary=f"Preview a {singular} before it is published (staff only)",
            description=(
                "Exactly what the public detail will show once this record is published: any "
                "status (draft, in review, a draft revision of a published record), links to "
                "published records only. Needs a staff login to the admin (session cookie) "
                "with permission to view or change this kind of record; anyone else gets "
                "403. Never cached: `Cache-Control: private, no-store`."
            ),
            responses={200: viewset.detail_serializer_class, 403: FORBIDDEN},
        )
    )
    return documented(type(f"{viewset.__name__}Preview", (PreviewMixin, viewset), {}))


urlpatterns = [
    path(
        f"preview/{prefix}/<str:slug>/",
        preview_viewset(prefix, viewset).as_view({"get": "retrieve"}),
        name=f"{basename}-preview",
    )
    for prefix, viewset, basename in RESOURCES
]
