"""Figures are written as reports write them, in the page's language."""

from decimal import Decimal

import pytest
from django.utils import translation

from cooperation.core.models import Qualifier, Unit
from cooperation.dashboard.charts import named_with_unit
from cooperation.dashboard.templatetags.figures import figure, number, quantity, unit_label
from cooperation.stats.registry import AtLeast


@pytest.mark.parametrize(
    ("language", "value", "written"),
    [
        ("zh-hans", Decimal("1154.00"), "1,154"),
        ("en", Decimal("1154.00"), "1,154"),
        ("zh-hans", Decimal("1000000"), "1,000,000"),
        ("en", Decimal("2.50"), "2.5"),
        ("en", Decimal("0"), "0"),
    ],
)
def test_number_groups_thousands_and_drops_zero_decimals(language, value, written):
    with translation.override(language):
        assert number(value) == written


def test_quantity_writes_the_qualifier():
    with translation.override("en"):
        assert quantity(Decimal("600.00"), Qualifier.MORE_THAN) == "600+"
        assert quantity(Decimal("35"), Qualifier.ABOUT) == "about 35"
        assert quantity(Decimal("18"), Qualifier.EXACT) == "18"


def test_figure_uses_the_translated_unit_label():
    with translation.override("zh-hans"):
        chinese = figure(Decimal("600"), Unit.PERSON_TIMES, Qualifier.MORE_THAN)
        assert unit_label(Unit.TEN_THOUSAND_YUAN) == "万元"
    with translation.override("en"):
        english = figure(Decimal("600"), Unit.PERSON_TIMES, Qualifier.MORE_THAN)

    assert chinese == (
        '<span class="figure-value">600+</span> <span class="figure-unit">人次</span>'
    )
    assert "person-times" in english


@pytest.mark.parametrize(
    ("value", "qualifier", "unit"),
    [
        (Decimal("1.00"), Qualifier.EXACT, "person"),
        (Decimal("1"), Qualifier.ABOUT, "person"),
        (Decimal("1"), Qualifier.MORE_THAN, "persons"),
        (Decimal("2"), Qualifier.EXACT, "persons"),
        (Decimal("0"), Qualifier.EXACT, "persons"),
        (Decimal("1.5"), Qualifier.EXACT, "persons"),
    ],
)
def test_one_of_a_unit_is_singular_in_english(value, qualifier, unit):
    """Regression: English pages wrote "1 persons" and "1 items"."""
    with translation.override("en"):
        written = figure(value, Unit.PERSONS, qualifier)

    assert written.endswith(f'<span class="figure-unit">{unit}</span>')


def test_every_unit_reads_the_same_after_one_in_chinese():
    with translation.override("zh-hans"):
        for unit in Unit:
            assert unit_label(unit, 1) == unit_label(unit), unit


def test_a_chart_series_names_its_unit_once_and_in_the_pages_punctuation():
    """Regression: the monthly chart's series read "events (events)"."""
    with translation.override("en"):
        assert named_with_unit("events", Unit.EVENTS) == "events"
        assert named_with_unit("participants", Unit.PERSON_TIMES) == "participants (person-times)"
    with translation.override("zh-hans"):
        assert named_with_unit("参加人数", Unit.PERSON_TIMES) == "参加人数（人次）"


def test_a_lower_bound_reads_more_than():
    with translation.override("en"):
        written = figure(AtLeast(120), Unit.PERSON_TIMES)

    assert written.startswith('<span class="figure-value">120+</span>')
