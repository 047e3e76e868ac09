"""Every figure the dashboard, the API and the reports show comes from here.

A figure is either computed from records (counts and sums over a registered record set)
or reported (an Outcome). Each selector runs one query per figure group, in the database,
with expressions that PostgreSQL and SQLite both understand.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import (
    ExtractYear,
    Greatest,
    TruncMonth,
    TruncQuarter,
    TruncYear,
)

from cooperation.core.models import Indicator, Measurement, Outcome, Qualifier, Target
from cooperation.stats.figures import (
    Breakdown,
    BreakdownRow,
    Dimension,
    Figure,
    GroupRow,
    OutcomeTotal,
    Records,
    Reported,
    Summary,
    group_records,
    measure_values,
)
from cooperation.stats.registry import (
    Computation,
    Period,
    RecordSet,
    computations,
    qualifier_of,
    record_sets,
)

INTERVALS = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}


@dataclass(frozen=True)
class StatsScope:
    """Which records figures cover: seen by whom, of which pairings, over which period.

    ``user=None`` is the public, who sees published records only; a signed-in user sees
    what ``readable_by(user)`` lets them read.
    """

    pairing_ids: tuple[int, ...] | None = None
    period: Period | None = None
    user: Any = None

    @classmethod
    def for_year(cls, *, pairing_id: int | None, year: int | None, user=None) -> StatsScope:
        return cls(
            pairing_ids=None if pairing_id is None else (pairing_id,),
            period=None if year is None else Period.year(year),
            user=user,
        )

    def list_filters(self) -> dict[str, Any] | None:
        """Say the scope as the list filters that select its records, or ``None`` if none can.

        The lists read a year as the statistics count it; a period of other days than one
        calendar year has no list filter.
        """
        filters: dict[str, Any] = {}
        if self.pairing_ids is not None:
            ids = list(self.pairing_ids)
            filters["pairing_id"] = ids[0] if len(ids) == 1 else ids
        if self.period is not None:
            if self.period.calendar_year is None:
                return None
            filters["year"] = self.period.calendar_year
        return filters

    def visible(self, model: type[models.Model]) -> models.QuerySet:
        """Return the records of ``model`` this scope's viewer may see, of its pairings."""
        records = model.objects.using(settings.STATS_DATABASE)
        queryset = records.published() if self.user is None else records.readable_by(self.user)
        if self.pairing_ids is not None:
            queryset = queryset.filter(pairing_id__in=self.pairing_ids)
        return queryset

    def records(self, record_set: RecordSet) -> models.QuerySet:
        """Return the visible records of ``record_set`` that fall in the period."""
        queryset = self.visible(record_set.model)
        if self.period is not None:
            queryset = queryset.filter(period_filter(record_set, self.period))
        return queryset

    def outcomes(self) -> models.QuerySet:
        """Return the visible outcomes reported for the years of the period."""
        return self._in_years(self.visible(Outcome))

    def targets(self) -> models.QuerySet:
        """Return the visible targets set for the years of the period."""
        return self._in_years(self.visible(Target))

    def _in_years(self, queryset: models.QuerySet) -> models.QuerySet:
        if self.period is None:
            return queryset
        return queryset.filter(year__range=(self.period.start.year, self.period.end.year))


def period_filter(record_set: RecordSet, period: Period) -> Q:
    """Match the records of ``record_set`` that count in ``period`` (see ``RecordSet``)."""
    start, end = record_set.date_field, record_set.end_field
    begins = Q(**{f"{start}__lte": period.end})
    if record_set.lasting:
        begins |= Q(**{f"{start}__isnull": True})
        ends = Q(**{f"{end}__gte": period.start}) | Q(**{f"{end}__isnull": True}) if end else Q()
    elif end:
        ends = Q(**{f"{end}__gte": period.start}) | Q(
            **{f"{end}__isnull": True, f"{start}__gte": period.start}
        )
    else:
        ends = Q(**{f"{start}__gte": period.start})
    return begins & ends


