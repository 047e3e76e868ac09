"""Aggregates the apps reuse when they declare their record sets."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Count, ExpressionWrapper, F, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from cooperation.stats.registry import Period

DAYS_PER_MONTH = Decimal("365.25") / 12


def count_rows(period: Period | None, condition: models.Q | None) -> models.Aggregate:
    """Count the records."""
    return Count("pk", filter=condition)


def sum_of(field: str):
    """Build a measure expression summing ``field``."""

    def expression(period: Period | None, condition: models.Q | None) -> models.Aggregate:
        return Sum(field, filter=condition)

    return expression


def days_spanned(start_field: str, end_field: str):
    """Build a measure expression summing the days each record spans, clipped to the period.

    Both ends count (a secondment from the 1st to the 1st is one day); an open end runs to
    the period's end, or to today when there is no period.
    """

    def expression(period: Period | None, condition: models.Q | None) -> models.Aggregate:
        last_day = period.end if period else timezone.localdate()
        end = Coalesce(F(end_field), Value(last_day), output_field=models.DateField())
        start = F(start_field)
        if period:
            end = Least(end, Value(period.end), output_field=models.DateField())
            start = Greatest(start, Value(period.start), output_field=models.DateField())
        span = ExpressionWrapper(
            end - start + Value(datetime.timedelta(days=1)), output_field=models.DurationField()
        )
        return Sum(span, filter=condition)

    return expression


def person_months(total_span: datetime.timedelta | None) -> Decimal:
    """Turn a summed span of days (each record's last day included) into person-months."""
    if total_span is None:
        return Decimal(0)
    return (Decimal(total_span.days) / DAYS_PER_MONTH).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
