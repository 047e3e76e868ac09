"""The record sets and computations programs offer to the statistics module."""

from django.utils.translation import gettext_lazy as _

from cooperation.core.models import Unit
from cooperation.stats.measures import count_rows, sum_of
from cooperation.stats.registry import (
    Computation,
    Measure,
    RecordSet,
    decimal_or_none,
    register_computation,
    register_record_set,
)
from programs.models import BaseKind, EventKind


def register_statistics() -> None:
    """Declare events and bases, and the indicators computed from them."""
    register_record_set(
        RecordSet(
            key="events",
            label=_("Events"),
            model_label="programs.Event",
            date_field="start_date",
            end_field="end_date",
            group_field="kind",
            measures=(
                Measure("count", _("events"), Unit.EVENTS, count_rows),
                Measure(
                    "participants",
                    _("participants"),
                    Unit.PERSON_TIMES,
                    sum_of("participants"),
                    decimal_or_none,
                    unknown_when_null="participants",
                ),
            ),
        )
    )
    register_record_set(
        RecordSet(
            key="bases",
            label=_("Bases"),
            model_label="programs.Base",
            date_field="established_on",
            group_field="kind",
            lasting=True,
            measures=(Measure("count", _("bases"), Unit.UNITS, count_rows),),
        )
    )
    for kind in BaseKind:
        register_computation(
            Computation(
                key=f"bases.{kind.value}",
                label=kind.label,
                record_set="bases",
                filters={"kind": kind.value},
            )
        )
    for kind in (EventKind.DEMONSTRATION_CLASS, EventKind.FREE_CLINIC):
        register_computation(
            Computation(
                key=f"events.{kind.value}",
                label=kind.label,
                record_set="events",
                filters={"kind": kind.value},
            )
        )