def aggregate_records(
    queryset: models.QuerySet,
    record_set: RecordSet,
    *,
    group_by: Sequence[str] = (),
    period: Period | None = None,
) -> list[dict[str, Any]]:
    """Aggregate every measure of ``record_set`` over ``queryset``, one row per group.

    ``group_by`` names fields or the pseudo-field ``year`` (of the record's date field).
    """
    annotations = measure_aggregates(record_set, period)
    if not group_by:
        row = queryset.aggregate(**annotations)
        return [_convert(record_set, row)]
    grouping = {
        name: ExtractYear(record_set.date_field) if name == "year" else models.F(name)
        for name in group_by
    }
    keys = [f"group_{name}" for name in group_by]
    rows = (
        queryset.order_by()
        .annotate(**dict(zip(keys, grouping.values(), strict=True)))
        .values(*keys)
        .annotate(**annotations)
        .order_by(*keys)
    )
    return [
        {name: row[key] for name, key in zip(group_by, keys, strict=True)}
        | _convert(record_set, row)
        for row in rows
    ]


def measure_aggregates(record_set: RecordSet, period: Period | None) -> dict[str, Any]:
    """Return the aggregates of every measure of ``record_set``, each under its key."""
    aggregates = {}
    for measure in record_set.measures:
        aggregates |= measure.aggregates(measure.key, period, None)
    return aggregates


def _convert(record_set: RecordSet, row: dict[str, Any]) -> dict[str, Decimal]:
    return {measure.key: measure.value_of(row, measure.key) for measure in record_set.measures}


def breakdown(scope: StatsScope, record_set: RecordSet) -> Breakdown:
    """Return ``record_set``'s measures by its group field, and their totals.

    The totals are aggregated on their own (a second query) rather than added up from the
    rows, whose person-months are already rounded.
    """
    records = scope.records(record_set)
    filters = scope.list_filters()
    behind = None if filters is None else Records(record_set.key, filters)
    (totals,) = aggregate_records(records, record_set, period=scope.period)
    if not record_set.group_field:
        return Breakdown(record_set=record_set, rows=[], totals=totals, records=behind)
    rows = aggregate_records(
        records, record_set, group_by=(record_set.group_field,), period=scope.period
    )
    group_field = record_set.group_field
    breakdown_rows = [
        BreakdownRow(
            group=row[group_field],
            values={measure.key: row[measure.key] for measure in record_set.measures},
            record_set=record_set,
            records=None
            if behind is None
            else Records(record_set.key, {**filters, group_field: row[group_field]}),
        )
        for row in rows
    ]
    return Breakdown(record_set=record_set, rows=breakdown_rows, totals=totals, records=behind)


def computed_values(scope: StatsScope, keys: Iterable[str]) -> dict[str, Decimal]:
    """Compute the named computations, one query per record set they draw on."""
    registered = computations()
    by_record_set: dict[str, list[Computation]] = defaultdict(list)
    for key in set(keys):
        by_record_set[registered[key].record_set].append(registered[key])
    values: dict[str, Decimal] = {}
    for record_set_key, wanted in by_record_set.items():
        record_set = record_sets()[record_set_key]
        annotations = {}
        for computation in wanted:
            annotations |= record_set.measure(computation.measure).aggregates(
                computation.key.replace(".", "__"),
                scope.period,
                Q(**computation.filters) if computation.filters else None,
            )
        row = scope.records(record_set).aggregate(**annotations)
        for computation in wanted:
            measure = record_set.measure(computation.measure)
            values[computation.key] = measure.value_of(row, computation.key.replace(".", "__"))
    return values


def figures(scope: StatsScope, values: Mapping[str, Decimal] | None = None) -> list[Figure]:
    """Return the reported and computed figures of the scope's indicators.

    Within one pairing, a figure per reported outcome; within one pairing and one period,
    an indicator with both a reported outcome and a computation yields one figure carrying
    both and their difference. Over several pairings the outcomes of each indicator are
    summed into one figure (as ``outcome_totals`` sums them), which stands alone beside the
    computed one: not every pairing reports, so the two do not cover the same ground. A
    target of the same indicator, pairing and year is attached; to a sum, their sum.
    ``values`` are the computations' values where the caller has them already.
    """
    one_pairing = len(scope.pairing_ids or ()) == 1
    reconciles = scope.period is not None and one_pairing
    scope_filters = scope.list_filters()
    indicators = list(Indicator.objects.using(settings.STATS_DATABASE).order_by("code"))
    registered = computations()
    if values is None:
        values = computed_values(
            scope,
            [i.computation for i in indicators if i.computation and i.computation in registered],
        )
    values = {i.computation: values[i.computation] for i in indicators if i.computation in values}
    targets = {
        (row["indicator_id"], row["pairing_id"], row["year"]): row["value"]
        for row in scope.targets().values("indicator_id", "pairing_id", "year", "value")
    }
    targets_by_indicator: dict[int, Decimal] = defaultdict(Decimal)
    for (indicator_id, _pairing_id, _year), value in targets.items():
        targets_by_indicator[indicator_id] += value
    if one_pairing:
        result = outcome_figures(scope, values, targets, reconciles=reconciles)
    else:
        result = outcome_sum_figures(scope, indicators, targets_by_indicator)
    reported_codes = {figure.indicator.code for figure in result} if reconciles else set()
    for indicator in indicators:
        if indicator.code not in reported_codes and indicator.computation in values:
            result.append(
                Figure(
                    indicator=indicator,
                    computed=values[indicator.computation],
                    target=targets_by_indicator.get(indicator.pk),
                    computation=registered[indicator.computation],
                    scope_filters=scope_filters,
                )
            )
    return result


