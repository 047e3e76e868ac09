"""The record sets and computations talent offers to the statistics module."""

from django.utils.translation import gettext_lazy as _

from cooperation.core.models import Unit
from cooperation.stats.measures import count_rows, days_spanned, person_months
from cooperation.stats.registry import (
    Computation,
    Measure,
    RecordSet,
    register_computation,
    register_record_set,
)
from talent.models import ExpertRole


def register_statistics() -> None:
    """Declare engagements, secondments and mentor pairings, and what is computed from them."""
    register_record_set(
        RecordSet(
            key="engagements",
            label=_("Expert engagements"),
            model_label="talent.ExpertEngagement",
            date_field="start_date",
            end_field="end_date",
            group_field="role",
            lasting=True,
            measures=(Measure("count", _("experts"), Unit.PERSONS, count_rows),),
        )
    )
    register_record_set(
        RecordSet(
            key="secondments",
            label=_("Secondments"),
            model_label="talent.Secondment",
            date_field="start_date",
            end_field="end_date",
            group_field="is_long_term",
            group_choices=((True, _("Long-term")), (False, _("Short-term"))),
            lasting=True,
            measures=(
                Measure("count", _("secondments"), Unit.PERSONS, count_rows),
                Measure(
                    "person_months",
                    _("person-months"),
                    Unit.PERSON_MONTHS,
                    days_spanned("start_date", "end_date"),
                    person_months,
                ),
            ),
        )
    )
    register_record_set(
        RecordSet(
            key="mentor_pairings",
            label=_("Mentor pairings"),
            model_label="talent.MentorPairing",
            date_field="start_date",
            lasting=True,
            measures=(Measure("count", _("mentor pairings"), Unit.PERSONS, count_rows),),
        )
    )
    for role in (ExpertRole.CHIEF_EXPERT, ExpertRole.RESIDENT_LECTURER):
        register_computation(
            Computation(
                key=f"engagements.{role.value}",
                label=role.label,
                record_set="engagements",
                filters={"role": role.value},
            )
        )
    register_computation(
        Computation(
            key="secondments.long_term",
            label=_("Long-term secondments"),
            record_set="secondments",
            filters={"is_long_term": True},
        )
    )
    register_computation(
        Computation(key="mentor_pairings", label=_("Mentor pairings"), record_set="mentor_pairings")
    )
