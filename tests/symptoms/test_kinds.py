"""symptoms.kinds is the one list of content kinds: every other list is taken from it."""

from __future__ import annotations

import pytest

from symptoms import kinds
from symptoms import models as m
from symptoms.changes import outbox
from symptoms.exchange import bundles
from symptoms.search import index


def test_every_content_model_has_exactly_one_kind():
    content_models = {
        model
        for model in m.ContentEntity.__subclasses__()
        if not model._meta.abstract and not model._meta.proxy
    }
    assert {kind.model for kind in kinds.KINDS} == content_models
    assert len(kinds.KINDS) == len(content_models) == 9
    assert all(kinds.of_model(kind.model) is kind for kind in kinds.KINDS)


def test_the_public_name_is_the_one_snake_case_singular_spelling():
    dietary_source = kinds.get("dietary_source")
    assert dietary_source.model is m.DietarySource
    assert dietary_source.url_plural == "dietary-sources"
    assert dietary_source.bundle_key == "dietary_sources"
    assert kinds.of_model(m.BodyRegion()).name == "body_region"
    assert tuple(kind.name for kind in kinds.KINDS) == kinds.NAMES


def test_a_model_that_is_no_kind_is_refused_by_name():
    with pytest.raises(LookupError, match="symptoms.Expert is not a kind of content"):
        kinds.of_model(m.Expert)


def test_links_only_point_to_kinds_earlier_in_link_order():
    position = {kind.model: i for i, kind in enumerate(kinds.in_link_order())}
    for kind in kinds.KINDS:
        for field in kind.model._meta.get_fields():
            target = field.related_model
            if field.concrete and field.many_to_many and target in position:
                assert position[target] < position[kind.model], (kind.name, field.name)


def test_search_outbox_and_bundles_take_their_kinds_from_the_registry():
    assert list(index.ENTITY_TYPES) == list(kinds.NAMES)
    assert [index.type_of(kind.model) for kind in kinds.KINDS] == list(kinds.NAMES)
    assert outbox.content_models() == kinds.models_in_link_order()
    assert [(kind.bundle_key, kind.model) for kind in kinds.in_link_order()] == bundles.ENTITIES


def test_bundle_sections_stay_those_of_format_version_1():
    # Renaming a section breaks every bundle file already written: it needs a new VERSION
    # and a reader of the old one.
    assert bundles.VERSION == 1
    assert [key for key, _ in bundles.ENTITIES] == [
        "body_regions",
        "dietary_sources",
        "nutrients",
        "specialists",
        "diagnostics",
        "treatments",
        "causes",
        "conditions",
        "symptoms",
    ]
