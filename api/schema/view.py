"""The OpenAPI document's view (api.schema.generation shapes it; drf-spectacular generates it)."""

from typing import ClassVar

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView


class SchemaView(SpectacularAPIView):
    """`/api/schema/`: the OpenAPI document, YAML or JSON as negotiated.

    It changes only with a deploy, and generating and rendering it takes most of a second,
    so each process renders it once per format and answers with those bytes. Nothing of the
    request but its format goes into them: the document is the one `make schema` writes.
    """

    renderings: ClassVar[dict[str, bytes]] = {}

    @extend_schema(**SCHEMA_KWARGS)
    def get(self, request, *args, **kwargs):
        renderer = request.accepted_renderer
        body = self.renderings.get(renderer.media_type)
        if body is None:
            generator = self.generator_class(urlconf=self.urlconf, api_version=self.api_version)
            document = generator.get_schema(request=None, public=self.serve_public)
            body = renderer.render(document, renderer.media_type, self.get_renderer_context())
            self.renderings[renderer.media_type] = body
        content_type = renderer.media_type
        if renderer.charset:
            content_type += f"; charset={renderer.charset}"
        disposition = f'inline; filename="{self._get_filename(request, None)}"'
        return HttpResponse(
            body, content_type=content_type, headers={"Content-Disposition": disposition}
        )
