"""Content negotiation that answers an unknown `?format=` with a 400 naming it."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """DRF answers an unknown format with a bare 404; clients deserve to be told what is wrong."""

    def select_renderer(self, request, renderers, format_suffix=None):
        requested = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        available = [renderer.format for renderer in renderers]
        if requested and requested not in available:
            raise ValidationError(
                {"format": f"Unknown format {requested!r}. Available: {', '.join(available)}."}
            )
        return super().select_renderer(request, renderers, format_suffix)
