import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from symptoms import models as m
from symptoms.demo.bundle import demo_bundle
from symptoms.models import codes
from tests.factories import ConditionFactory

VALID = [
    ("ICD-10", "G35"),
    ("ICD-10", "R25.1"),
    ("ICD-10", "M51.2"),
    ("ICD-10-CM", "G35.D"),
    ("ICD-10-CM", "G20.A1"),
    ("ICD-10-CM", "F32.A"),
    ("ICD-10-CM", "S72.001A"),
    ("ICD-10-CM", "C4A.9"),
    ("ICD-11", "8A40"),
    ("ICD-11", "8A40.0"),
    ("ICD-11", "1A00.00"),
    ("SNOMED-CT", "24700007"),
    ("SNOMED-CT", "49049000"),
    ("SNOMED-CT", "22298006"),
    ("SNOMED-CT", "404684003"),
    ("MESH", "D009103"),
    ("MESH", "C000657245"),
]
INVALID = [
    ("ICD-10", "G35.D"),
    ("ICD-10", "G3"),
    ("ICD-10", "G35.123"),
    ("ICD-10-CM", "G35.ABCDE"),
    ("ICD-11", "8I40"),
    ("ICD-11", "8A4"),
    ("SNOMED-CT", "24700008"),
    ("SNOMED-CT", "12345"),
    ("SNOMED-CT", "024700007"),
    ("MESH", "Q009103"),
    ("MESH", "D0091"),
]


@pytest.mark.parametrize(("system", "code"), VALID)
def test_well_formed_codes_pass(system, code):
    codes.validate_code(system, code)


@pytest.mark.parametrize(("system", "code"), INVALID)
def test_malformed_codes_are_refused_with_examples(system, code):
    with pytest.raises(ValidationError) as error:
        codes.validate_code(system, code)
    assert "code" in error.value.message_dict


def test_verhoeff_detects_a_single_digit_error_and_a_transposition():
    assert codes.verhoeff_valid("24700007")
    assert not codes.verhoeff_valid("24700017")
    assert not codes.verhoeff_valid("42700007")


@pytest.mark.django_db
def test_clean_normalizes_case_and_spaces():
    code = m.ConditionCode(condition=ConditionFactory(), system="ICD-10-CM", code=" g35.d ")
    code.full_clean()
    assert code.code == "G35.D"


@pytest.mark.django_db
@pytest.mark.parametrize("model", [m.ConditionCode, m.SymptomCode])
def test_the_database_refuses_a_malformed_code(model):
    from tests.factories import SymptomFactory

    owner = (
        {"condition": ConditionFactory()}
        if model is m.ConditionCode
        else {"symptom": SymptomFactory()}
    )
    model.objects.create(system="ICD-10", code="R25.1", **owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(system="ICD-10", code="R25.ABC", **owner)


def test_every_demo_code_is_well_formed():
    conditions = demo_bundle()["conditions"]
    demo_codes = [code for condition in conditions for code in condition["codes"]]
    assert demo_codes
    for code in demo_codes:
        codes.validate_code(code["system"], code["code"])
