"""Show figures the way reports write them: "600+ 人次", "约 35 人", "1,154 个"."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cooperation.core import access
from cooperation.core.models import DatePrecision, Qualifier
from cooperation.stats.figures import unit_label
from cooperation.stats.registry import qualifier_of

register = template.Library()


@register.filter
def number(value) -> str:
    """Format a number for the active language: grouped thousands, no ".00" when integral."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else max(0, -value.normalize().as_tuple()[2])
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


register.filter("unit_label", unit_label)


@register.simple_tag
def quantity(value, qualifier: str = Qualifier.EXACT) -> str:
    """Write a value with its qualifier: "600+" for more than, "about 600" for about.

    A sum that is only a lower bound (some records did not know their count) is "more than".
    """
    qualifier = qualifier_of(value, qualifier)
    written = number(value)
    if qualifier == Qualifier.MORE_THAN:
        return f"{written}+"
    if qualifier == Qualifier.ABOUT:
        return _("about %(number)s") % {"number": written}
    return written


@register.simple_tag
def figure(value, unit: str = "", qualifier: str = Qualifier.EXACT) -> str:
    """Render value, qualifier and unit as one phrase, marked up for styling.

    A value nobody knows (participants no one counted) reads "not known", never 0.
    """
    if value is None:
        return format_html('<span class="figure-value empty">{}</span>', _("not known"))
    qualifier = qualifier_of(value, qualifier)
    return format_html(
        '<span class="figure-value">{}</span> <span class="figure-unit">{}</span>',
        quantity(value, qualifier),
        unit_label(unit, None if qualifier == Qualifier.MORE_THAN else value),
    )


# A linked record shows only when published, so no public page names a draft.
register.filter("published_or_none", access.published_or_none)


@register.filter
def localized(named) -> str:
    """Name a region, organization, program, indicator or person in the page's language.

    Records are named in Chinese and may carry an English name; an English page shows the
    English one where there is one. A pairing is named by its two regions.
    """
    if hasattr(named, "eastern_region"):
        return f"{localized(named.eastern_region)} → {localized(named.western_region)}"
    english = getattr(named, "name_en", "")
    if english and not (get_language() or "").startswith("zh"):
        return english
    return str(getattr(named, "name", named))


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
