"""Links from a figure to the records behind it, for the dashboard's templates."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.text import capfirst

from cooperation.dashboard import charts
from cooperation.stats.registry import Measure, RecordSet
from cooperation.stats.selectors import BreakdownRow, Figure

register = template.Library()


@register.simple_tag
def computation_url(figure: Figure, pairing_id: int, year: int | None) -> str:
    """Return the list of the records a computed figure counts, or "" for a reported one."""
    if figure.computation is None:
        return ""
    return charts.computation_url(figure, pairing_id, year)


@register.simple_tag
def records_url_for(record_set: RecordSet, pairing_id: int, year: int | None, *group) -> str:
    """Return the list behind a breakdown: all its records, or one group's when given."""
    filters = charts.scope_filters(pairing_id, year)
    if group:
        filters[record_set.group_field] = group[0]
    return charts.records_url(record_set.key, filters)


@register.simple_tag
def group_label(record_set: RecordSet, group) -> str:
    """Return the display label of a breakdown's group ("Lecture" for ``lecture``)."""
    return record_set.group_labels().get(group, str(group))


@register.filter
def measure_values(values, record_set: RecordSet) -> list[tuple[Measure, Decimal]]:
    """Pair each measure of a record set with its value in a breakdown row or totals."""
    if isinstance(values, BreakdownRow):
        values = values.values
    return [(measure, values[measure.key]) for measure in record_set.measures]


@register.filter
def verbose_name(record) -> str:
    """Say what kind of record this is ("Event"), in the page's language."""
    return capfirst(record._meta.verbose_name)
