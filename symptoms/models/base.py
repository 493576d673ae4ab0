"""What every content record shares: identity, text, publication state and medical review."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import models, router, transaction
from django.db.models import F, Q

from symptoms.models.querysets import ContentQuerySet
from symptoms.models.rendering import validate_markdown
from symptoms.models.signals import content_saved

if TYPE_CHECKING:  # the stubs are a development dependency
    from django_stubs_ext import StrOrPromise


class ContentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Source(models.Model):
    """A citation: an article, guideline or paper a record was written from."""

    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    accessed_on = models.DateField(null=True, blank=True, help_text="When the source was read.")

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "publisher"], name="unique_source_title")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title


class Expert(models.Model):
    """A medical professional who reviews content or is quoted in it."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200, blank=True, help_text="For example: Neurologist.")
    credentials = models.CharField(max_length=200, blank=True, help_text="For example: MD, PhD.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name


def workflow_permissions(model_name: str) -> list[tuple[str, StrOrPromise]]:
    """The review and publish permissions of one content model (symptoms.editorial.publishing)."""
    return [
        (f"review_{model_name}", f"Can review {model_name} medically"),
        (f"publish_{model_name}", f"Can publish, unpublish and archive {model_name}"),
    ]


class ContentEntity(models.Model):
    """Abstract base of every public content record."""

    uid = models.UUIDField(
        "stable ID",
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Never changes, even when the name or slug does. API clients key on it.",
    )
    name = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The URL key. Changing it breaks old links."
    )
    synonyms = models.TextField(
        blank=True,
        help_text="Other names people search for, one per line (e.g. myokymia, fasciculations).",
    )
    summary = models.TextField(blank=True, help_text="One or two plain sentences.")
    body = models.TextField(
        blank=True, help_text="The full text, in Markdown.", validators=[validate_markdown]
    )
    status = models.CharField(
        max_length=20, choices=ContentStatus.choices, default=ContentStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When it went (or goes) live."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Increases on every save; guards against lost edits."
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="+")
    reviewed_by = models.ForeignKey(
        Expert,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The expert who last reviewed this content medically.",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(
        null=True, blank=True, help_text="When the content must be reviewed again."
    )
    revision_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="open_revision",
        help_text="The published record this draft revision will replace when it is published.",
    )

    # Declared for mypy: django-stubs adds `_id` attributes to concrete models only, and not
    # for a relation to "self" declared here.
    revision_of_id: int | None

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True)
                | Q(last_reviewed__isnull=True)
                | Q(next_review_due__gte=F("last_reviewed")),
                name="%(class)s_review_due_after_last_review",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="%(class)s_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="%(class)s_public_idx"),
            # Public lists in their default order, and their counts, from the index alone.
            models.Index(
                fields=["name"],
                include=["published_at"],
                condition=Q(status="published", revision_of__isnull=True),
                name="%(class)s_public_name_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, then send `content_saved` in the same transaction: what it sets off (the
        outbox entry above all) commits with the edit, or not at all."""
        using = router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            created = self._state.adding or self.pk is None
            was_public = not created and self._stored_row_is_public()
            super().save(*args, **kwargs)
            content_saved.send(
                sender=type(self),
                instance=self,
                created=created,
                was_public=was_public,
                using=using,
            )

    save.alters_data = True  # type: ignore[attr-defined]  # a flag Django reads on the function

    def _stored_row_is_public(self) -> bool:
        return type(self)._default_manager.published().filter(pk=self.pk).exists()

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]
