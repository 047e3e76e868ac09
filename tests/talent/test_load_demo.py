"""The reference record loads whole, published, exactly as reported, and reloads as a no-op."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from cooperation.core.models import (
    Indicator,
    Outcome,
    Pairing,
    PairingRecord,
    Qualifier,
    RecordStatus,
    Unit,
)
from cooperation.reference.loader import reference_record_load
from cooperation.stats.measures import person_months
from cooperation.stats.registry import computations
from talent.models import Person, Secondment

EXACT, MORE_THAN = Qualifier.EXACT, Qualifier.MORE_THAN

# Every figure of the China News Service report of 30 Nov 2021 (the seed), as it must come
# back out of the portal: indicator, value, unit, qualifier (余 and 上千 are "more than").
SEED_FIGURES = {
    "chief-experts-hired": (Decimal(7), Unit.PERSONS, EXACT),
    "resident-lecturers-signed": (Decimal(6), Unit.PERSONS, EXACT),
    "new-teachers-paired": (Decimal(18), Unit.PERSONS, EXACT),
    "tech-achievements-transferred": (Decimal(4), Unit.ITEMS, EXACT),
    "cadres-trained": (Decimal(600), Unit.PERSON_TIMES, MORE_THAN),
    "demonstration-classes": (Decimal(13), Unit.SESSIONS, EXACT),
    "teaching-bases": (Decimal(1), Unit.UNITS, EXACT),
    "practice-bases": (Decimal(6), Unit.UNITS, EXACT),
    "inspection-sites": (Decimal(10), Unit.UNITS, MORE_THAN),
    "party-cadres-trained": (Decimal(160), Unit.PERSON_TIMES, MORE_THAN),
    "long-term-secondments": (Decimal(6), Unit.PERSONS, EXACT),
    "free-clinic-events": (Decimal(4), Unit.EVENTS, EXACT),
    "free-clinic-visits": (Decimal(700), Unit.PERSON_TIMES, MORE_THAN),
    "cataract-surgeries": (Decimal(35), Unit.PERSONS, EXACT),
    "pain-patients-treated": (Decimal(1000), Unit.CASES, MORE_THAN),
    "pain-treatment-effective-rate": (Decimal(100), Unit.PERCENT, EXACT),
    "study-aid-donations": (Decimal(100), Unit.TEN_THOUSAND_YUAN, MORE_THAN),
    "students-benefited": (Decimal(2000), Unit.PERSONS, MORE_THAN),
    "practical-training-bases": (Decimal(5), Unit.UNITS, EXACT),
    "jobs-offered": (Decimal(1154), Unit.UNITS, EXACT),
}

# The indicators the records can also compute, and the registered computation of each.
COMPUTED = {
    "chief-experts-hired": "engagements.chief_expert",
    "resident-lecturers-signed": "engagements.resident_lecturer",
    "new-teachers-paired": "mentor_pairings",
    "demonstration-classes": "events.demonstration_class",
    "teaching-bases": "bases.teaching",
    "practice-bases": "bases.practice",
    "inspection-sites": "bases.inspection",
    "long-term-secondments": "secondments.long_term",
    "free-clinic-events": "events.free_clinic",
    "practical-training-bases": "bases.practical_training",
}


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def database_state() -> tuple[dict[str, int], dict[str, dict]]:
    """Return the row count of every model, history ones included, and every updated_at."""
    models = apps.get_models(include_auto_created=True)
    counts = {model._meta.label: model._default_manager.count() for model in models}
    stamps = {
        model._meta.label: dict(model._default_manager.values_list("pk", "updated_at"))
        for model in models
        if any(field.name == "updated_at" for field in model._meta.concrete_fields)
    }
    return counts, stamps


@pytest.mark.django_db
def test_command_loads_the_reference_record():
    output = load_demo()

    pairing = Pairing.objects.get()
    assert (pairing.eastern_region.code, pairing.western_region.code) == ("330108", "510812")
    assert pairing.since_year == 2021
    assert pairing.western_region.parent.parent.name == "四川省"
    assert Outcome.objects.count() == len(SEED_FIGURES)
    assert str(capfirst(Outcome._meta.verbose_name_plural)) in output


@pytest.mark.usefixtures("reference_record")
def test_loading_twice_changes_nothing():
    counts, stamps = database_state()

    report = reference_record_load()
    output = load_demo()

    assert database_state() == (counts, stamps)
    assert not report.changed
    assert counts["cooperation.HistoricalOutcome"] == len(SEED_FIGURES)
    assert output.strip() == gettext("The reference record was already loaded; nothing changed.")


@pytest.mark.usefixtures("reference_record")
def test_reload_puts_back_a_changed_figure_and_keeps_other_records():
    outcome = Outcome.objects.get(indicator__code="jobs-offered")
    Outcome.objects.filter(pk=outcome.pk).update(value=1000)
    history_rows = outcome.history.count()

    report = reference_record_load()

    outcome.refresh_from_db()
    assert outcome.value == Decimal(1154)
    assert report.updated == {Outcome: 1}
    assert not report.created
    assert outcome.history.count() == history_rows + 1


@pytest.mark.usefixtures("reference_record")
def test_reload_leaves_a_returned_record_returned():
    """Reload re-published: every reload forced status=published on existing records,
    overriding a reviewer who had returned one."""
    outcome = Outcome.objects.get(indicator__code="jobs-offered")
    Outcome.objects.filter(pk=outcome.pk).update(
        status=RecordStatus.RETURNED, review_comment="核对岗位数"
    )

    report = reference_record_load()

    outcome.refresh_from_db()
    assert (outcome.status, outcome.review_comment) == (RecordStatus.RETURNED, "核对岗位数")
    assert not report.changed


@pytest.mark.usefixtures("reference_record")
def test_every_figure_of_the_report_is_a_published_outcome():
    loaded = {
        outcome.indicator.code: (outcome.value, outcome.indicator.unit, outcome.qualifier)
        for outcome in Outcome.objects.published().filter(year=2021).select_related("indicator")
    }
    assert loaded == SEED_FIGURES
    assert not Outcome.objects.filter(source="").exists()
    assert not Outcome.objects.filter(program__isnull=True, agreement__isnull=True).exists()


@pytest.mark.usefixtures("reference_record")
def test_computed_indicators_name_registered_computations():
    computed = dict(
        Indicator.objects.filter(measurement="computed").values_list("code", "computation")
    )
    assert computed == COMPUTED
    assert set(computed.values()) <= set(computations())
    assert not Indicator.objects.filter(measurement="reported").exclude(computation="").exists()


@pytest.mark.usefixtures("reference_record")
def test_every_record_is_published():
    record_models = [model for model in apps.get_models() if issubclass(model, PairingRecord)]
    assert record_models
    for model in record_models:
        assert not model.objects.exclude(status=RecordStatus.PUBLISHED).exists(), model


@pytest.mark.usefixtures("reference_record")
def test_people_named_in_the_report_are_public():
    assert set(Person.objects.filter(is_public=True).values_list("name", flat=True)) == {
        "娄火明",
        "杨岸林",
    }
    assert not Person.objects.filter(is_public=False).exists()


@pytest.mark.usefixtures("reference_record")
def test_a_secondment_of_a_little_over_a_month_is_not_long_term():
    secondment = Secondment.objects.get(person__name="杨岸林")
    assert not secondment.is_long_term
    assert secondment.date_precision == "month"


@pytest.mark.usefixtures("reference_record")
def test_a_secondment_of_a_little_over_a_month_counts_a_little_over_a_person_month():
    """Two months for "一个多月": 1 October to 30 November counted 2.0 person-months."""
    secondment = Secondment.objects.get(person__name="杨岸林")
    span = secondment.end_date - secondment.start_date + datetime.timedelta(days=1)
    assert 1 < person_months(span) < Decimal("1.5")


def test_the_load_report_names_every_kind_of_row_in_chinese(db):
    """Regression: the report named the program–agreement links "Program-agreement关系"."""
    # In the portal's default language, whatever an earlier request in this process chose.
    with translation.override("zh-hans"):
        lines = load_demo().splitlines()

    assert [
        line for line in lines if re.fullmatch(r"举措与协议的关联：新建 \d+ 条，更新 0 条", line)
    ]
    assert not [line for line in lines if re.search("[A-Za-z]", line)]
