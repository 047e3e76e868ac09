"""Turn statistics into what public pages draw: drill-down links and chart specifications.

A chart specification is plain data — categories, series, points with a printed label and
a link — that ``static/dashboard/charts.js`` draws with ECharts and that the templates
print as the chart's table, so the picture and its text equivalent never disagree.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from cooperation.core.models import Qualifier
from cooperation.core.selectors import FigureGroup
from cooperation.dashboard.registry import Timeline
from cooperation.dashboard.templatetags.figures import localized, quantity
from cooperation.stats.figures import (
    Figure,
    MeasureValue,
    Records,
    computation_records,
    unit_label,
)
from cooperation.stats.registry import RecordSet, record_sets
from cooperation.stats.selectors import Breakdown, StatsScope


def records_url(record_set_key: str, filters: Mapping[str, Any]) -> str:
    """Return the public list of a record set's records, filtered as a figure counted them.

    Each record set's list is routed under its own key (``dashboard:events``).
    """
    return url_of(Records(record_set_key, filters))


def url_of(records: Records | None) -> str:
    """Return the public page of the records behind a figure; "" where there is none.

    A list is routed under its record set's key (``dashboard:events``), one record under
    the singular (``dashboard:outcome``).
    """
    if records is None:
        return ""
    if records.pk is not None:
        return reverse(f"dashboard:{records.key.removesuffix('s')}", args=[records.pk])
    query = urlencode(records.query(), doseq=True)
    return f"{reverse(f'dashboard:{records.key}')}?{query}"


def scope_filters(pairing_id: int, year: int | None) -> dict[str, Any]:
    """Return the list filters matching a dashboard scope."""
    return StatsScope.for_year(pairing_id=pairing_id, year=year).list_filters()


def point(value: Decimal | None, *, qualifier: str = Qualifier.EXACT, url: str = "") -> dict:
    """Return one chart point: its number, how to print it, and the records behind it."""
    return {
        "value": None if value is None else float(value),
        "label": "" if value is None else quantity(value, qualifier),
        "url": url,
    }


def chart(
    chart_id: str,
    kind: str,
    title: str,
    categories: Sequence[str],
    series: Iterable[dict],
    *,
    category_title: str = "",
) -> dict:
    """Return a chart specification; ``kind`` is how charts.js draws it (bar, pie, …).

    ``rows`` repeats the points category by category, for the table printed beside it.
    """
    series = list(series)
    return {
        "id": chart_id,
        "kind": kind,
        "title": title,
        "category_title": category_title,
        "categories": list(categories),
        "series": series,
        "rows": [
            {"category": category, "cells": [item["data"][index] for item in series]}
            for index, category in enumerate(categories)
        ],
    }


def named_with_unit(name, unit: str) -> str:
    """Name a series or category with its unit, unless the unit only repeats the name."""
    label = unit_label(unit)
    if str(name) == label:
        return label
    return _("%(name)s (%(unit)s)") % {"name": name, "unit": label}


def figures_chart(groups: Sequence[FigureGroup]) -> dict:
    """Chart each reported figure beside what its records count and its target.

    Only indicators that have something to compare with are drawn: a computed value or a
    target. The reported bar links to the outcome and its source, the computed one to
    the records counted.
    """
    categories, reported, computed, targets = [], [], [], []
    for group in groups:
        for figure, _part in group.figures:
            if figure.computed is None and figure.target is None:
                continue
            categories.append(named_with_unit(localized(figure.indicator), figure.unit))
            reported.append(
                point(
                    figure.reported.value if figure.reported else None,
                    qualifier=figure.reported.qualifier if figure.reported else Qualifier.EXACT,
                    url=url_of(figure.reported.records) if figure.reported else "",
                )
            )
            behind = figure.computed_figure
            computed.append(
                point(
                    figure.computed,
                    qualifier=behind.qualifier if behind else Qualifier.EXACT,
                    url=url_of(behind.records) if behind else "",
                )
            )
            targets.append(point(figure.target))
    series = [
        {"name": _("Reported"), "data": reported},
        {"name": _("Counted from records"), "data": computed},
    ]
    if any(target["value"] is not None for target in targets):
        series.append({"name": _("Target"), "data": targets})
    return chart(
        "figures",
        "hbar",
        _("Reported figures against records and targets"),
        categories,
        series,
        category_title=_("Indicator"),
    )


def computation_url(figure: Figure, pairing_id: int, year: int | None) -> str:
    """Return the list of the records a computed figure counts in a pairing's year."""
    return url_of(computation_records(figure.computation, scope_filters(pairing_id, year)))


def breakdown_chart(breakdown: Breakdown, kind: str, *, measure: str = "count") -> dict:
    """Chart a record set's breakdown by its group field, each segment linked to its records."""
    record_set: RecordSet = breakdown.record_set
    data = [point(row.values[measure], url=url_of(row.records)) for row in breakdown.rows]
    return chart(
        f"{record_set.key}-by-group",
        kind,
        str(record_set.label),
        [row.label for row in breakdown.rows],
        [{"name": str(record_set.measure(measure).label), "data": data}],
        category_title=record_set.group_heading(),
    )


def monthly_chart(
    rows: Sequence[tuple[datetime.date, dict[str, Decimal]]],
    record_set: RecordSet,
    pairing_id: int,
) -> dict:
    """Chart a record set's measures month by month, each month linked to its records."""
    categories = [formats.date_format(month, "YEAR_MONTH_FORMAT") for month, _values in rows]
    series = []
    for measure in record_set.measures:
        series.append(
            {
                "name": named_with_unit(measure.label, measure.unit),
                "data": [
                    point(values[measure.key], url=month_url(record_set, pairing_id, month))
                    for month, values in rows
                ],
            }
        )
    return chart(
        f"{record_set.key}-by-month",
        "bar-line",
        _("%(records)s by month") % {"records": record_set.label},
        categories,
        series,
        category_title=_("Month"),
    )


def month_url(record_set: RecordSet, pairing_id: int, month: datetime.date) -> str:
    """Return the list of a record set's records that began in ``month``."""
    last_day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return records_url(
        record_set.key,
        {
            "pairing_id": pairing_id,
            "start_after": month.isoformat(),
            "start_before": last_day.isoformat(),
        },
    )


def headline(totals: Mapping[str, Mapping[str, Decimal]], pairing_id: int) -> list[dict]:
    """Return a pairing's record totals, each measure with the list of its records.

    ``totals`` is one pairing's entry of ``pairing_totals()``; record sets with no
    records are left out.
    """
    rows = []
    for key, record_set in record_sets().items():
        if key not in totals:
            continue
        records = Records(key, {"pairing_id": pairing_id})
        for measure in record_set.measures:
            rows.append(
                {
                    "record_set": record_set,
                    "figure": MeasureValue(measure, totals[key][measure.key], records),
                }
            )
    return rows


def timeline_chart(timeline: Timeline, rows: Iterable) -> dict:
    """Chart records from their start to their end, each linked to its page."""
    points = [timeline.point(row) for row in rows]
    return chart(
        f"{timeline.key}-timeline",
        "timeline",
        str(timeline.title),
        [f"{item['who']} → {item['host']}" for item in points],
        [{"name": str(timeline.series_name), "data": points}],
        category_title=str(timeline.category_title),
    )
