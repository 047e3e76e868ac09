"""Links from a figure to the records behind it, for the dashboard's templates.

Figures carry the records behind them; these filters only write their addresses.
"""

from __future__ import annotations

from django import template
from django.utils.text import capfirst

from cooperation.dashboard import charts
from cooperation.stats.figures import Records

register = template.Library()


@register.filter
def records_url(records: Records | None) -> str:
    """Return the public list of the records behind a figure, or "" where there is none."""
    return charts.url_of(records)


@register.filter
def verbose_name(record) -> str:
    """Say what kind of record this is ("Event"), in the page's language."""
    return capfirst(record._meta.verbose_name)
