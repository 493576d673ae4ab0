"""URL configuration: the admin, the API and the health probes."""

from django.contrib import admin
from django.urls import include, path

from healthcontent.health import healthz, readyz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

handler400 = "api.errors.bad_request"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