def outcome_figures(
    scope: StatsScope,
    values: Mapping[str, Decimal],
    targets: Mapping[tuple[int, int, int], Decimal],
    *,
    reconciles: bool,
) -> list[Figure]:
    """Return a figure per reported outcome of the scope, with what records count of it."""
    registered = computations()
    outcomes = (
        scope.outcomes().select_related("indicator").order_by("indicator__code", "year", "pk")
    )
    return [
        Figure(
            indicator=outcome.indicator,
            reported=Reported(
                outcome_id=outcome.pk,
                value=outcome.value,
                qualifier=outcome.qualifier,
                source=outcome.source,
                is_cumulative=outcome.is_cumulative,
            ),
            computed=values.get(outcome.indicator.computation) if reconciles else None,
            target=targets.get((outcome.indicator_id, outcome.pairing_id, outcome.year)),
            program_id=outcome.program_id,
            agreement_id=outcome.agreement_id,
            computation=registered.get(outcome.indicator.computation) if reconciles else None,
            scope_filters=scope.list_filters(),
        )
        for outcome in outcomes
    ]


def outcome_sum_figures(
    scope: StatsScope, indicators: Sequence[Indicator], targets: Mapping[int, Decimal]
) -> list[Figure]:
    """Return a figure per indicator reported in the scope: the sum of its outcomes."""
    by_code = {indicator.code: indicator for indicator in indicators}
    filters = scope.list_filters()
    result = []
    for row in outcome_totals(scope.outcomes()):
        indicator = by_code[row["indicator__code"]]
        behind = (
            None
            if filters is None
            else Records("outcomes", {**filters, "indicator": indicator.code})
        )
        result.append(
            Figure(
                indicator=indicator,
                reported=Reported(
                    outcome_id=None,
                    value=row["value"],
                    qualifier=row["qualifier"],
                    source="",
                    is_cumulative=None,
                    outcomes=row["outcomes"],
                    behind=behind,
                ),
                target=targets.get(indicator.pk),
                scope_filters=filters,
            )
        )
    return result


def summary(scope: StatsScope) -> Summary:
    """Return every headline figure of a scope: each record set's breakdown and all figures.

    One query per record set gives its breakdown and every computation over it; then one
    each for the indicators, the outcomes and the targets.
    """
    breakdowns = []
    values: dict[str, Decimal] = {}
    for record_set in record_sets().values():
        found, computed = breakdown_and_computations(scope, record_set)
        breakdowns.append(found)
        values |= computed
    return Summary(scope=scope, breakdowns=breakdowns, figures=figures(scope, values))


def breakdown_and_computations(
    scope: StatsScope, record_set: RecordSet
) -> tuple[Breakdown, dict[str, Decimal]]:
    """Return ``breakdown(scope, record_set)`` and every computation over the set, in one query.

    The groups are aggregated as the database groups them; the totals and the computations
    add up the groups' raw aggregates (days, not rounded person-months) before turning them
    into figures, so they are exactly what aggregating all records at once gives.
    """
    wanted = [item for item in computations().values() if item.record_set == record_set.key]
    annotations = measure_aggregates(record_set, scope.period)
    for computation in wanted:
        condition = Q(**computation.filters) if computation.filters else None
        annotations |= record_set.measure(computation.measure).aggregates(
            _computation_name(computation), scope.period, condition
        )
    records = scope.records(record_set)
    if record_set.group_field:
        key = f"group_{record_set.group_field}"
        raw_rows = list(
            records.order_by()
            .annotate(**{key: F(record_set.group_field)})
            .values(key)
            .annotate(**annotations)
            .order_by(key)
        )
        raw_totals = {name: _added(row[name] for row in raw_rows) for name in annotations}
    else:
        key, raw_rows = None, []
        raw_totals = records.aggregate(**annotations)
    filters = scope.list_filters()
    behind = None if filters is None else Records(record_set.key, filters)
    rows = [
        BreakdownRow(
            group=row[key],
            values=_convert(record_set, row),
            record_set=record_set,
            records=None
            if behind is None
            else Records(record_set.key, {**filters, record_set.group_field: row[key]}),
        )
        for row in raw_rows
    ]
    computed = {
        computation.key: record_set.measure(computation.measure).value_of(
            raw_totals, _computation_name(computation)
        )
        for computation in wanted
    }
    totals = _convert(record_set, raw_totals)
    return Breakdown(record_set=record_set, rows=rows, totals=totals, records=behind), computed


