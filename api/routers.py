"""The API surface: every resource of version 1, registered in one place."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import routers, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.schemas.inspectors import DefaultSchema

from api import feed, views
from symptoms.kinds import KINDS


def _resources() -> list[tuple[str, type[views.ContentViewSet], str]]:
    """(URL prefix, viewset, basename) of each kind, in the order of `symptoms.kinds.KINDS`.

    The basename is the kind's public name: serializers reverse `<name>-detail`.
    """
    by_kind = {viewset.kind: viewset for viewset in views.ContentViewSet.__subclasses__()}
    missing = [kind.name for kind in KINDS if kind not in by_kind]
    assert not missing, f"No ContentViewSet subclass in api/views.py has the kind {missing}."
    return [(kind.url_plural, by_kind[kind], kind.name) for kind in KINDS]


RESOURCES = _resources()
CHANGES = ("changes", feed.ChangeFeedViewSet, "change")


class ApiRootView(routers.APIRootView):
    """The resources of version 1, each with the absolute URL of its list."""

    authentication_classes = []
    permission_classes = [AllowAny]
    schema = DefaultSchema()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        views.check_query_parameters(request, {"format"})

    @extend_schema(
        tags=["index"],
        summary="List the resources",
        description="Every resource of version 1 with the absolute URL of its list.",
        responses=inline_serializer(
            "ApiRoot",
            {prefix: serializers.URLField() for prefix, _, _ in [*RESOURCES, CHANGES]},
        ),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class Router(routers.DefaultRouter):
    APIRootView = ApiRootView
    include_format_suffixes = False


router = Router()
ROUTES: list[tuple[str, type[viewsets.ViewSetMixin], str]] = [*RESOURCES, CHANGES]
for prefix, viewset, basename in ROUTES:
    router.register(prefix, viewset, basename=basename)
