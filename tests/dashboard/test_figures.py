"""Figures are written as reports write them, in the page's language."""

from decimal import Decimal

import pytest
from django.utils import translation

from cooperation.models import Qualifier, Unit
from cooperation.templatetags.figures import figure, number, quantity, unit_label


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