def _computation_name(computation: Computation) -> str:
    return computation.key.replace(".", "__")


def _added(values: Iterable[Any]) -> Any:
    """Add up the groups' aggregates of one measure; ``None`` (no record knew it) adds nothing."""
    present = [value for value in values if value is not None]
    return sum(present[1:], present[0]) if present else None


def timeseries(
    scope: StatsScope, indicator: Indicator, interval: str
) -> list[tuple[Any, Decimal, str, str]]:
    """Return ``(period start, value, qualifier, measurement)`` rows of an indicator over time.

    What records compute is bucketed by their dates at ``interval``; what is reported comes
    per year, the granularity outcomes are reported in. An indicator that has both gets both
    series, never silently one.
    """
    points = []
    computation = computations().get(indicator.computation)
    if computation is not None:
        record_set = record_sets()[computation.record_set]
        records = scope.records(record_set).filter(**computation.filters)
        points += [
            (
                bucket,
                values[computation.measure],
                qualifier_of(values[computation.measure]),
                Measurement.COMPUTED,
            )
            for bucket, values in bucketed(scope, records, record_set, interval)
        ]
    reported = outcome_totals(scope.outcomes().filter(indicator=indicator), group_by=("year",))
    points += [
        (datetime.date(row["year"], 1, 1), row["value"], row["qualifier"], Measurement.REPORTED)
        for row in reported
    ]
    return points


