"""Serializer fields are built from the model once per class, and never shared (api.serializers)."""

from rest_framework import serializers as drf

from api import serializers


def test_fields_are_built_from_the_model_once_per_class(monkeypatch):
    serializers.ConditionDetailSerializer().fields  # noqa: B018 - builds them
    built = []
    original = drf.ModelSerializer.get_fields

    def counting(self):
        built.append(type(self))
        return original(self)

    monkeypatch.setattr(drf.ModelSerializer, "get_fields", counting)
    fields = serializers.ConditionDetailSerializer().fields
    assert serializers.ConditionDetailSerializer not in built
    assert list(fields) == serializers.ConditionDetailSerializer.Meta.fields


def test_each_serializer_gets_its_own_fields_with_its_own_context():
    first = serializers.SymptomListSerializer(context={"request": "first"})
    second = serializers.SymptomListSerializer(context={"request": "second"})
    assert first.fields["url"] is not second.fields["url"]
    assert first.fields["url"].context["request"] == "first"
    assert second.fields["url"].context["request"] == "second"
