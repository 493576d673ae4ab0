import json

import pytest
from django.test import Client
from playwright.sync_api import expect

from symptoms.demo.bundle import load_demo_content
from tests.factories import SymptomFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def _operations() -> dict[str, tuple[str, str]]:
    """The schema's operations the docs pages are built from: operationId: (method, path)."""
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    return {
        operation["operationId"]: (method.upper(), path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }


def _refused(problem: str, url: str) -> bool:
    return problem.startswith("console error:") and "Security Policy" in problem and url in problem


def test_a_developer_tries_the_api_in_its_docs_and_nothing_leaves_the_machine(browsing):
    load_demo_content()
    SymptomFactory(name="Hiccups")
    operations = _operations()
    page = browsing.page()

    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Health Content API")
    expect(page.locator(".opblock")).to_have_count(len(operations))
    shown = page.locator(".opblock").evaluate_all(
        """blocks => blocks.map(b => [
            b.querySelector(".opblock-summary-method").textContent,
            b.querySelector(".opblock-summary-path").dataset.path,
        ])"""
    )
    assert sorted(map(tuple, shown)) == sorted(operations.values())
    browsing.step(page, "swagger ui")

    listing = page.locator(".opblock-get").filter(
        has=page.locator('.opblock-summary-path[data-path="/api/v1/symptoms/"]')
    )
    listing.locator(".opblock-summary-control").click()
    listing.get_by_role("button", name="Try it out").click()
    condition = listing.locator('tr[data-param-name="condition"]')
    condition.get_by_role("button", name="Add string item").click()
    condition.locator("input").fill("multiple-sclerosis")
    browsing.step(page, "the symptoms list, filled in")
    with page.expect_response(lambda r: "/api/v1/symptoms/?" in r.url) as sent:
        listing.get_by_role("button", name="Execute").click()
    assert "condition=multiple-sclerosis" in sent.value.url
    names = [record["name"] for record in sent.value.json()["results"]]
    assert "Muscle twitches" in names and "Hiccups" not in names
    result = listing.locator(".live-responses-table tbody")
    expect(result.locator("td.response-col_status")).to_have_text("200")
    expect(result.locator("td.response-col_description")).to_contain_text(
        '"name": "Muscle twitches"'
    )
    expect(result.locator("td.response-col_description")).not_to_contain_text("Hiccups")
    browsing.step(page, "the response")
    assert browsing.foreign_requests() == []
    assert browsing.problems == []

    page.goto("/api/redoc/")
    sections = page.locator("[data-section-id*='/operation/']")
    expect(sections).to_have_count(len(operations))
    ids = sections.evaluate_all("sections => sections.map(s => s.dataset.sectionId)")
    assert {section_id.split("/operation/")[1] for section_id in ids} == set(operations)
    browsing.step(page, "redoc")
    # ReDoc 2 asks its CDN for its footer logo whatever its options; the page's policy stops it.
    assert browsing.blocked == [REDOC_LOGO]
    browsing.problems = [p for p in browsing.problems if not _refused(p, REDOC_LOGO)]
    assert browsing.foreign_requests() == []
    assert browsing.problems == []
