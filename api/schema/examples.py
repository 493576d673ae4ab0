"""The examples /api/docs/ shows for each resource, taken from the demo content."""

from __future__ import annotations

BASE = "https://health.example.org/api/v1"
UPDATED_AT = "2026-11-01T09:00:00Z"


def ref(resource: str, slug: str, name: str, uid: str) -> dict:
    return {"id": uid, "slug": slug, "name": name, "url": f"{BASE}/{resource}/{slug}/"}


def listed(resource: str, slug: str, name: str, uid: str, summary: str, /, **extra) -> dict:
    return {**ref(resource, slug, name, uid), "summary": summary, "updated_at": UPDATED_AT, **extra}


def link(resource: str, slug: str, name: str, uid: str, note: str, order: int, /, **extra) -> dict:
    attributes = {k: v for k, v in extra.items() if k in ("likelihood", "first_contact")}
    target = {k: v for k, v in extra.items() if k not in attributes}
    return {**ref(resource, slug, name, uid), **target, "note": note, "order": order, **attributes}


RECORD = {
    "review": {
        "reviewer": {
            "name": "Dr. Helen Brandt",
            "title": "General practitioner, medical reviewer",
            "credentials": "MD",
        },
        "last_reviewed": "2026-11-01",
        "next_review_due": "2027-11-01",
    },
    "sources": [
        {
            "title": "Muscle twitches: symptoms, causes and treatment",
            "publisher": "Clinic health library",
            "url": "",
            "accessed_on": "2026-11-01",
        }
    ],
    "published_at": "2026-11-01T09:00:00Z",
    "updated_at": UPDATED_AT,
}

UID = {
    "muscle-twitches": "3f6b8c1e-2d4a-4e57-9a3b-5c1d7e8f9a01",
    "muscle-spasms": "8a2d4f60-1b3c-4d5e-8f7a-9b0c1d2e3f42",
    "multiple-sclerosis": "c1e2d3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
    "general-practitioner": "0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e",
    "neurologist": "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b",
    "stress": "5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f",
    "electromyography": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
    "magnesium-supplements": "9f0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c",
    "ms-disease-modifying-therapy": "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d",
    "magnesium": "6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e",
    "buckwheat": "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a",
    "eyelid": "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
}

TWITCHES = ("symptoms", "muscle-twitches", "Muscle twitches", UID["muscle-twitches"])
SPASMS = ("symptoms", "muscle-spasms", "Muscle spasms", UID["muscle-spasms"])
MS = ("conditions", "multiple-sclerosis", "Multiple sclerosis (MS)", UID["multiple-sclerosis"])
GP = ("specialists", "general-practitioner", "General practitioner", UID["general-practitioner"])
NEUROLOGIST = ("specialists", "neurologist", "Neurologist", UID["neurologist"])
STRESS = ("causes", "stress", "Stress and nervous tension", UID["stress"])
EMG = ("diagnostics", "electromyography", "Electromyography (EMG)", UID["electromyography"])
MAGNESIUM = ("nutrients", "magnesium", "Magnesium", UID["magnesium"])
BUCKWHEAT = ("dietary-sources", "buckwheat", "Buckwheat", UID["buckwheat"])
EYELID = ("body-regions", "eyelid", "Eyelid", UID["eyelid"])
MAGNESIUM_TABLETS = (
    "treatments",
    "magnesium-supplements",
    "Magnesium supplements",
    UID["magnesium-supplements"],
)
MS_THERAPY = (
    "treatments",
    "ms-disease-modifying-therapy",
    "Disease-modifying therapy for multiple sclerosis",
    UID["ms-disease-modifying-therapy"],
)
MAGNESIUM_TABLETS_ATTRIBUTES = {
    "kind": "medication",
    "evidence": "limited",
    "safety_warning": "Can cause diarrhoea. People with kidney disease should not take "
    "magnesium without medical advice.",
    "prescription_required": False,
}
MS_THERAPY_ATTRIBUTES = {
    "kind": "medication",
    "evidence": "established",
    "safety_warning": "",
    "prescription_required": True,
}


