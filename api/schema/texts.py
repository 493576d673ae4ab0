"""What /api/docs/ says about each resource; the examples are in api.schema.examples."""

from __future__ import annotations

from typing import TypedDict

from drf_spectacular.utils import OpenApiExample

from api.schema.examples import DETAIL_EXAMPLES, LIST_EXAMPLES

LIST_RULES = (
    "Only published records are listed. Pages hold `limit` records (20 by default, at most "
    "100) from `offset`; follow `next` and `previous`. Filters combine with AND; several "
    "comma-separated values of one filter mean any of them. An unknown or misspelled "
    "parameter, a value the API does not know, or an empty one (`?condition=`, "
    "`?condition=a,,b`), is a 400 that names the parameter."
)
DETAIL_RULES = (
    "Only published records are found (a draft or archived one is a 404), and only links "
    "to published records are shown. Each link gives the linked record in short (`id`, "
    "`slug`, `name`, `url`) with the link's `note`, its `order` and its attributes."
)


def example(name: str, value: dict) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=["200"])


class ResourceTexts(TypedDict):
    """What the documentation says about one resource's list and detail."""

    list: str
    list_example: dict
    detail: str
    detail_example: dict


RESOURCES: dict[str, ResourceTexts] = {
    "symptoms": {
        "list": (
            "Symptoms people look up (muscle twitches, muscle spasms, ...). To find which "
            "symptoms can point to a condition, filter by its slug: "
            "`?condition=multiple-sclerosis`; then read each symptom's detail, whose "
            "`specialists` marks the doctor to see first with `first_contact: true`."
        ),
        "list_example": LIST_EXAMPLES["symptoms"],
        "detail": (
            "Everything about one symptom: its texts, the conditions it may point to (with "
            "`likelihood`), causes, diagnostic tests, the specialists to see (`first_contact: "
            "true` is the one to see first), treatments (with `evidence` level and "
            "`safety_warning`), nutrients with the foods that supply them, types, "
            "complications, FAQ, expert opinions and red flags, in the editors' order."
        ),
        "detail_example": DETAIL_EXAMPLES["symptoms"],
    },
    "conditions": {
        "list": (
            "Conditions a symptom may point to. Filter by `category`, by medical `code` "
            "(`?code=ICD-10:G35`), or by a `symptom` that links to them."
        ),
        "list_example": LIST_EXAMPLES["conditions"],
        "detail": (
            "One condition with its medical codes, the symptoms that may point to it (the "
            "reverse of a symptom's `conditions`, by symptom name), its treatments and the "
            "specialists who treat it."
        ),
        "detail_example": DETAIL_EXAMPLES["conditions"],
    },
    "causes": {
        "list": (
            "Causes of symptoms. Filter by `category`, `nature` (benign or pathological) "
            "or `symptom`."
        ),
        "list_example": LIST_EXAMPLES["causes"],
        "detail": "One cause with the symptoms it can be behind (by name, with likelihood).",
        "detail_example": DETAIL_EXAMPLES["causes"],
    },
    "diagnostics": {
        "list": "Diagnostic tests. Filter by `kind` or by `symptom`.",
        "list_example": LIST_EXAMPLES["diagnostics"],
        "detail": "One diagnostic test with the symptoms it helps explain.",
        "detail_example": DETAIL_EXAMPLES["diagnostics"],
    },
    "specialists": {
        "list": (
            "Doctors and therapists. `?first_contact=true` lists those patients can see "
            "without a referral; `?symptom=` those linked to a symptom."
        ),
        "list_example": LIST_EXAMPLES["specialists"],
        "detail": (
            "One specialist with the symptoms to see them for (`first_contact: true` where "
            "they are the doctor to see first) and the conditions they treat."
        ),
        "detail_example": DETAIL_EXAMPLES["specialists"],
    },
    "treatments": {
        "list": (
            "Treatments. Filter by `kind`, `evidence` level, `prescription_required`, "
            "`symptom` or `condition`. Show `safety_warning` wherever a treatment appears."
        ),
        "list_example": LIST_EXAMPLES["treatments"],
        "detail": "One treatment with the symptoms and conditions it is used for.",
        "detail_example": DETAIL_EXAMPLES["treatments"],
    },
    "nutrients": {
        "list": (
            "Nutrients that matter for muscles and nerves. Filter by `symptom` or by "
            "`dietary_source`."
        ),
        "list_example": LIST_EXAMPLES["nutrients"],
        "detail": "One nutrient with its role, the foods that supply it and its symptoms.",
        "detail_example": DETAIL_EXAMPLES["nutrients"],
    },
    "dietary-sources": {
        "list": "Foods, with the nutrients they supply. Filter by `nutrient`.",
        "list_example": LIST_EXAMPLES["dietary-sources"],
        "detail": "One food with the nutrients it supplies.",
        "detail_example": DETAIL_EXAMPLES["dietary-sources"],
    },
    "body-regions": {
        "list": "Parts of the body where symptoms are felt. Filter by `symptom`.",
        "list_example": LIST_EXAMPLES["body-regions"],
        "detail": "One body region with the symptoms felt there.",
        "detail_example": DETAIL_EXAMPLES["body-regions"],
    },
}
