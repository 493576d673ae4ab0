"""Headers every API response carries: the content licence and the attribution it requires."""

from django.conf import settings


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
