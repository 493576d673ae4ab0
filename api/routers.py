"""The API surface: every resource of version 1, registered in one place."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import routers, serializers
from rest_framework.permissions import AllowAny
from rest_framework.schemas.inspectors import DefaultSchema

from api import feed, views

RESOURCES = [
    # (URL prefix, viewset, basename: the model's name, which serializers' URLs reverse)
    ("symptoms", views.SymptomViewSet, "symptom"),
    ("conditions", views.ConditionViewSet, "condition"),
    ("causes", views.CauseViewSet, "cause"),
    ("diagnostics", views.DiagnosticViewSet, "diagnostic"),
    ("specialists", views.SpecialistViewSet, "specialist"),
    ("treatments", views.TreatmentViewSet, "treatment"),
    ("nutrients", views.NutrientViewSet, "nutrient"),
    ("dietary-sources", views.DietarySourceViewSet, "dietarysource"),
    ("body-regions", views.BodyRegionViewSet, "bodyregion"),
]


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
for prefix, viewset, basename in [*RESOURCES, CHANGES]:
    router.register(prefix, viewset, basename=basename)
