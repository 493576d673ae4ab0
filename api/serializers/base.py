"""What every resource's output shares: identity, text, review data, sources, sparse fields."""

import copy
from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.urls import reverse
from rest_framework import serializers

from symptoms import kinds
from symptoms import models as m
from symptoms.models.rendering import render_markdown

LIST_FIELDS = ["id", "slug", "name", "url", "summary", "updated_at"]
TEXT_FIELDS = ["id", "slug", "name", "url", "summary", "synonyms", "body_html", "body_markdown"]
RECORD_FIELDS = ["review", "sources", "published_at", "updated_at"]

# The classes the mixins below are mixed into, for the type checker alone: at run time the
# mixins are plain classes, so that each takes its place in its serializer's order.
if TYPE_CHECKING:
    _HyperlinkedField = serializers.HyperlinkedRelatedField
    _ModelSerializer = serializers.ModelSerializer
else:
    _HyperlinkedField = _ModelSerializer = object


class MarkdownHtmlField(serializers.CharField):
    """Markdown rendered to sanitized HTML."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> str:
        return render_markdown(value)


def detail_view_name(model: type[models.Model]) -> str:
    """The URL name of a content model's detail: its kind's name (api.routers' basenames)."""
    return f"{kinds.of_model(model).name}-detail"


SLUG_MARK = "slug-mark-0"


def slug_url(request, view_name: str, slug: str) -> str:
    """The absolute URL of `view_name` for `slug`, reversed once per request and view.

    A detail shows dozens of linked records; reversing and building each absolute URL anew
    was a fifth of a list's rendering time.
    """
    templates = request.__dict__.setdefault("_slug_url_templates", {})
    template = templates.get(view_name)
    if template is None:
        path = reverse(view_name, kwargs={"slug": SLUG_MARK})
        template = templates[view_name] = request.build_absolute_uri(path).rpartition(SLUG_MARK)
    before, _, after = template
    return f"{before}{slug}{after}"


class SlugUrlMixin(_HyperlinkedField):
    """Hyperlinks by slug through `slug_url`."""

    def get_url(self, obj, view_name, request, format):
        if request is None or format or self.lookup_field != "slug":
            return super().get_url(obj, view_name, request, format)
        return slug_url(request, view_name, obj.slug)


class DetailUrlField(SlugUrlMixin, serializers.HyperlinkedIdentityField):
    """The record's own detail URL, absolute."""


class LinkedUrlField(SlugUrlMixin, serializers.HyperlinkedRelatedField):
    """A linked record's detail URL, absolute."""


class PrebuiltFieldsMixin(_ModelSerializer):
    """Builds a model serializer's fields from the model's metadata once per class.

    DRF introspects the model for every serializer instance, that is on every request: a
    tenth of a list's time. The fields depend on the class alone, so each instance gets a
    copy of the ones built first (unbound; DRF binds them to the instance).
    """

    _prebuilt_fields: ClassVar[dict[str, serializers.Field]]

    def get_fields(self):
        built = type(self).__dict__.get("_prebuilt_fields")
        if built is None:
            built = super().get_fields()
            type(self)._prebuilt_fields = built
        return copy.deepcopy(built)


class SparseFieldsMixin(_ModelSerializer):
    """Keeps only the top-level fields the view selected from `?fields=` (all by default);
    a linked record shown inside the record is always whole."""

    def get_fields(self):
        fields = super().get_fields()
        selected = self.context.get("selected_fields")
        if not selected or not self.is_top_level():
            return fields
        return {name: field for name, field in fields.items() if name in selected}

    def is_top_level(self) -> bool:
        """The record the view answers, or an item of the list it answers."""
        parent = self.parent
        return parent is None or (
            isinstance(parent, serializers.ListSerializer) and parent.parent is None
        )


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Source
        fields = ["title", "publisher", "url", "accessed_on"]


class ExpertSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Expert
        fields = ["name", "title", "credentials"]


class ReviewSerializer(serializers.Serializer):
    """Who checked the record medically, when, and when it is checked again."""

    reviewer = ExpertSerializer(source="reviewed_by", read_only=True, allow_null=True)
    last_reviewed = serializers.DateField(read_only=True, allow_null=True)
    next_review_due = serializers.DateField(read_only=True, allow_null=True)


class ContentListSerializer(SparseFieldsMixin, PrebuiltFieldsMixin, serializers.ModelSerializer):
    """A record in short, as lists show it."""

    serializer_url_field = DetailUrlField

    id = serializers.UUIDField(
        source="uid",
        read_only=True,
        help_text="The record's stable ID: it never changes, even when the name or slug does.",
    )

    def build_url_field(self, field_name, model_class):
        """The detail URL, by the route of the record's kind (see api.routers)."""
        field_class, field_kwargs = super().build_url_field(field_name, model_class)
        return field_class, {**field_kwargs, "view_name": detail_view_name(model_class)}

    class Meta:
        fields = LIST_FIELDS
        extra_kwargs = {
            "url": {"lookup_field": "slug", "help_text": "The record's detail, absolute."},
            "slug": {"help_text": "The URL key (changes if the record is renamed; `id` does not)."},
        }


class ContentDetailSerializer(ContentListSerializer):
    """A whole record: text, review data and sources (subclasses add the links)."""

    synonyms = serializers.ListField(
        source="synonym_list",
        child=serializers.CharField(),
        read_only=True,
        help_text="Other names people use for it.",
    )
    body_html = MarkdownHtmlField(source="body", help_text="The full text as sanitized HTML.")
    body_markdown = serializers.CharField(
        source="body", read_only=True, help_text="The full text as the editors wrote it (Markdown)."
    )
    review = ReviewSerializer(source="*", read_only=True)
    sources = SourceSerializer(many=True, read_only=True, help_text="What it was written from.")

    class Meta(ContentListSerializer.Meta):
        fields = [*TEXT_FIELDS, *RECORD_FIELDS]


class MedicalCodeSerializer(serializers.Serializer):
    system = serializers.ChoiceField(choices=m.CodeSystem.choices, read_only=True)
    code = serializers.CharField(read_only=True, help_text="For example G35 (in ICD-10).")
