"""schema.org JSON-LD: each detail as the schema.org type that fits it best."""

from __future__ import annotations

from django.conf import settings
from rest_framework.renderers import JSONRenderer

from symptoms.kinds import KINDS

CONTEXT = {"@vocab": "https://schema.org/"}
TYPES = {kind.name: kind.schema_org_type for kind in KINDS}


def _ref(item: dict, schema_type: str) -> dict:
    return {"@type": schema_type, "@id": item["url"], "name": item["name"], "url": item["url"]}


def _refs(data: dict, field: str, schema_type: str) -> list[dict]:
    return [_ref(item, schema_type) for item in data.get(field) or []]


def _treatment_type(item: dict) -> str:
    return "Drug" if item.get("kind") == "medication" else "MedicalTherapy"


def _common(data: dict, schema_type: str) -> dict:
    review = data.get("review") or {}
    reviewer = review.get("reviewer")
    node = {
        "@context": CONTEXT,
        "@type": schema_type,
        "@id": data["url"],
        "url": data["url"],
        "identifier": data["id"],
        "name": data["name"],
        "alternateName": data.get("synonyms") or [],
        "description": data.get("summary", ""),
        "text": data.get("body_markdown", ""),
        "datePublished": data.get("published_at"),
        "dateModified": data.get("updated_at"),
        "lastReviewed": review.get("last_reviewed"),
        "license": settings.CONTENT_LICENSE_URL,
        "citation": [
            {
                "@type": "CreativeWork",
                "name": source["title"],
                "publisher": {"@type": "Organization", "name": source["publisher"]},
                **({"url": source["url"]} if source.get("url") else {}),
            }
            for source in data.get("sources") or []
        ],
    }
    if reviewer:
        node["reviewedBy"] = {
            "@type": "Person",
            "name": reviewer["name"],
            "jobTitle": reviewer.get("title", ""),
            "honorificSuffix": reviewer.get("credentials", ""),
        }
    return {key: value for key, value in node.items() if value not in (None, "", [])}


def _codes(data: dict) -> list[dict]:
    return [
        {"@type": "MedicalCode", "codeValue": code["code"], "codingSystem": code["system"]}
        for code in data.get("codes") or []
    ]


def _symptom(data: dict) -> dict:
    return {
        "code": _codes(data),
        "cause": _refs(data, "causes", "MedicalCause"),
        "typicalTest": _refs(data, "diagnostics", "MedicalTest"),
        "relevantSpecialty": _refs(data, "specialists", "MedicalSpecialty"),
        "possibleTreatment": [
            _ref(item, _treatment_type(item)) for item in data.get("treatments") or []
        ],
        "possibleComplication": [c["name"] for c in data.get("complications") or []],
        "associatedAnatomy": _refs(data, "body_regions", "SuperficialAnatomy"),
        # The conditions a symptom may point to list it as their sign or symptom.
        "@reverse": {"signOrSymptom": _refs(data, "conditions", "MedicalCondition")},
    }


def _condition(data: dict) -> dict:
    return {
        "code": _codes(data),
        "signOrSymptom": _refs(data, "symptoms", "MedicalSymptom"),
        "possibleTreatment": [
            _ref(item, _treatment_type(item)) for item in data.get("treatments") or []
        ],
        "relevantSpecialty": _refs(data, "specialists", "MedicalSpecialty"),
    }


def _treatment(data: dict) -> dict:
    extra: dict[str, object] = {
        "additionalProperty": [
            {"@type": "PropertyValue", "name": "evidence level", "value": data.get("evidence")}
        ],
        "@reverse": {"possibleTreatment": _refs(data, "conditions", "MedicalCondition")},
    }
    if data.get("kind") == "medication":
        status = "PrescriptionOnly" if data.get("prescription_required") else "OTC"
        extra |= {"prescriptionStatus": status, "warning": data.get("safety_warning")}
    else:
        extra["contraindication"] = data.get("safety_warning")
    return extra


def _reverse(field: str, prop: str, schema_type: str):
    return lambda data: {"@reverse": {prop: _refs(data, field, schema_type)}}


EXTRAS = {
    "symptom": _symptom,
    "condition": _condition,
    "cause": _reverse("symptoms", "cause", "MedicalSymptom"),
    "diagnostic": _reverse("symptoms", "typicalTest", "MedicalSymptom"),
    "specialist": _reverse("symptoms", "relevantSpecialty", "MedicalSymptom"),
    "treatment": _treatment,
    "nutrient": lambda data: {"isRelatedTo": _refs(data, "dietary_sources", "Product")},
    "dietary_source": lambda data: {"isRelatedTo": _refs(data, "nutrients", "DietarySupplement")},
    "body_region": _reverse("symptoms", "associatedAnatomy", "MedicalSymptom"),
}


def to_jsonld(kind: str, data: dict) -> dict:
    """One detail, as serialized for JSON, mapped onto schema.org."""
    schema_type = TYPES[kind]
    if kind == "treatment":
        schema_type = _treatment_type(data)
    node = _common(data, schema_type) | EXTRAS[kind](data)
    if "@reverse" in node:
        node["@reverse"] = {k: v for k, v in node["@reverse"].items() if v}
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


def to_item_list(kind: str, results: list[dict]) -> dict:
    """A page of a list as a schema.org ItemList of references to the details."""
    return {
        "@context": CONTEXT,
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "item": _ref(item, TYPES[kind])}
            for position, item in enumerate(results, start=1)
        ],
    }


# Consumers embed JSON-LD in `<script type="application/ld+json">`: a `</script>` in content
# must not end that element. These characters only ever occur inside JSON strings, where
# their \u escapes stand for the same text.
HTML_ESCAPES = ((b"&", b"\\u0026"), (b"<", b"\\u003c"), (b">", b"\\u003e"))


def escape_for_html(body: bytes) -> bytes:
    for character, escaped in HTML_ESCAPES:
        body = body.replace(character, escaped)
    return body


class JsonLdRenderer(JSONRenderer):
    """`Accept: application/ld+json` or `?format=jsonld` on a detail, safe to embed in HTML."""

    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        view, response = context.get("view"), context.get("response")
        if view is not None and response is not None and response.status_code == 200:
            action = getattr(view, "action", None)
            if action == "retrieve":
                data = to_jsonld(view.kind.name, data)
            elif action == "list":
                data = to_item_list(view.kind.name, data["results"])
        return escape_for_html(super().render(data, accepted_media_type, renderer_context))
