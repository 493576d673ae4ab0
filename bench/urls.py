"""The benchmark server's URLs: the product's, plus a bare baseline view production never has."""

import os

from django.http import HttpResponse
from django.test import Client
from django.urls import path

from healthcontent.urls import urlpatterns as product_urlpatterns

_body: bytes | None = None


def baseline(request):
    """The bytes of one symptom detail, from memory: the framework's limit on this machine."""
    global _body
    if _body is None:
        response = Client(HTTP_HOST="127.0.0.1").get(os.environ["BENCH_BASELINE_PATH"])
        _body = response.content
    return HttpResponse(_body, content_type="application/json")


urlpatterns = [path("bench/baseline/", baseline), *product_urlpatterns]
