"""What programs add to the dashboard's pages: dates as exactly as known."""

from __future__ import annotations

from django import template
from django.utils import formats

from cooperation.core.models import DatePrecision

register = template.Library()


def written_date(day, precision: str) -> str:
    """Write a date as exactly as it is known: a month only, when only the month is."""
    if day is None:
        return ""
    if precision == DatePrecision.MONTH:
        return formats.date_format(day, "YEAR_MONTH_FORMAT")
    return formats.date_format(day, "DATE_FORMAT")


@register.simple_tag
def dates(record) -> str:
    """Write when an event or a secondment ran: one date, or from – to, as exactly as known."""
    start = written_date(record.start_date, record.date_precision)
    end = written_date(record.end_date, record.date_precision)
    if not end:
        return start
    if end == start:
        return start
    return f"{start} – {end}"
