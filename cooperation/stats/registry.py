"""What the statistics can count, declared by the apps that own the records.

``cooperation`` never imports ``programs`` or ``talent``. Instead each app declares, from its
``AppConfig.ready()``, its record sets (a model, its date fields, how it groups, what it
measures) and the named computations that derive an indicator from them. The statistics
selectors then build every query from these declarations, one query per figure group.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst

from cooperation.core.models.quantities import Qualifier


class AtLeast(Decimal):
    """A sum over records of which some did not know the summed field: a lower bound.

    Events with 120 participants and events nobody counted had at least 120; the value
    prints and computes as the plain sum, and its type tells that it is "120+".
    """


def qualifier_of(value: Decimal | None, qualifier: str = Qualifier.EXACT) -> str:
    """Qualify a value: an exact one that is only a lower bound reads "more than"."""
    if isinstance(value, AtLeast) and qualifier == Qualifier.EXACT:
        return Qualifier.MORE_THAN
    return qualifier


def decimal_or_zero(value: Any) -> Decimal:
    """Turn a count (None for no rows) into a Decimal."""
    return Decimal(value or 0)


def decimal_or_none(value: Any) -> Decimal | None:
    """Turn a sum into a Decimal, keeping None where no record knew the summed field.

    Events whose participants nobody counted sum to "not known", never to 0.
    """
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class Period:
    """The inclusive span of days a figure covers, usually one calendar year."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @property
    def calendar_year(self) -> int | None:
        """Return the year the period is, when it is exactly one calendar year."""
        if self == Period.year(self.start.year):
            return self.start.year
        return None


@dataclass(frozen=True)
class Measure:
    """One way of aggregating a record set: count its rows, sum a field, …

    ``expression(period, condition)`` builds the aggregate; the period lets a measure clip
    what it sums (person-months inside a year), the condition restricts the rows counted.
    """

    key: str
    label: str | Promise
    unit: str
    expression: Callable[[Period | None, models.Q | None], models.Aggregate]
    to_value: Callable[[Any], Decimal | None] = decimal_or_zero
    # The field a sum reads, where a record may not know it: the sum is then ``AtLeast``.
    unknown_when_null: str | None = None

    def aggregates(
        self, name: str, period: Period | None, condition: models.Q | None
    ) -> dict[str, models.Aggregate]:
        """Return the aggregate of this measure under ``name``, and the count it needs."""
        aggregates = {}
        if self.unknown_when_null:
            # Before the sum: an aggregate named like the field would hide the field from it.
            unknown = models.Q(**{f"{self.unknown_when_null}__isnull": True})
            aggregates[f"{name}__unknown"] = models.Count(
                "pk", filter=unknown if condition is None else unknown & condition
            )
        return aggregates | {name: self.expression(period, condition)}

    def value_of(self, row: Mapping[str, Any], name: str) -> Decimal | None:
        """Read this measure's value from an aggregated ``row``, a lower bound if it is one."""
        value = self.to_value(row[name])
        if value is not None and row.get(f"{name}__unknown"):
            return AtLeast(value)
        return value


@dataclass(frozen=True)
class RecordSet:
    """A kind of record the statistics aggregate, e.g. events or secondments.

    ``date_field`` (and ``end_field``, when the records span time) place a record in a
    period. A ``lasting`` record — a base, an agreement, an engagement — counts in every
    period from its start on (an unknown start counts always) until its end; any other
    record counts in the period it happened in.
    """

    key: str
    label: str | Promise
    model_label: str
    date_field: str
    measures: tuple[Measure, ...]
    group_field: str | None = None
    group_choices: tuple[tuple[Any, str | Promise], ...] = ()
    end_field: str | None = None
    lasting: bool = False

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def group_heading(self) -> str:
        """Name the group field, as a table or chart heading says it ("Kind", "Role")."""
        return str(capfirst(self.model._meta.get_field(self.group_field).verbose_name))

    def group_labels(self) -> dict[Any, str]:
        """Name each value of the group field, in the active language.

        ``group_choices`` name the values where the field's own choices do not (a yes/no
        field); otherwise the field's choices do.
        """
        if self.group_choices:
            return {value: str(label) for value, label in self.group_choices}
        field = self.model._meta.get_field(self.group_field)
        return {value: str(label) for value, label in field.flatchoices}

    def __reduce__(self):
        # Its measures hold functions, which do not pickle: a cached figure names it by key.
        if _record_sets.get(self.key) is self:
            return (_registered_record_set, (self.key,))
        return (type(self), tuple(getattr(self, item.name) for item in fields(self)))

    def measure(self, key: str) -> Measure:
        for measure in self.measures:
            if measure.key == key:
                return measure
        raise KeyError(f"record set {self.key!r} has no measure {key!r}")


@dataclass(frozen=True)
class Computation:
    """A figure computed from records that an indicator can name, e.g. free clinics held."""

    key: str
    label: str | Promise
    record_set: str
    measure: str = "count"
    filters: Mapping[str, Any] = field(default_factory=dict)

    def __reduce__(self):
        # A cached figure names its computation by key, as it names its record set.
        if _computations.get(self.key) is self:
            return (_registered_computation, (self.key,))
        return (type(self), tuple(getattr(self, item.name) for item in fields(self)))


_record_sets: dict[str, RecordSet] = {}
_computations: dict[str, Computation] = {}


def register_record_set(record_set: RecordSet) -> None:
    """Declare a record set; declaring another under a taken key is a programming error."""
    if _record_sets.setdefault(record_set.key, record_set) != record_set:
        raise ValueError(f"record set {record_set.key!r} is already registered")


def register_computation(computation: Computation) -> None:
    """Declare a computation over a registered record set."""
    if computation.record_set not in _record_sets:
        raise ValueError(f"unknown record set {computation.record_set!r}")
    _record_sets[computation.record_set].measure(computation.measure)
    if _computations.setdefault(computation.key, computation) != computation:
        raise ValueError(f"computation {computation.key!r} is already registered")


def _registered_record_set(key: str) -> RecordSet:
    return _record_sets[key]


def _registered_computation(key: str) -> Computation:
    return _computations[key]


def record_sets() -> dict[str, RecordSet]:
    """Return every registered record set by key, in registration order."""
    return dict(_record_sets)


def computations() -> dict[str, Computation]:
    """Return every registered computation by key."""
    return dict(_computations)
