import pytest
import reversion
from playwright.sync_api import expect

from symptoms.editorial import publishing
from tests.factories import ExpertFactory, SymptomFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PAYLOAD = "<img src=x onerror=alert({n})>"


def test_markup_typed_by_an_editor_never_runs_in_any_page_that_shows_it(
    browsing, editor, reviewer, publisher
):
    with reversion.create_revision():
        symptom = SymptomFactory(draft=True, name="Eyelid twitching", slug="eyelid-twitching")
    page = browsing.page(user=editor)
    page.goto(f"/admin/symptoms/symptom/{symptom.pk}/change/")
    page.get_by_label("Name:").fill(f"Eyelid twitching {PAYLOAD.format(n=1)}")
    page.get_by_label("Summary:").fill(f"Mostly harmless. {PAYLOAD.format(n=2)}")
    page.locator("#id_body").fill(f"It **usually passes** on its own.\n\n{PAYLOAD.format(n=3)}")
    page.get_by_label("Change comment:").fill(f"Typed a picture {PAYLOAD.format(n=4)}")
    browsing.step(page, "the editor typed markup into the record")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    expect(page.locator("#id_body")).to_have_value(
        f"It **usually passes** on its own.\n\n{PAYLOAD.format(n=3)}"
    )
    browsing.step(page, "saved")

    page.get_by_role("link", name="Preview").click()
    expect(page.locator(".preview-body strong")).to_have_text("usually passes")
    expect(page.locator("article h1")).to_have_text(f"Eyelid twitching {PAYLOAD.format(n=1)}")
    browsing.step(page, "preview")

    page.go_back()
    page.get_by_role("link", name="History").click()
    expect(page.locator("#change-history")).to_contain_text(PAYLOAD.format(n=4))
    browsing.step(page, "history")
    page.locator('input[name="old"]').last.check()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#content-main")).to_contain_text(PAYLOAD.format(n=3))
    browsing.step(page, "comparison with the previous version")

    page.goto("/admin/symptoms/symptom/?q=eyelid")
    expect(page.locator("#result_list")).to_contain_text(PAYLOAD.format(n=1))
    browsing.step(page, "change list")

    symptom.refresh_from_db()
    publishing.submit_for_review(symptom, by=editor)
    publishing.approve(symptom, by=reviewer, reviewer=ExpertFactory())
    publishing.publish(symptom, by=publisher)
    page.goto("/api/v1/symptoms/eyelid-twitching/")
    expect(page.locator("body")).to_contain_text("usually passes")
    assert "onerror" not in page.evaluate("JSON.parse(document.body.innerText).body_html")
    browsing.step(page, "the published record in the API")

    for shown in browsing.pages:
        shown.wait_for_load_state("load")
    assert browsing.dialogs == []
    assert not [url for url in browsing.requests if url.endswith("/x")]
