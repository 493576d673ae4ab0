"""Middleware of the API: licence headers, and API keys with quotas."""

import math

from django.conf import settings
from django.http import JsonResponse

from api.consumers.quotas import ClientRateThrottle, InvalidApiKey
from api.errors import error_body


class ContentLicenseMiddleware:
    """Adds `X-Content-License`, `X-Content-Attribution` and `Link: <...>; rel="license"`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/api/"):
            response["X-Content-License"] = settings.CONTENT_LICENSE
            response["X-Content-Attribution"] = settings.CONTENT_ATTRIBUTION
            link = f'<{settings.CONTENT_LICENSE_URL}>; rel="license"'
            existing = response.get("Link")
            response["Link"] = f"{existing}, {link}" if existing else link
        return response


# The whole API counts: the resources, and the OpenAPI document with its pages.
QUOTA_PATH = "/api/"


class QuotaMiddleware:
    """API keys and quotas for every API request, before a cached answer can be replayed.

    It runs ahead of the representation cache so that a cache hit counts against the
    client's quota like any other request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(QUOTA_PATH):
            return self.get_response(request)
        throttle = ClientRateThrottle()
        try:
            allowed = throttle.allow_request(request, None)
        except InvalidApiKey as refused:
            return JsonResponse(
                error_body(401, refused.default_code, str(refused.detail)), status=401
            )
        if not allowed:
            wait = math.ceil(throttle.wait())
            message = f"{throttle.message} Expected available in {wait} seconds."
            response = JsonResponse(error_body(429, "throttled", message), status=429)
            response["Retry-After"] = str(wait)
            return response
        return self.get_response(request)
