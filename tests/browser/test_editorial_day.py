import pytest
from playwright.sync_api import expect

from symptoms import models as m
from symptoms.demo.bundle import load_demo_content

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _log_in(browsing, user):
    page = browsing.page()
    page.goto("/admin/")
    page.get_by_label("Username:").fill(user.username)
    page.get_by_label("Password:").fill("pw")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text(f"Welcome, {user.username}")
    return page


def _add_link(page, inline: str, field: str, term: str, choice: str) -> None:
    """Add one row to a link inline and pick its target through the autocomplete box."""
    page.locator(f"#{inline}-group").get_by_role("button", name="Add another").click()
    select = page.locator(f"#id_{inline}-0-{field}")
    select.locator("xpath=following-sibling::span[contains(@class, 'select2')]").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=choice).click()
    expect(page.locator(f"#select2-id_{inline}-0-{field}-container")).to_have_text(choice)


def _public_symptom(api, slug: str):
    """The symptom as the public API shows it, or None when it is not public."""
    listed = api.get("/api/v1/symptoms/", params={"search": slug.replace("-", " ")}).json()
    detail = api.get(f"/api/v1/symptoms/{slug}/")
    listed_here = slug in [record["slug"] for record in listed["results"]]
    assert (detail.status, listed_here) in [(404, False), (200, True)]
    return detail.json() if detail.ok else None


def _move(page, name: str) -> None:
    """Run a workflow move from the record's page: its button, then its form."""
    page.get_by_role("link", name=name, exact=True).click()
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text(f"{name}: done")


def test_an_editor_writes_a_symptom_that_goes_live_after_review_and_publication(
    browsing, editor, reviewer, publisher
):
    load_demo_content()
    condition = m.Condition.objects.get(slug="multiple-sclerosis")
    specialist = m.Specialist.objects.get(slug="neurologist")

    page = _log_in(browsing, editor)
    browsing.step(page, "the editor logged in")
    page.goto("/admin/symptoms/symptom/add/")
    page.locator("#id_name").press_sequentially("Eyelid twitching")
    expect(page.locator("#id_slug")).to_have_value("eyelid-twitching")
    page.locator("#id_synonyms").fill("eyelid myokymia")
    page.locator("#id_summary").fill("Small, repeated movements of an eyelid.")
    page.locator("#id_body").fill("Usually **harmless** and gone within days.")
    _add_link(page, "condition_links", "condition", "sclerosis", "Multiple sclerosis (MS)")
    page.locator("#id_condition_links-0-note").fill("Rarely the first sign.")
    _add_link(page, "specialist_links", "specialist", "neuro", "Neurologist")
    page.locator("#faq-group").get_by_role("button", name="Add another FAQ entry").click()
    page.locator("#id_faq-0-question").fill("Is eyelid twitching dangerous?")
    page.locator("#id_faq-0-answer").fill("Almost never; see a doctor if it spreads.")
    page.locator("#id_change_comment").fill("First draft.")
    browsing.step(page, "the editor filled in the symptom")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    expect(page.locator("#content-main .help").first).to_contain_text("Status: Draft")
    browsing.step(page, "saved as draft")

    symptom = m.Symptom.objects.get(slug="eyelid-twitching")
    assert symptom.status == m.ContentStatus.DRAFT
    assert symptom.synonym_list == ["eyelid myokymia"]
    assert list(symptom.conditions.all()) == [condition]
    assert list(symptom.specialists.all()) == [specialist]
    assert [entry.question for entry in symptom.faq.all()] == ["Is eyelid twitching dangerous?"]
    api = browsing.public_api()
    assert _public_symptom(api, "eyelid-twitching") is None

    _move(page, "Submit for review")
    browsing.step(page, "submitted for review")

    page = _log_in(browsing, reviewer)
    page.goto(f"/admin/symptoms/symptom/{symptom.pk}/change/")
    expect(page.locator("#content-main .help").first).to_contain_text("Status: In review")
    page.get_by_role("link", name="Approve", exact=True).click()
    page.get_by_label("Reviewer:").select_option(label="Dr. Marta Lindqvist, Neurologist")
    browsing.step(page, "the reviewer approves")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("Approve: done")
    assert _public_symptom(api, "eyelid-twitching") is None

    page = _log_in(browsing, publisher)
    page.goto(f"/admin/symptoms/symptom/{symptom.pk}/change/")
    _move(page, "Publish")
    expect(page.locator("#content-main .help").first).to_contain_text("Status: Published")
    browsing.step(page, "published")

    public = _public_symptom(api, "eyelid-twitching")
    assert public["name"] == "Eyelid twitching"
    assert public["synonyms"] == ["eyelid myokymia"]
    assert public["review"]["reviewer"]["name"] == "Dr. Marta Lindqvist"
    assert [(c["slug"], c["note"]) for c in public["conditions"]] == [
        ("multiple-sclerosis", "Rarely the first sign.")
    ]
    assert [s["slug"] for s in public["specialists"]] == ["neurologist"]
    assert [entry["question"] for entry in public["faq"]] == ["Is eyelid twitching dangerous?"]
