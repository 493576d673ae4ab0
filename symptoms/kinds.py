"""The kinds of content record, once: every spelling of a kind the code and the API use.

`name` is the one spelling clients see wherever a kind is named: a search hit's and a
change's `type`, webhook payloads, the `type` filter of search, stored rows. Other spellings
(the URL prefix, a bundle's section) are derived here and nowhere else. Models are looked up
lazily through the app registry, so this module imports no model and any module may import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.apps import apps
from django.db import models

if TYPE_CHECKING:
    from symptoms.models import ContentEntity

APP_LABEL = "symptoms"


@dataclass(frozen=True)
class Kind:
    """One kind of content record and how each surface spells it."""

    name: str
    """The public name: snake_case, singular (`dietary_source`)."""
    model_name: str
    """The Django model's `model_name` (`dietarysource`), to find the model."""
    plural: str
    """The public name in the plural (`dietary_sources`): a bundle's section."""
    schema_org_type: str
    """The schema.org type a detail is rendered as in JSON-LD."""
    verbose_name: str
    """For people: documentation and enum descriptions (`dietary source`)."""
    link_order: int
    """Records link only to kinds of a lower `link_order`: the order bundles import in."""

    @property
    def url_plural(self) -> str:
        """The API's URL prefix (`dietary-sources`)."""
        return self.plural.replace("_", "-")

    @property
    def bundle_key(self) -> str:
        """A content bundle's section of records of this kind."""
        return self.plural

    @property
    def model(self) -> type[ContentEntity]:
        return cast("type[ContentEntity]", apps.get_model(APP_LABEL, self.model_name))


# In the order the API lists them (its index, the search `type` enum).
KINDS: tuple[Kind, ...] = (
    Kind(
        name="symptom",
        model_name="symptom",
        plural="symptoms",
        schema_org_type="MedicalSymptom",
        verbose_name="symptom",
        link_order=9,
    ),
    Kind(
        name="condition",
        model_name="condition",
        plural="conditions",
        schema_org_type="MedicalCondition",
        verbose_name="condition",
        link_order=8,
    ),
    Kind(
        name="cause",
        model_name="cause",
        plural="causes",
        schema_org_type="MedicalCause",
        verbose_name="cause",
        link_order=7,
    ),
    Kind(
        name="diagnostic",
        model_name="diagnostic",
        plural="diagnostics",
        schema_org_type="MedicalTest",
        verbose_name="diagnostic test",
        link_order=5,
    ),
    Kind(
        name="specialist",
        model_name="specialist",
        plural="specialists",
        schema_org_type="MedicalSpecialty",
        verbose_name="specialist",
        link_order=4,
    ),
    Kind(
        name="treatment",
        model_name="treatment",
        plural="treatments",
        schema_org_type="MedicalTherapy",
        verbose_name="treatment",
        link_order=6,
    ),
    Kind(
        name="nutrient",
        model_name="nutrient",
        plural="nutrients",
        schema_org_type="DietarySupplement",
        verbose_name="nutrient",
        link_order=3,
    ),
    Kind(
        name="dietary_source",
        model_name="dietarysource",
        plural="dietary_sources",
        schema_org_type="Product",
        verbose_name="dietary source",
        link_order=2,
    ),
    Kind(
        name="body_region",
        model_name="bodyregion",
        plural="body_regions",
        schema_org_type="SuperficialAnatomy",
        verbose_name="body region",
        link_order=1,
    ),
)

NAMES: tuple[str, ...] = tuple(kind.name for kind in KINDS)
# (value, label) pairs: serializer ChoiceFields and the schema's ContentKindEnum.
CHOICES: tuple[tuple[str, str], ...] = tuple((kind.name, kind.verbose_name) for kind in KINDS)
_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
_BY_MODEL_NAME: dict[str, Kind] = {kind.model_name: kind for kind in KINDS}


def get(name: str) -> Kind:
    """The kind of this public name; KeyError for any other."""
    return _BY_NAME[name]


def of_model(model: type[models.Model] | models.Model) -> Kind:
    """The kind of a content model, or of one of its records."""
    meta = (model._meta.concrete_model or model)._meta
    kind = _BY_MODEL_NAME.get(meta.model_name or "") if meta.app_label == APP_LABEL else None
    if kind is None:
        raise LookupError(f"{meta.label} is not a kind of content (see symptoms.kinds.KINDS).")
    return kind


def in_link_order() -> tuple[Kind, ...]:
    """The kinds with each after every kind its records link to (how bundles list them)."""
    return tuple(sorted(KINDS, key=lambda kind: kind.link_order))


def models_in_link_order() -> list[type[ContentEntity]]:
    return [kind.model for kind in in_link_order()]
