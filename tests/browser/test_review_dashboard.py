import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import ConditionFactory, SymptomFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LONG_AGO = datetime.date(2020, 1, 1)


def test_admin_index_shows_how_many_reviews_are_overdue_and_leads_to_them(browsing, editor):
    SymptomFactory(name="Muscle twitches", next_review_due=LONG_AGO)
    SymptomFactory(name="Leg cramps", next_review_due=LONG_AGO, draft=True)
    SymptomFactory(name="Hiccups", next_review_due=datetime.date(2999, 1, 1))
    ConditionFactory(name="Myositis", next_review_due=LONG_AGO)
    ConditionFactory(name="Old condition", next_review_due=LONG_AGO, archived=True)

    page = browsing.page(user=editor)
    page.goto("/admin/")
    dashboard = page.locator("#editorial-dashboard")
    expect(dashboard.locator("caption")).to_have_text("Editorial work — 3 reviews overdue")
    symptoms_row = dashboard.locator("tr", has=page.get_by_role("link", name="Symptoms"))
    expect(symptoms_row.locator("td").first).to_have_text("2")
    conditions_row = dashboard.locator("tr", has=page.get_by_role("link", name="Conditions"))
    expect(conditions_row.locator("td").first).to_have_text("1")
    browsing.step(page, "admin index with the dashboard")

    symptoms_row.locator("td").first.get_by_role("link").click()
    expect(page).to_have_url("/admin/symptoms/symptom/?review=overdue", ignore_case=False)
    expect(page.locator("#result_list tbody th a")).to_have_text(["Leg cramps", "Muscle twitches"])
    browsing.step(page, "overdue symptoms")
