"""Figures that say what they mean: value, qualifier, difference, unit, the records behind.

The selectors return these objects; the API and the dashboard only present them. A figure
never needs its reader to work out whether it is a lower bound, which qualifier its
difference shares, or which list filters select the records it counts: it says so itself.
Group-by dimensions, how each names its groups and which list filters select a group's
records, live here too, for the statistics endpoints and the dashboard's charts alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import pgettext

from cooperation.core.models import Indicator, Qualifier, Unit
from cooperation.stats.registry import Computation, Measure, RecordSet, qualifier_of


def unit_label(unit: str, count=None) -> str:
    """Return the translated name of a unit ("人次" for person-times on a Chinese page).

    After exactly one it is singular: "1 person-time", not "1 person-times".
    """
    if unit not in Unit.values:
        return unit
    if count is None or Decimal(count) != 1:
        return Unit(unit).label
    singular = {
        Unit.ITEMS: pgettext("unit", "item"),
        Unit.UNITS: pgettext("unit", "unit"),
        Unit.PERSON_TIMES: pgettext("unit", "person-time"),
        Unit.PERSONS: pgettext("unit", "person"),
        Unit.CASES: pgettext("unit", "case"),
        Unit.EVENTS: pgettext("unit", "event"),
        Unit.SESSIONS: pgettext("unit", "session"),
        Unit.PERSON_MONTHS: pgettext("unit", "person-month"),
    }
    return singular.get(unit, Unit(unit).label)


def filter_value(value: Any) -> str:
    """Write a value the way the list FilterSets read it back (booleans as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class Records:
    """The records behind a figure: a record set's list, filtered as the figure counted them.

    ``key`` names the list (a record set key, or ``outcomes``) in the API and on the
    dashboard alike; ``pk`` names one record instead, a reported figure's outcome.
    """

    key: str
    filters: Mapping[str, Any] = field(default_factory=dict)
    pk: int | None = None

    def query(self) -> dict[str, str | list[str]]:
        """Return the filters as query parameters; a list value repeats its parameter."""
        return {
            name: [filter_value(item) for item in value]
            if isinstance(value, list | tuple)
            else filter_value(value)
            for name, value in self.filters.items()
        }


def computation_records(computation: Computation, scope_filters: Mapping[str, Any]) -> Records:
    """Return the records a computation counts within a scope said as list filters."""
    return Records(computation.record_set, {**scope_filters, **computation.filters})


@dataclass(frozen=True)
class MeasureValue:
    """One measure of a record set over some records: 3 events, 120+ participants."""

    measure: Measure
    value: Decimal | None
    records: Records | None = None
    source: str = "computed"

    @property
    def key(self) -> str:
        return self.measure.key

    @property
    def label(self) -> str | Promise:
        return self.measure.label

    @property
    def unit(self) -> str:
        return self.measure.unit

    @property
    def unit_label(self) -> str:
        return unit_label(self.measure.unit)

    @property
    def qualifier(self) -> str:
        """Say "more than" where some records counted did not know their number."""
        return qualifier_of(self.value)


def measure_values(
    record_set: RecordSet, values: Mapping[str, Decimal | None], records: Records | None = None
) -> list[MeasureValue]:
    """Pair each measure of ``record_set`` with its value, all behind the same records."""
    return [
        MeasureValue(measure=measure, value=values[measure.key], records=records)
        for measure in record_set.measures
    ]


@dataclass(frozen=True)
class Reported:
    """A figure as a pairing reported it: "600" with qualifier "more than".

    Over several pairings it is the sum of their outcomes of one indicator (``outcomes`` of
    them, ``outcome_id`` and ``is_cumulative`` then ``None``), and ``behind`` lists them.
    """

    outcome_id: int | None
    value: Decimal
    qualifier: str
    source: str
    is_cumulative: bool | None
    outcomes: int = 1
    behind: Records | None = None

    @property
    def records(self) -> Records | None:
        """Return the outcome that reports the figure, or the outcomes summed."""
        if self.outcome_id is None:
            return self.behind
        return Records("outcomes", pk=self.outcome_id)


@dataclass(frozen=True)
class Computed:
    """What records count of an indicator: the computation, its value, the records counted."""

    computation: Computation
    value: Decimal
    records: Records | None

    @property
    def qualifier(self) -> str:
        return qualifier_of(self.value)


@dataclass(frozen=True)
class Figure:
    """One indicator's figure for a scope: reported, computed, or both with their gap.

    ``scope_filters`` are the list filters selecting the records the scope covers, so that a
    computed figure can name the records it counted; ``None`` where no list filter can.
    """

    indicator: Indicator
    reported: Reported | None = None
    computed: Decimal | None = None
    target: Decimal | None = None
    program_id: int | None = None
    agreement_id: int | None = None
    computation: Computation | None = None
    scope_filters: Mapping[str, Any] | None = None

    @property
    def difference(self) -> Decimal | None:
        """Return reported minus computed, where the indicator has both."""
        if self.reported is None or self.computed is None:
            return None
        return self.reported.value - self.computed

    @property
    def difference_qualifier(self) -> str | None:
        """Qualify the difference as the reported figure is: 8+ of 600+, 8 of 600."""
        return None if self.difference is None else self.reported.qualifier

    @property
    def source(self) -> str:
        """Say where the figure comes from: "reported", "computed" or "both"."""
        if self.reported and self.computed is not None:
            return "both"
        return "reported" if self.reported else "computed"

    @property
    def value(self) -> Decimal | None:
        """Return the headline value: the reported one where there is one, else the computed."""
        return self.reported.value if self.reported else self.computed

    @property
    def qualifier(self) -> str:
        """Qualify the headline value: as reported, or "more than" for a lower bound."""
        return self.reported.qualifier if self.reported else qualifier_of(self.computed)

    @property
    def qualifier_label(self) -> str:
        return str(Qualifier(self.qualifier).label)

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def unit_label(self) -> str:
        return unit_label(self.indicator.unit)

    @property
    def computed_figure(self) -> Computed | None:
        """Return what records count, with the records counted; ``None`` if not computed."""
        if self.computed is None or self.computation is None:
            return None
        records = None
        if self.scope_filters is not None:
            records = computation_records(self.computation, self.scope_filters)
        return Computed(computation=self.computation, value=self.computed, records=records)

    @property
    def records(self) -> Records | None:
        """Return the records behind the headline: those counted, else the reporting outcome."""
        computed = self.computed_figure
        if computed is not None:
            return computed.records
        return self.reported.records if self.reported else None


@dataclass(frozen=True)
class BreakdownRow:
    """One group of a breakdown ("lecture"), its measures and the records behind them."""

    group: Any
    values: dict[str, Decimal]
    record_set: RecordSet | None = None
    records: Records | None = None

    @property
    def label(self) -> str | None:
        """Name the group the way the portal's choices name it, in the active language."""
        if self.group is None or self.record_set is None or not self.record_set.group_field:
            return None
        return self.record_set.group_labels().get(self.group, str(self.group))

    @property
    def measure_values(self) -> list[MeasureValue]:
        return measure_values(self.record_set, self.values, self.records)


@dataclass(frozen=True)
class Breakdown:
    """A record set's measures, grouped by its kind-like field, with totals."""

    record_set: RecordSet
    rows: list[BreakdownRow]
    totals: dict[str, Decimal]
    records: Records | None = None

    @property
    def total_values(self) -> list[MeasureValue]:
        return measure_values(self.record_set, self.totals, self.records)


@dataclass(frozen=True)
class Summary:
    """Every headline figure of a scope."""

    scope: Any
    breakdowns: list[Breakdown] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class Dimension:
    """What figures can be grouped by: a pairing, a region, a year, a program, a kind …

    ``name`` is the ``group_by`` value and the key of a row; ``field`` the field grouped on
    (``year`` is the year a record starts); ``filters`` select a group's records in the list,
    ``None`` where no list filter selects exactly them; ``labels`` name the groups of a
    choice field.
    """

    name: str
    field: str
    filters: Callable[[Any], dict[str, Any] | None]
    labels: Callable[[], Mapping[Any, str]] | None = None

    def label(self, value: Any) -> str | None:
        """Name a group of a choice field in the active language; ``None`` for other fields."""
        if self.labels is None or value is None:
            return None
        return self.labels().get(value, str(value))

    def related_model(self, model: type[models.Model]) -> type[models.Model] | None:
        """Return the model whose records the groups are, or ``None`` for a year or a kind."""
        if self.name == "year":
            return None
        found = model
        for part in self.field.split("__"):
            relation = found._meta.get_field(part)
            if not relation.is_relation:
                return None
            found = relation.related_model
        return found


def _unless_none(build: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict | None]:
    return lambda value: None if value is None else build(value)


def _record_dimension(name: str, field_name: str, parameter: str) -> Dimension:
    return Dimension(name, field_name, _unless_none(lambda value: {parameter: value}))


def pairing_dimensions() -> dict[str, Dimension]:
    """Return the dimensions every pairing record has, ``year`` left to the caller."""
    return {
        "pairing": _record_dimension("pairing", "pairing", "pairing_id"),
        "eastern_region": _record_dimension(
            "eastern_region", "pairing__eastern_region", "pairing_region_id"
        ),
        "western_region": _record_dimension(
            "western_region", "pairing__western_region", "pairing_region_id"
        ),
    }


def record_set_dimensions(record_set: RecordSet) -> dict[str, Dimension]:
    """Return what a record set's figures can be grouped by.

    A record set's list has no "started in" year filter: a group of a year is selected by
    the dates its records start between.
    """
    dimensions = pairing_dimensions()
    dimensions["year"] = Dimension(
        "year",
        "year",
        _unless_none(
            lambda year: {"start_after": f"{year}-01-01", "start_before": f"{year}-12-31"}
        ),
    )
    if any(field.name == "program" for field in record_set.model._meta.fields):
        dimensions["program"] = _record_dimension("program", "program", "program_id")
    if record_set.group_field:
        name = record_set.group_field
        dimensions[name] = Dimension(
            name, name, _unless_none(lambda value: {name: value}), labels=record_set.group_labels
        )
    return dimensions


def outcome_dimensions() -> dict[str, Dimension]:
    """Return what reported outcomes can be summed by."""
    return {
        **pairing_dimensions(),
        "year": Dimension("year", "year", _unless_none(lambda year: {"year": year})),
        "program": _record_dimension("program", "program", "program_id"),
        "agreement": _record_dimension("agreement", "agreement", "agreement_id"),
    }


def group_records(
    key: str, filters: Mapping[str, Any], dimensions: list[Dimension], row: Mapping[str, Any]
) -> Records | None:
    """Return the records behind a group-by row: ``filters`` narrowed to each of its groups.

    ``None`` when some group has no list filter selecting exactly its records.
    """
    narrowed = dict(filters)
    for dimension in dimensions:
        selecting = dimension.filters(row[dimension.field])
        if selecting is None:
            return None
        narrowed.update(selecting)
    return Records(key, narrowed)


@dataclass(frozen=True)
class GroupRow:
    """A row of a group-by statistic: the value of each dimension grouped by, the figures.

    ``groups`` maps each dimension's name to its value; ``values`` holds a record set's
    measures, or a reported sum under ``value`` with its qualifier and outcome count.
    """

    groups: dict[str, Any]
    values: dict[str, MeasureValue]
    records: Records | None


@dataclass(frozen=True)
class OutcomeTotal:
    """Reported outcomes of one indicator summed over a group, qualified honestly."""

    indicator_code: str
    unit: str
    groups: dict[str, Any]
    value: Decimal
    qualifier: str
    outcomes: int
    records: Records | None

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)
