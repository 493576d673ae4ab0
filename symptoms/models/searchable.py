"""The search vectors of the search table (PostgreSQL full-text search)."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Func

SEARCH_CONFIG = "english"


class OnPostgreSQL(Func):
    """Its expression on PostgreSQL; NULL elsewhere, where search falls back to LIKE."""

    template = "%(expressions)s"

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, **extra_context)


def names_search_vector() -> SearchVector:
    """Name and synonyms, which weigh most (A)."""
    return SearchVector("name", "synonyms", weight="A", config=SEARCH_CONFIG)


def short_search_vector() -> SearchVector:
    """Name and synonyms weigh most (A), the summary next (B): results are ranked on this."""
    return names_search_vector() + SearchVector("summary", weight="B", config=SEARCH_CONFIG)


def generated_search_vector(vector: SearchVector) -> models.GeneratedField:
    return models.GeneratedField(
        expression=OnPostgreSQL(vector, output_field=SearchVectorField()),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        help_text="Kept current by the database on every save.",
    )
