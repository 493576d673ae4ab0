"""Typed access to model relations, for code that walks a model's fields."""

from __future__ import annotations

from typing import Any

from django.db import models


def related_model(field: models.Field[Any, Any] | models.ForeignObjectRel) -> type[models.Model]:
    """The model at the other end of a relation.

    Once the apps are loaded, Django has resolved it to a class; the stubs also allow the
    "self" placeholder and None (a field that is no relation), which cannot occur here.
    """
    model = field.related_model
    assert isinstance(model, type) and issubclass(model, models.Model), model
    return model


def through_model(field: models.ManyToManyField[Any, Any]) -> type[models.Model]:
    """The model of a many-to-many field's rows: set by Django (or named) once apps are loaded."""
    through = field.remote_field.through
    assert isinstance(through, type) and issubclass(through, models.Model), through
    return through
