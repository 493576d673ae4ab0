"""The search vectors of the search table (PostgreSQL full-text search)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func
from django.db.models.expressions import CombinedExpression, Expression
from django.db.models.sql.compiler import SQLCompiler

if TYPE_CHECKING:
    from django.db.models.sql.compiler import _AsSqlType

SEARCH_CONFIG = "english"


class OnPostgreSQL(Func):
    """Its expression on PostgreSQL; NULL elsewhere, where search falls back to LIKE."""

    template = "%(expressions)s"

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> _AsSqlType:
        return "NULL", []

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        return super().as_sql(compiler, connection, **extra_context)


def names_search_vector() -> SearchVector:
    """Name and synonyms, which weigh most (A)."""
    return SearchVector("name", "synonyms", weight="A", config=SEARCH_CONFIG)


def short_search_vector() -> CombinedExpression:
    """Name and synonyms weigh most (A), the summary next (B): results are ranked on this."""
    return names_search_vector() + SearchVector("summary", weight="B", config=SEARCH_CONFIG)


def generated_search_vector(vector: Expression) -> models.GeneratedField:
    return models.GeneratedField(
        expression=OnPostgreSQL(vector, output_field=SearchVectorField()),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        help_text="Kept current by the database on every save.",
    )
