"""The diagnostics resource: the kind filter and the symptoms a test explains."""

import pytest

from tests import factories as f
from tests.api.helpers import slugs

pytestmark = pytest.mark.django_db


def test_filter_by_kind(client):
    emg = f.DiagnosticFactory(kind="electrophysiology")
    mri = f.DiagnosticFactory(kind="imaging")
    f.DiagnosticFactory(kind="lab")
    url = "/api/v1/diagnostics/"
    assert slugs(client.get(url, {"kind": "imaging"})) == [mri.slug]
    assert sorted(slugs(client.get(url, {"kind": "imaging,electrophysiology"}))) == sorted(
        [emg.slug, mri.slug]
    )


def test_detail_shows_kind_and_symptoms(client):
    link = f.SymptomDiagnosticFactory(diagnostic__kind="imaging", note="When weak.")
    body = client.get(f"/api/v1/diagnostics/{link.diagnostic.slug}/").json()
    assert body["kind"] == "imaging"
    assert [(s["slug"], s["note"]) for s in body["symptoms"]] == [(link.symptom.slug, "When weak.")]
