import pytest
from django.core.management import CommandError, call_command

from symptoms import models as m
from symptoms.demo.synthetic import LINKS_PER_SYMPTOM, Scale, generate_content

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "symptoms": list(m.Symptom.objects.order_by("pk").values_list("uid", "slug", "body")),
        "conditions": list(
            m.SymptomCondition.objects.order_by("pk").values_list(
                "symptom__slug", "condition__slug", "likelihood", "order"
            )
        ),
        "faq": list(m.FAQEntry.objects.order_by("pk").values_list("symptom__slug", "question")),
    }


def test_scale_grows_every_kind_with_the_symptoms():
    scale = Scale.for_symptoms(10_000)
    assert (scale.conditions, scale.causes, scale.diagnostics, scale.specialists) == (
        5000,
        2000,
        500,
        100,
    )
    assert (scale.treatments, scale.nutrients, scale.foods) == (2000, 100, 1000)


def test_small_scales_keep_enough_records_to_link_to():
    scale = Scale.for_symptoms(10)
    assert scale.specialists >= 2 * LINKS_PER_SYMPTOM["specialists"]
    assert scale.conditions >= 2 * LINKS_PER_SYMPTOM["conditions"]


def test_generates_the_scaled_counts_all_published():
    generate_content(symptoms=30, seed=3)
    scale = Scale.for_symptoms(30)
    assert m.Symptom.objects.published().count() == 30
    assert m.Condition.objects.published().count() == scale.conditions
    assert m.DietarySource.objects.published().count() == scale.foods
    assert not m.Treatment.objects.exclude(pk__in=m.Treatment.objects.published()).exists()


def test_each_symptom_has_about_the_stated_links_and_parts():
    generate_content(symptoms=30, seed=3)
    for symptom in m.Symptom.objects.all():
        conditions = symptom.condition_links.count()
        assert 8 <= conditions <= 12
        assert 3 <= symptom.specialist_links.count() <= 5
        assert m.FAQEntry.objects.filter(symptom=symptom).count() == 4
        assert m.SectionText.objects.filter(symptom=symptom).count() == 5


def test_the_same_seed_gives_the_same_content():
    generate_content(symptoms=20, seed=7)
    first = snapshot()
    generate_content(symptoms=20, seed=7, replace=True)
    assert snapshot() == first


def test_another_seed_gives_other_content():
    generate_content(symptoms=20, seed=7)
    first = snapshot()
    generate_content(symptoms=20, seed=8, replace=True)
    assert snapshot()["symptoms"] != first["symptoms"]


def test_refuses_to_mix_with_existing_content():
    generate_content(symptoms=5, seed=1)
    with pytest.raises(ValueError, match="already has content"):
        generate_content(symptoms=5, seed=1)


def test_command_replaces_content_and_reports_it(capsys):
    generate_content(symptoms=5, seed=1)
    call_command("generate_bench_content", "--symptoms=12", "--replace")
    assert m.Symptom.objects.count() == 12
    assert "Generated 12 symptoms" in capsys.readouterr().out


def test_command_refuses_existing_content_without_replace():
    generate_content(symptoms=5, seed=1)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_bench_content", "--symptoms=5")


def test_command_refuses_a_scale_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_bench_content", "--symptoms=0")
