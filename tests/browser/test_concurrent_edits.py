import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from symptoms import models as m
from tests.factories import SymptomFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _save(page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


def test_second_of_two_editors_saving_sees_the_conflict_and_keeps_the_typed_text(
    browsing, editor, django_user_model
):
    alice = django_user_model.objects.create_user("alice", password="pw", is_staff=True)
    alice.groups.add(Group.objects.get(name="Editor"))
    symptom = SymptomFactory(draft=True, name="Muscle twitches", summary="Original.")
    change_url = f"/admin/symptoms/symptom/{symptom.pk}/change/"
    theirs, mine = browsing.page(user=alice), browsing.page(user=editor)
    theirs.goto(change_url)
    mine.goto(change_url)
    browsing.step(mine, "both editors opened the symptom")

    theirs.get_by_label("Summary:").fill("Alice's summary.")
    _save(theirs)
    expect(theirs.locator(".messagelist .success")).to_contain_text("was changed successfully")
    browsing.step(theirs, "the first editor saved")

    mine.get_by_label("Summary:").fill("My summary, typed with care.")
    _save(mine)
    expect(mine.locator(".errornote")).to_be_visible()
    expect(mine.locator(".errorlist.nonfield")).to_contain_text("Someone else changed this symptom")
    expect(mine.locator(".errorlist.nonfield")).to_contain_text("by alice at")
    expect(mine.get_by_label("Summary:")).to_have_value("My summary, typed with care.")
    browsing.step(mine, "the second editor sees the conflict")

    symptom.refresh_from_db()
    assert (symptom.summary, symptom.version) == ("Alice's summary.", 2)
    assert m.Symptom.objects.count() == 1
