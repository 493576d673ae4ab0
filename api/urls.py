"""The API's URLs: the versioned resources and their OpenAPI documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from api.routers import router
from api.schema.view import SchemaView

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/", include("api.preview")),
    path("v1/", include("api.search_urls")),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
