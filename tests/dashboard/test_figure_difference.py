"""A figure's difference keeps the reported figure's qualifier."""

import dataclasses

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from cooperation.core.models import Qualifier
from cooperation.dashboard.templatetags.figures import number

pytestmark = pytest.mark.django_db


def test_the_difference_from_a_more_than_figure_reads_more_than(
    reference_record, reference_summary
):
    """Qualifier dropped: "10+ reported, 2 counted" read "difference 8", not "8+"."""
    figure = next(
        item
        for item in reference_summary.figures
        if item.difference is not None and item.difference > 0
    )
    figure = dataclasses.replace(
        figure, reported=dataclasses.replace(figure.reported, qualifier=Qualifier.MORE_THAN)
    )

    with translation.override("en"):
        html = render_to_string(
            "dashboard/_figure.html", {"figure": figure, "pairing": reference_record, "year": 2021}
        )

    difference = html.split('class="figure-difference">')[1].split("</span>")[0]
    assert difference.split() == ["difference", f"{number(figure.difference)}+"]
