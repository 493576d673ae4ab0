"""What every resource's output shares: identity, text, review data, sources, sparse fields."""

from rest_framework import serializers

from symptoms import models as m
from symptoms.rendering import render_markdown

LIST_FIELDS = ["id", "slug", "name", "url", "summary", "updated_at"]
TEXT_FIELDS = ["id", "slug", "name", "url", "summary", "synonyms", "body_html", "body_markdown"]
RECORD_FIELDS = ["review", "sources", "published_at", "updated_at"]


class MarkdownHtmlField(serializers.CharField):
    """Markdown rendered to sanitized HTML."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> str:
        return render_markdown(value)


class SparseFieldsMixin:
    """Keeps only the top-level fields the view selected from `?fields=` (all by default)."""

    def get_fields(self):
        fields = super().get_fields()
        selected = self.context.get("selected_fields")
        if not selected:
            return fields
        return {name: field for name, field in fields.items() if name in selected}


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


class ContentListSerializer(SparseFieldsMixin, serializers.ModelSerializer):
    """A record in short, as lists show it."""

    id = serializers.UUIDField(
        source="uid",
        read_only=True,
        help_text="The record's stable ID: it never changes, even when the name or slug does.",
    )

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
