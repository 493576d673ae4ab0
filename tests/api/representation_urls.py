"""A stand-in public endpoint for the representation cache's tests, counting its calls."""

from django.http import HttpResponse, JsonResponse
from django.urls import path

from symptoms import models as m

calls: list[str] = []


def symptom(request, slug):
    calls.append(slug)
    record = m.Symptom.objects.published().get(slug=slug)
    links = record.condition_links.select_related("condition")
    response = JsonResponse(
        {"name": record.name, "conditions": [link.condition.name for link in links]}
    )
    response["Cache-Control"] = request.GET.get("cache_control", "max-age=60")
    return response


def page(request):
    calls.append("page")
    return HttpResponse("<p>hello</p>")


def missing(request):
    calls.append("missing")
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [
    path("api/v1/probe/<slug:slug>/", symptom),
    path("api/v1/page/", page),
    path("api/v1/missing/", missing),
    path("elsewhere/<slug:slug>/", symptom),
]
