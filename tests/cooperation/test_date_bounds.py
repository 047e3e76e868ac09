"""Dates lie between the start of East–West cooperation (1996) and a few years ahead.

A typing slip such as 9999-12-31 is refused wherever records come in (forms, the API,
imports), before it can reach a public page.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from cooperation.core.models import Agreement, cooperation_dates
from cooperation.core.resources import AgreementResource
from programs.models import Event
from tests.constraint_checks import FACTORIES, date_fields, project_models
from tests.sheets import row_errors, run_import

DATE_FIELDS = {
    f"{model._meta.label}.{name}": (model, name)
    for model in project_models()
    for name in date_fields(model)
}


def codes_of(error: ValidationError, field_name: str) -> list[str]:
    return [item.code for item in error.error_dict.get(field_name, [])]


def test_the_range_runs_from_1996_to_five_years_ahead():
    first, last = cooperation_dates()
    assert first == datetime.date(1996, 1, 1)
    assert last == datetime.date(timezone.localdate().year + 5, 12, 31)


@pytest.mark.django_db
@pytest.mark.parametrize("name", DATE_FIELDS)
@pytest.mark.parametrize("day", [datetime.date(1995, 12, 31), datetime.date(9999, 12, 31)])
def test_every_date_field_refuses_a_date_out_of_range(name, day):
    model, field_name = DATE_FIELDS[name]
    record = FACTORIES[model]()
    setattr(record, field_name, day)

    with pytest.raises(ValidationError) as refused:
        record.full_clean()

    assert "out_of_range" in codes_of(refused.value, field_name)
    with translation.override("en"):
        assert "East–West cooperation began in 1996" in str(refused.value.message_dict)


@pytest.mark.django_db
@pytest.mark.parametrize("name", DATE_FIELDS)
def test_the_first_and_last_dates_are_accepted(name):
    model, field_name = DATE_FIELDS[name]
    record = FACTORIES[model]()
    for day in cooperation_dates():
        setattr(record, field_name, day)
        try:
            record.full_clean()
        except ValidationError as error:
            assert "out_of_range" not in codes_of(error, field_name)


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_api_refuses_a_date_out_of_range_with_a_400_in_chinese(day, pairing, official_of):
    client = APIClient()
    client.force_authenticate(official_of(pairing.western_region, "programs.add_event"))

    response = client.post(
        reverse("api:events-list"),
        {"pairing": pairing.pk, "kind": "lecture", "title": "讲座", "start_date": day},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    [message] = response.json()["start_date"]
    assert "1996" in message and "东西部协作" in message
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_an_import_with_a_date_out_of_range_saves_nothing(pairing, official_of):
    official = official_of(pairing.western_region, "cooperation.add_agreement")

    result = run_import(
        AgreementResource(user=official),
        ["Pairing", "Kind", "Title", "Signed on"],
        [str(pairing), "health", "医疗卫生合作协议", "2021-05-01"],
        [str(pairing), "health", "教育合作协议", "9999-12-31"],
    )

    [refusal] = row_errors(result)
    assert "East–West cooperation began in 1996" in str(refusal)
    assert not Agreement.objects.exists()