def detail(identity: tuple, summary: str, synonyms: list[str], body: str, **fields) -> dict:
    return {
        **ref(*identity),
        "summary": summary,
        "synonyms": synonyms,
        "body_html": f"<p>{body}</p>",
        "body_markdown": body,
        **fields,
        **RECORD,
    }


TWITCHES_SUMMARY = (
    "Small, involuntary flickers of a muscle that you can feel or see under the skin. "
    "Most are harmless and settle by themselves; twitching with weakness needs a check."
)
MS_SUMMARY = (
    "An autoimmune disease that damages the protective myelin around nerves in the brain "
    "and spinal cord."
)
GP_SUMMARY = (
    "The first doctor to see for most twitches and cramps; examines, orders basic tests and "
    "refers on if needed."
)
STRESS_SUMMARY = (
    "Ongoing stress raises nerve excitability and is the most common trigger of harmless twitches."
)
ALS_ANSWER = "Very rarely. Twitches in a muscle that stays strong are almost always harmless."
MAGNESIUM_SUMMARY = "A mineral that helps muscles relax and steadies nerve signalling."
EMG_SUMMARY = "A test that records the electrical activity of muscles with a fine needle electrode."
MAGNESIUM_TABLETS_SUMMARY = (
    "Magnesium tablets, sometimes combined with vitamin B6, to correct a shortage."
)
BUCKWHEAT_SUMMARY = "A grain-like seed rich in magnesium that also contains iron."
EYELID_SUMMARY = (
    "The thin muscle that closes the eye; the most common place for harmless twitching."
)

SYMPTOM_DETAIL = detail(
    TWITCHES,
    TWITCHES_SUMMARY,
    ["muscle twitching", "fasciculations", "myokymia"],
    "Most people notice a twitching eyelid or calf at some point.",
    body_regions=[ref(*EYELID)],
    codes=[{"system": "ICD-10", "code": "R25.3"}],
    sections=[
        {
            "kind": "when_to_see_doctor",
            "title": "When to see a doctor",
            "body_html": "<p>See a doctor if twitching lasts for weeks or comes with weakness.</p>",
            "body_markdown": "See a doctor if twitching lasts for weeks or comes with weakness.",
        }
    ],
    conditions=[
        link(
            *MS,
            "Can cause twitching, spasms and facial myokymia.",
            23,
            category="neurological",
            likelihood="rare",
        )
    ],
    causes=[
        link(
            *STRESS,
            "The most frequent trigger.",
            1,
            category="psychological",
            nature="benign",
            likelihood="common",
        )
    ],
    diagnostics=[
        link(
            *EMG,
            "When there is weakness or twitching persists for months.",
            8,
            kind="electrophysiology",
        )
    ],
    specialists=[
        link(*GP, "Start here for assessment and basic blood tests.", 1, first_contact=True),
        link(*NEUROLOGIST, "For persistent twitching or any weakness.", 3, first_contact=False),
    ],
    treatments=[
        link(
            *MAGNESIUM_TABLETS,
            "When magnesium is low.",
            8,
            **MAGNESIUM_TABLETS_ATTRIBUTES,
        )
    ],
    nutrients=[
        link(
            *MAGNESIUM,
            "",
            1,
            role="Helps muscle fibres relax after each contraction and dampens nerve excitability.",
            dietary_sources=[link(*BUCKWHEAT, "", 4)],
        )
    ],
    types=[
        {
            "name": "Eyelid myokymia",
            "description": "A fine rippling of the eyelid, usually one-sided and linked to "
            "tiredness, stress or caffeine.",
        }
    ],
    complications=[
        {
            "name": "Poor sleep",
            "description": "Twitches and jerks at night can make it hard to fall or stay asleep.",
        }
    ],
    faq=[
        {
            "question": "Are muscle twitches a sign of ALS?",
            "answer_html": f"<p>{ALS_ANSWER}</p>",
            "answer_markdown": ALS_ANSWER,
        }
    ],
    expert_opinions=[
        {
            "expert": {
                "name": "Dr. Marta Lindqvist",
                "title": "Neurologist",
                "credentials": "MD, PhD",
            },
            "text_html": "<p>Twitching without weakness is almost never a sign of disease.</p>",
            "text_markdown": "Twitching without weakness is almost never a sign of disease.",
        }
    ],
    red_flags=["Muscle weakness, thinning or clumsiness alongside the twitches"],
)

