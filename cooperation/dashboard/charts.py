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
from cooperation.dashboard.templatetags.figures import localized, quantity, unit_label
from cooperation.stats.registry import RecordSet, record_sets
from cooperation.stats.selectors import Breakdown


def query_value(value: Any) -> str:
    """Write a filter value the way the FilterSets read it back (booleans as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def records_url(record_set_key: str, filters: Mapping[str, Any]) -> str:
    """Return the public list of a record set's records, filtered as a figure counted them.

    Each record set's list is routed under its own key (``dashboard:events``).
    """
    query = urlencode({name: query_value(value) for name, value in filters.items()})
    return f"{reverse(f'dashboard:{record_set_key}')}?{query}"


def scope_filters(pairing_id: int, year: int | None) -> dict[str, Any]:
    """Return the list filters matching a dashboard scope."""
    return {"pairing_id": pairing_id} | ({"year": year} if year else {})


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


def figures_chart(groups: Sequence[FigureGroup], pairing_id: int, year: int | None) -> dict:
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
            categories.append(named_with_unit(localized(figure.indicator), figure.indicator.unit))
            reported.append(
                point(
                    figure.reported.value if figure.reported else None,
                    qualifier=figure.reported.qualifier if figure.reported else Qualifier.EXACT,
                    url=reverse("dashboard:outcome", args=[figure.reported.outcome_id])
                    if figure.reported
                    else "",
                )
            )
            computed.append(
                point(
                    figure.computed,
                    url=computation_url(figure, pairing_id, year) if figure.computation else "",
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


def computation_url(figure, pairing_id: int, year: int | None) -> str:
    """Return the list of the records a computed figure counts."""
    computation = figure.computation
    return records_url(
        computation.record_set, scope_filters(pairing_id, year) | dict(computation.filters)
    )


def breakdown_chart(
    breakdown: Breakdown, kind: str, pairing_id: int, year: int | None, *, measure: str = "count"
) -> dict:
    """Chart a record set's breakdown by its group field, each segment linked to its records."""
    record_set: RecordSet = breakdown.record_set
    choices = record_set.group_labels()
    data = [
        point(
            row.values[measure],
            url=records_url(
                record_set.key,
                scope_filters(pairing_id, year) | {record_set.group_field: row.group},
            ),
        )
        for row in breakdown.rows
    ]
    return chart(
        f"{record_set.key}-by-group",
        kind,
        str(record_set.label),
        [choices.get(row.group, str(row.group)) for row in breakdown.rows],
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
        for measure in record_set.measures:
            rows.append(
                {
                    "record_set": record_set,
                    "measure": measure,
                    "value": totals[key][measure.key],
                    "url": records_url(key, {"pairing_id": pairing_id}),
                }
            )
    return rows