def outcome_totals(
    queryset: models.QuerySet, *, group_by: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Sum reported outcomes per indicator and per group, qualifying each sum honestly.

    ``queryset`` is an already filtered, permission-restricted queryset of outcomes. A
    running total (cumulative outcome) already holds its earlier years, so unless the rows
    are grouped by year only its latest year of each pairing is added.
    """
    keys = ["indicator__code", "indicator__unit", *group_by]
    if "year" not in group_by:
        # "No later year" rather than "the latest year": the database stops at the first
        # later row instead of sorting each running total's years.
        later_year = queryset.filter(
            pairing=OuterRef("pairing"),
            indicator=OuterRef("indicator"),
            is_cumulative=True,
            year__gt=OuterRef("year"),
        )
        queryset = queryset.filter(Q(is_cumulative=False) | ~Exists(later_year))
    rows = (
        queryset.order_by()
        .values(*keys)
        .annotate(
            value=Sum("value"),
            outcomes=Count("pk"),
            inexact=Count("pk", filter=~Q(qualifier=Qualifier.EXACT)),
            about=Count("pk", filter=Q(qualifier=Qualifier.ABOUT)),
        )
        .order_by(*keys)
    )
    return [
        {key: row[key] for key in keys}
        | {"value": row["value"], "outcomes": row["outcomes"], "qualifier": combined_qualifier(row)}
        for row in rows
    ]


def combined_qualifier(row: dict[str, int]) -> str:
    """Qualify a sum of reported figures: "about" wins, then "more than", else exact."""
    if row["about"]:
        return Qualifier.ABOUT
    return Qualifier.MORE_THAN if row["inexact"] else Qualifier.EXACT


def record_timeseries(
    scope: StatsScope, record_set: RecordSet, interval: str
) -> list[tuple[datetime.date, dict[str, Decimal]]]:
    """Return every measure of ``record_set`` bucketed by its records' dates, in one query.

    Events and participants by month are drawn from this; a record without a date is left
    out, as it belongs to no bucket.
    """
    return bucketed(scope, scope.records(record_set), record_set, interval)


def bucketed(
    scope: StatsScope, records: models.QuerySet, record_set: RecordSet, interval: str
) -> list[tuple[datetime.date, dict[str, Decimal]]]:
    """Aggregate ``records`` per ``interval`` of their start, in one query.

    A lasting record that began before the period counts from the period's start, so that
    a year's series stays within that year.
    """
    start = F(record_set.date_field)
    if scope.period is not None:
        start = Greatest(start, Value(scope.period.start), output_field=models.DateField())
    rows = (
        records.exclude(**{f"{record_set.date_field}__isnull": True})
        .order_by()
        .annotate(bucket=INTERVALS[interval](start, output_field=models.DateField()))
        .values("bucket")
        .annotate(**measure_aggregates(record_set, scope.period))
        .order_by("bucket")
    )
    return [(row["bucket"], _convert(record_set, row)) for row in rows]


def years_with_data(*, user=None, pairing_ids: Sequence[int] | None = None) -> dict[int, list[int]]:
    """Return, per pairing, the years with a visible outcome or dated record, newest first.

    The dashboard offers these years and opens on the newest; one query per record set,
    plus one for outcomes, over ``pairing_ids`` only where given.
    """
    scope = StatsScope(pairing_ids=None if pairing_ids is None else tuple(pairing_ids), user=user)
    years: dict[int, set[int]] = defaultdict(set)
    for row in scope.outcomes().order_by().values("pairing_id", "year").distinct():
        years[row["pairing_id"]].add(row["year"])
    for record_set in record_sets().values():
        rows = (
            scope.visible(record_set.model)
            .exclude(**{f"{record_set.date_field}__isnull": True})
            .order_by()
            .annotate(record_year=ExtractYear(record_set.date_field))
            .values("pairing_id", "record_year")
            .distinct()
        )
        for row in rows:
            years[row["pairing_id"]].add(row["record_year"])
    return {pairing_id: sorted(found, reverse=True) for pairing_id, found in years.items()}


def pairing_totals(
    *, user=None, pairing_ids: Sequence[int] | None = None
) -> dict[int, dict[str, dict[str, Decimal]]]:
    """Return each record set's measures per pairing over all years, one query per set.

    Keyed by pairing, then record set: ``{pairing_id: {"events": {"count": …}}}``; a pairing
    with no records of a set has no entry for it. Only ``pairing_ids``, where given: a page
    showing some pairings aggregates no other's records.
    """
    scope = StatsScope(pairing_ids=None if pairing_ids is None else tuple(pairing_ids), user=user)
    totals: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(dict)
    for record_set in record_sets().values():
        rows = aggregate_records(scope.records(record_set), record_set, group_by=("pairing",))
        for row in rows:
            pairing_id = row.pop("pairing")
            totals[pairing_id][record_set.key] = row
    return dict(totals)


def grouped_record_figures(
    queryset: models.QuerySet,
    record_set: RecordSet,
    dimensions: Sequence[Dimension],
    *,
    period: Period | None = None,
    filters: Mapping[str, Any],
) -> list[GroupRow]:
    """Aggregate a record set per group of ``dimensions``, each row with its records.

    ``queryset`` is already filtered (by the list filters ``filters``) and restricted to
    what the viewer may read; a row's records are those filters narrowed to its groups.
    """
    rows = aggregate_records(
        queryset, record_set, group_by=[item.field for item in dimensions], period=period
    )
    result = []
    for row in rows:
        records = group_records(record_set.key, filters, list(dimensions), row)
        result.append(
            GroupRow(
                groups={item.name: row[item.field] for item in dimensions},
                values={value.key: value for value in measure_values(record_set, row, records)},
                records=records,
            )
        )
    return result


def grouped_outcome_totals(
    queryset: models.QuerySet, dimensions: Sequence[Dimension], *, filters: Mapping[str, Any]
) -> list[OutcomeTotal]:
    """Sum reported outcomes per indicator and per group of ``dimensions`` (see outcome_totals).

    A row's records are the outcomes of its indicator within ``filters`` and its groups.
    """
    rows = outcome_totals(queryset, group_by=[item.field for item in dimensions])
    return [
        OutcomeTotal(
            indicator_code=row["indicator__code"],
            unit=row["indicator__unit"],
            groups={item.name: row[item.field] for item in dimensions},
            value=row["value"],
            qualifier=row["qualifier"],
            outcomes=row["outcomes"],
            records=group_records(
                "outcomes",
                {**filters, "indicator": row["indicator__code"]},
                list(dimensions),
                row,
            ),
        )
        for row in rows
    ]