LIST_EXAMPLES = {
    "symptoms": listed(*TWITCHES, TWITCHES_SUMMARY),
    "conditions": listed(*MS, MS_SUMMARY, category="neurological"),
    "causes": listed(
        *STRESS,
        STRESS_SUMMARY,
        category="psychological",
        nature="benign",
    ),
    "diagnostics": listed(
        *EMG,
        EMG_SUMMARY,
        kind="electrophysiology",
    ),
    "specialists": listed(*GP, GP_SUMMARY, first_contact=True),
    "treatments": listed(
        *MAGNESIUM_TABLETS,
        MAGNESIUM_TABLETS_SUMMARY,
        **MAGNESIUM_TABLETS_ATTRIBUTES,
    ),
    "nutrients": listed(*MAGNESIUM, MAGNESIUM_SUMMARY),
    "dietary-sources": listed(*BUCKWHEAT, BUCKWHEAT_SUMMARY),
    "body-regions": listed(
        *EYELID,
        EYELID_SUMMARY,
    ),
}

DETAIL_EXAMPLES = {
    "symptoms": SYMPTOM_DETAIL,
    "conditions": detail(
        MS,
        MS_SUMMARY,
        ["MS", "disseminated sclerosis"],
        "Damaged myelin disrupts nerve signals.",
        category="neurological",
        codes=[
            {"system": "ICD-10", "code": "G35"},
            {"system": "SNOMED-CT", "code": "24700007"},
        ],
        symptoms=[link(*SPASMS, "Spasticity and painful spasms.", 21, likelihood="rare")],
        treatments=[
            link(
                *MS_THERAPY,
                "Reduces relapses and slows progression.",
                1,
                **MS_THERAPY_ATTRIBUTES,
            )
        ],
        specialists=[link(*NEUROLOGIST, "Diagnoses and manages MS.", 1)],
    ),
    "causes": detail(
        STRESS,
        STRESS_SUMMARY,
        ["psychological stress", "worry"],
        "Stress raises muscle tension.",
        category="psychological",
        nature="benign",
        symptoms=[link(*TWITCHES, "The most frequent trigger.", 1, likelihood="common")],
    ),
    "diagnostics": detail(
        EMG,
        EMG_SUMMARY,
        ["EMG", "needle EMG"],
        "A thin needle records muscle activity.",
        kind="electrophysiology",
        symptoms=[link(*TWITCHES, "When there is weakness or twitching persists for months.", 8)],
    ),
    "specialists": detail(
        GP,
        GP_SUMMARY,
        ["GP", "family doctor"],
        "A GP assesses, orders basic tests and refers on.",
        first_contact=True,
        symptoms=[link(*TWITCHES, "Start here.", 1, first_contact=True)],
        conditions=[],
    ),
    "treatments": detail(
        MAGNESIUM_TABLETS,
        MAGNESIUM_TABLETS_SUMMARY,
        ["magnesium tablets"],
        "Useful when magnesium is low.",
        **MAGNESIUM_TABLETS_ATTRIBUTES,
        symptoms=[link(*TWITCHES, "When magnesium is low.", 8)],
        conditions=[],
    ),
    "nutrients": detail(
        MAGNESIUM,
        MAGNESIUM_SUMMARY,
        ["Mg"],
        "Low magnesium makes muscles twitch and cramp.",
        role="Helps muscle fibres relax after each contraction and dampens nerve excitability.",
        dietary_sources=[link(*BUCKWHEAT, "", 4)],
        symptoms=[link(*TWITCHES, "", 1)],
    ),
    "dietary-sources": detail(
        BUCKWHEAT,
        BUCKWHEAT_SUMMARY,
        ["kasha"],
        "Eaten as porridge or a side dish.",
        nutrients=[link(*MAGNESIUM, "", 4)],
    ),
    "body-regions": detail(
        EYELID,
        EYELID_SUMMARY,
        ["eye lid"],
        "A flickering eyelid usually affects one eye.",
        symptoms=[ref(*TWITCHES)],
    ),
}
