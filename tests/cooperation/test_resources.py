"""Sheets say choices and yes/no in the words officials read in the admin, in any language."""

import pytest
import tablib
from django.utils import translation

from cooperation.core.models import Outcome, Qualifier
from cooperation.core.resources import OutcomeResource
from programs.resources import EventResource
from tests import factories
from tests.sheets import row_errors

OUTCOME_PERMISSIONS = ("cooperation.add_outcome", "cooperation.change_outcome")
OUTCOME_HEADERS = ["Pairing", "Indicator", "Year", "Value", "Qualifier", "Cumulative"]


@pytest.fixture
def pairing(binjiang_chaotian):
    return binjiang_chaotian


@pytest.fixture
def official(pairing, official_of):
    return official_of(pairing.western_region, *OUTCOME_PERMISSIONS)


@pytest.fixture
def indicator(db):
    return factories.IndicatorFactory(code="cadre-trainings")


def widget(resource_class, name):
    return resource_class().fields[name].widget


def import_outcome(official, pairing, qualifier, cumulative):
    with translation.override("en"):
        return OutcomeResource(user=official).import_data(
            tablib.Dataset(
                [str(pairing), "cadre-trainings", 2021, 600, qualifier, cumulative],
                headers=OUTCOME_HEADERS,
            ),
            rollback_on_validation_errors=True,
        )


@pytest.mark.parametrize(
    ("language", "qualifier", "cumulative"),
    [("zh-hans", "余（以上）", "是"), ("en", "more than (余)", "Yes")],
)
def test_choices_and_yes_no_are_exported_in_the_officials_language(
    official, pairing, language, qualifier, cumulative
):
    """Regression: a sheet said "more_than" and TRUE where the admin says 余（以上） and 是."""
    factories.OutcomeFactory(pairing=pairing, qualifier=Qualifier.MORE_THAN, is_cumulative=True)

    with translation.override(language):
        resource = OutcomeResource(user=official)
        [row] = resource.export().dict
        # An xlsx export asks for native values; a label is still text.
        [native] = resource.export(force_native_type=True).dict

    qualifier_column = resource.fields["qualifier"].column_name
    cumulative_column = resource.fields["is_cumulative"].column_name
    assert (row[qualifier_column], row[cumulative_column]) == (qualifier, cumulative)
    assert (native[qualifier_column], native[cumulative_column]) == (qualifier, cumulative)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("more_than", "more_than"),
        ("余（以上）", "more_than"),
        ("余(以上)", "more_than"),
        ("  More Than (余) ", "more_than"),
        ("余", "more_than"),
        ("约", "about"),
        ("准确", "exact"),
        ("Exact", "exact"),
    ],
)
def test_a_choice_is_read_by_its_code_or_any_label(db, written, code):
    """Regression: only the code was accepted, so the label shown in the admin was refused."""
    assert widget(OutcomeResource, "qualifier").clean(written) == code


@pytest.mark.parametrize("written", ["讲座", "Lecture", "lecture", " LECTURE "])
def test_an_event_kind_is_read_by_its_code_or_any_label(db, written):
    assert widget(EventResource, "kind").clean(written) == "lecture"


def test_an_unknown_choice_is_refused_naming_the_choices(official, pairing, indicator):
    result = import_outcome(official, pairing, "多于", "否")

    assert row_errors(result) == [
        {
            "Qualifier": [
                "“多于” is not one of the choices: “exact”, “more than (余)” or “about (约)”."
            ]
        }
    ]
    assert not Outcome.objects.exists()


def test_an_empty_choice_takes_the_fields_default(official, pairing, indicator):
    result = import_outcome(official, pairing, "", "")

    assert not result.has_errors() and not result.has_validation_errors()
    outcome = Outcome.objects.get()
    assert (outcome.qualifier, outcome.is_cumulative) == (Qualifier.EXACT, False)


@pytest.mark.parametrize(
    ("written", "answer"),
    [
        ("是", True),
        ("否", False),
        ("Yes", True),
        (" no ", False),
        ("TRUE", True),
        ("false", False),
        (1, True),
        (0, False),
        (True, True),
    ],
)
def test_yes_and_no_are_read_in_either_language(db, written, answer):
    assert widget(OutcomeResource, "is_cumulative").clean(written) is answer


def test_a_value_neither_yes_nor_no_is_refused(official, pairing, indicator):
    """Regression: anything but a known "yes", such as 有, was silently read as no."""
    result = import_outcome(official, pairing, "余", "有")

    assert row_errors(result) == [{"Cumulative": ["Write “Yes” or “No”."]}]
    assert not Outcome.objects.exists()


def test_an_error_is_named_by_the_column_header_in_the_officials_language(
    official, pairing, indicator
):
    """Regression: the preview named a field in error by its attribute, "qualifier"."""
    with translation.override("zh-hans"):
        result = OutcomeResource(user=official).import_data(
            tablib.Dataset(
                [str(pairing), "cadre-trainings", 2021, None, "多于"],
                headers=["结对关系", "指标", "年度", "数值", "限定词"],
            )
        )

    # One refused by the column's reading, one by the model's own check.
    [invalid] = result.invalid_rows
    assert set(invalid.field_specific_errors) == {"限定词", "数值"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_exported_outcome_sheet_imports_back_unchanged(official, pairing, indicator, language):
    for year, qualifier in enumerate(Qualifier, start=2021):
        factories.OutcomeFactory(
            pairing=pairing, indicator=indicator, year=year, qualifier=qualifier, is_cumulative=True
        )
    factories.OutcomeFactory(pairing=pairing, indicator=indicator, year=2024)

    with translation.override(language):
        sheet = OutcomeResource(user=official).export()
        result = OutcomeResource(user=official).import_data(sheet)

    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"] * 4
