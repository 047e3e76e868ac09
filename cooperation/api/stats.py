"""Statistics endpoints: explicit read-only views over ``cooperation.stats.selectors``.

Every number comes from the selectors; these views only check the parameters, scope the
records to the viewer and say where each figure comes from, with a link to the API list of
the records behind it. Group-by endpoints take the FilterSet of their records, so a client
filters statistics exactly as it filters lists.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from cooperation.api.base import StrictQueryMixin
from cooperation.core.access import reachable, readable_rows
from cooperation.core.filtersets import OutcomeFilterSet
from cooperation.core.models import (
    Indicator,
    Measurement,
    Outcome,
    Pairing,
    Qualifier,
)
from cooperation.stats.cache import PublicCache
from cooperation.stats.figures import (
    Dimension,
    Records,
    filter_value,
    outcome_dimensions,
    record_set_dimensions,
    unit_label,
)
from cooperation.stats.registry import Period, RecordSet, record_sets
from cooperation.stats.selectors import (
    INTERVALS,
    StatsScope,
    grouped_outcome_totals,
    grouped_record_figures,
    summary,
    timeseries,
)


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureValueField(serializers.Field):
    """A figure as a JSON number: a whole number stays whole, 1.4 person-months stays 1.4."""

    def to_representation(self, value: Decimal) -> int | float:
        return int(value) if value == value.to_integral_value() else float(value)


def value_field(**kwargs) -> FigureValueField:
    return FigureValueField(read_only=True, **kwargs)


def records_url(request, records: Records | None) -> str | None:
    """Link to the API list of the records behind a figure, or to its one record."""
    if records is None:
        return None
    if records.pk is not None:
        return request.build_absolute_uri(reverse(f"api:{records.key}-detail", args=[records.pk]))
    url = reverse(f"api:{records.key}-list")
    query = urlencode(records.query(), doseq=True)
    return request.build_absolute_uri(f"{url}?{query}" if query else url)


@extend_schema_field(OpenApiTypes.URI)
class RecordsField(serializers.Field):
    """The records behind a figure, as the address of their API list (or of their record)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, records: Records | None) -> str | None:
        return records_url(self.context["request"], records)

    def get_attribute(self, instance):
        # A figure that no list filter selects links nowhere: null, not an error.
        try:
            return super().get_attribute(instance)
        except (AttributeError, KeyError):
            return None


def brief(instance: models.Model | None) -> dict[str, Any] | None:
    return None if instance is None else {"id": instance.pk, "name": str(instance)}


def named(found: Mapping[Any, models.Model], pk: Any) -> dict[str, Any] | None:
    """Name a group's record by its id; one the viewer may not read keeps its id only."""
    if pk is None:
        return None
    return brief(found[pk]) if pk in found else {"id": pk, "name": None}


class BriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_null=True)


class IndicatorBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()


class ScopeQuerySerializer(serializers.Serializer):
    pairing_id = serializers.PrimaryKeyRelatedField(
        queryset=Pairing.objects.select_related("eastern_region", "western_region"),
        required=False,
        help_text=_("Pairing id; every pairing when left out."),
    )
    year = serializers.IntegerField(
        min_value=1,
        max_value=9999,
        required=False,
        help_text=_("Calendar year; all time when left out."),
    )


class GroupValueField(serializers.CharField):
    """A group's value as the list filters read it back: ``true`` for a yes, ``lecture``."""

    def to_representation(self, value: Any) -> str:
        return filter_value(value)


class MeasureValueSerializer(serializers.Serializer):
    measure = serializers.CharField(source="key")
    label = serializers.CharField()
    value = value_field(allow_null=True, help_text=_("Null where no record knew it."))
    unit = serializers.CharField()
    unit_label = serializers.CharField()
    qualifier = serializers.ChoiceField(
        choices=Qualifier.choices,
        help_text=_("More than, where some records counted did not know their number."),
    )
    source = serializers.CharField()


class BreakdownRowSerializer(serializers.Serializer):
    group = GroupValueField(allow_null=True)
    group_label = serializers.CharField(source="label", allow_null=True)
    values = MeasureValueSerializer(source="measure_values", many=True)
    records = RecordsField()


class BreakdownSerializer(serializers.Serializer):
    record_set = serializers.CharField(source="record_set.key")
    label = serializers.CharField(source="record_set.label")
    group_field = serializers.CharField(source="record_set.group_field", allow_null=True)
    rows = BreakdownRowSerializer(many=True)
    totals = MeasureValueSerializer(source="total_values", many=True)
    records = RecordsField()


class ReportedSerializer(serializers.Serializer):
    outcome_id = serializers.IntegerField(
        allow_null=True, help_text=_("Null for a sum of several pairings' outcomes.")
    )
    value = value_field()
    qualifier = serializers.CharField()
    source = serializers.CharField()
    is_cumulative = serializers.BooleanField(
        allow_null=True, help_text=_("Null for a sum of several pairings' outcomes.")
    )
    outcomes = serializers.IntegerField(help_text=_("How many reported outcomes are summed."))
    url = RecordsField(source="records")


class ComputedSerializer(serializers.Serializer):
    computation = serializers.CharField(source="computation.key")
    value = value_field()
    qualifier = serializers.ChoiceField(
        choices=Qualifier.choices,
        help_text=_("More than, where some records counted did not know their number."),
    )
    records = RecordsField()


class FigureSerializer(serializers.Serializer):
    indicator = IndicatorBriefSerializer()
    value = value_field(help_text=_("The reported value where there is one, else the computed."))
    unit = serializers.CharField()
    unit_label = serializers.CharField()
    qualifier = serializers.ChoiceField(choices=Qualifier.choices)
    qualifier_label = serializers.CharField()
    source = serializers.ChoiceField(choices=["reported", "computed", "both"])
    reported = ReportedSerializer(allow_null=True)
    computed = ComputedSerializer(source="computed_figure", allow_null=True)
    difference = value_field(allow_null=True, help_text=_("Reported minus computed, when both."))
    difference_qualifier = serializers.ChoiceField(
        choices=Qualifier.choices,
        allow_null=True,
        help_text=_("The reported figure's qualifier, which its difference shares: 8+ of 600+."),
    )
    target = value_field(allow_null=True)
    program_id = serializers.IntegerField(allow_null=True)
    agreement_id = serializers.IntegerField(allow_null=True)
    records = RecordsField(help_text=_("The records behind the figure, or its outcome."))


class SummarySerializer(serializers.Serializer):
    pairing = BriefSerializer(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    breakdowns = BreakdownSerializer(many=True)
    figures = FigureSerializer(many=True)


class StatsView(StrictQueryMixin, GenericAPIView):
    """A read-only statistics endpoint; figures are not paginated."""

    pagination_class = None
    filter_backends = ()

    def cached_answer(self, compute) -> Response:
        """Answer what ``compute()`` returns, kept in the shared cache for the public.

        A signed-in client's figures may count drafts: those are computed afresh. The
        public's are kept per address (the links in them are absolute), language and
        query, until the published data change.
        """
        request = self.request
        if request.user.is_authenticated:
            return Response(compute())
        query = sorted(
            (name, values) for name, values in request.query_params.lists() if name != "format"
        )
        parts = (type(self).__name__, request.build_absolute_uri("/"), get_language(), query)
        return Response(PublicCache().get_or_compute("api", parts, compute))

    def scope(self, params: Mapping[str, Any]) -> StatsScope:
        pairing = params.get("pairing_id")
        return StatsScope.for_year(
            pairing_id=pairing.pk if pairing else None,
            year=params.get("year"),
            user=self.request.user,
        )


class SummaryView(StatsView):
    """Every headline figure of a pairing and a year, each saying where it comes from."""

    query_serializer = ScopeQuerySerializer
    serializer_class = SummarySerializer

    @extend_schema(parameters=[ScopeQuerySerializer], responses=SummarySerializer)
    def get(self, request, *args, **kwargs):
        return self.cached_answer(self.answer)

    def answer(self):
        params = self.query()
        result = summary(self.scope(params))
        data = {
            "pairing": brief(params.get("pairing_id")),
            "year": params.get("year"),
            "breakdowns": result.breakdowns,
            "figures": result.figures,
        }
        return self.get_serializer(data).data

    def csv_rows(self, data: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
        """Put breakdowns and figures in one table, one figure a row."""
        for item in data["breakdowns"]:
            groups = [*item["rows"], {"group": None, "group_label": None, **item}]
            for group in groups:
                values = group["values"] if "values" in group else group["totals"]
                for value in values:
                    yield {
                        "record_set": item["record_set"],
                        "group": group["group"],
                        "group_label": group["group_label"],
                        "indicator": None,
                        **value,
                        "records": group["records"],
                    }
        for figure in data["figures"]:
            yield {
                "record_set": None,
                "group": None,
                "group_label": None,
                "indicator": figure["indicator"]["code"],
                "measure": None,
                "label": figure["indicator"]["name"],
                **{key: value for key, value in figure.items() if key != "indicator"},
            }


class TimeseriesQuerySerializer(ScopeQuerySerializer):
    indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), help_text=_("Indicator code")
    )
    interval = serializers.ChoiceField(choices=list(INTERVALS), default="year")


class TimeseriesPointSerializer(serializers.Serializer):
    period = serializers.DateField(help_text=_("First day of the month, quarter or year."))
    value = value_field()
    qualifier = serializers.ChoiceField(choices=Qualifier.choices)
    measurement = serializers.ChoiceField(
        choices=Measurement.choices,
        help_text=_(
            "Computed from records, at the interval asked for; or reported, always per year."
        ),
    )


class TimeseriesSerializer(serializers.Serializer):
    indicator = IndicatorBriefSerializer()
    interval = serializers.CharField()
    pairing = BriefSerializer(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    points = TimeseriesPointSerializer(many=True)


class TimeseriesView(StatsView):
    """An indicator over time: what records compute, and what was reported, by year."""

    query_serializer = TimeseriesQuerySerializer
    serializer_class = TimeseriesSerializer
    csv_header = ("indicator", "period", "value", "qualifier", "measurement")

    @extend_schema(parameters=[TimeseriesQuerySerializer], responses=TimeseriesSerializer)
    def get(self, request, *args, **kwargs):
        return self.cached_answer(self.answer)

    def answer(self):
        params = self.query()
        indicator = params["indicator"]
        points = timeseries(self.scope(params), indicator, params["interval"])
        data = {
            "indicator": indicator,
            "interval": params["interval"],
            "pairing": brief(params.get("pairing_id")),
            "year": params.get("year"),
            "points": [
                {
                    "period": to_date(period),
                    "value": value,
                    "qualifier": qualifier,
                    "measurement": measurement,
                }
                for period, value, qualifier, measurement in points
            ],
        }
        return self.get_serializer(data).data

    def csv_rows(self, data: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
        return [{"indicator": data["indicator"]["code"], **point} for point in data["points"]]


def to_date(period: datetime.date | datetime.datetime) -> datetime.date:
    return period.date() if isinstance(period, datetime.datetime) else period


class CommaSeparatedChoiceField(serializers.MultipleChoiceField):
    """Read ``a,b`` as the choices a and b, keeping their order."""

    def get_value(self, dictionary):
        return dictionary.get(self.field_name, serializers.empty)

    def to_internal_value(self, data):
        names = [name.strip() for name in str(data).split(",") if name.strip()]
        unknown = [name for name in names if name not in self.choices]
        if unknown:
            self.fail("invalid_choice", input=unknown[0])
        return list(dict.fromkeys(names))


class GroupQuerySerializer(serializers.Serializer):
    """``group_by``, whose choices the view gives: the dimensions of its records."""

    group_by = CommaSeparatedChoiceField(choices=[], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        view = self.context.get("view")
        if view is not None:
            self.fields["group_by"].choices = list(view.dimensions())


class GroupedStatsSchema(AutoSchema):
    """Describe a group-by endpoint from the records its view counts."""

    def get_override_parameters(self):
        return [
            OpenApiParameter(
                "group_by",
                {
                    "type": "array",
                    "items": {"type": "string", "enum": list(self.view.dimensions())},
                },
                style="form",
                explode=False,
                description=gettext("Dimensions to group by, comma-separated; none for one total."),
            )
        ]

    def get_response_serializers(self):
        return self.view.row_serializer()(many=True)


class GroupedStatsView(StatsView):
    """Shared by the group-by endpoints: filter like the list, then group and aggregate.

    The statistics give each row its figures and the records behind them; this view names
    the records a row is grouped by, among those the viewer may read, and writes the row.
    """

    query_serializer = GroupQuerySerializer
    schema = GroupedStatsSchema()
    filter_backends = (DjangoFilterBackend,)
    filterset_class = None

    def records_model(self) -> type[models.Model]:
        raise NotImplementedError

    def dimensions(self) -> dict[str, Dimension]:
        raise NotImplementedError

    def figures(self, filterset, dimensions: list[Dimension], filters: dict[str, Any]) -> list:
        raise NotImplementedError

    def values_of(self, row) -> dict[str, Any]:
        raise NotImplementedError

    def row_serializer(self) -> type[serializers.Serializer]:
        raise NotImplementedError

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return self.row_serializer()

    def get_queryset(self):
        return reachable(self.records_model().objects.all(), self.request.user)

    def get(self, request, *args, **kwargs):
        return self.cached_answer(self.answer)

    def answer(self):
        request = self.request
        group_by = self.query().get("group_by", [])
        filterset = self.filter_backends[0]().get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        dimensions = [self.dimensions()[name] for name in group_by]
        rows = self.figures(filterset, dimensions, self.list_filters())
        names = self.names(rows, dimensions)
        data = [self.row_data(row, dimensions, names) for row in rows]
        return self.get_serializer(data, many=True).data

    def list_filters(self) -> dict[str, list[str]]:
        """Return the list filters the request selected its records by."""
        filters = dict(self.request.query_params.lists())
        filters.pop("group_by", None)
        filters.pop("format", None)
        return filters

    def names(self, rows, dimensions: list[Dimension]) -> dict[str, dict]:
        """Fetch the grouped pairings, regions and programs, one query each, for their names.

        A program or agreement is looked up among those the viewer may read, so a draft's
        name never reaches the public.
        """
        names = {}
        for dimension in dimensions:
            model = dimension.related_model(self.records_model())
            if model is None:
                continue
            queryset = readable_rows(model, self.request.user)
            if model is Pairing:
                queryset = queryset.select_related("eastern_region", "western_region")
            names[dimension.name] = queryset.in_bulk(
                {row.groups[dimension.name] for row in rows} - {None}
            )
        return names

    def row_data(self, row, dimensions: list[Dimension], names) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for dimension in dimensions:
            value = row.groups[dimension.name]
            if dimension.name in names:
                data[dimension.name] = named(names[dimension.name], value)
            else:
                data[dimension.name] = value if dimension.name == "year" else filter_value(value)
            label = dimension.label(value)
            if label is not None:
                data[f"{dimension.name}_label"] = label
        data.update(self.values_of(row))
        data["records"] = records_url(self.request, row.records)
        return data


class StatsRowSerializer(serializers.Serializer):
    """A row of a group-by endpoint: the dimensions not grouped by are left out."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {name: value for name, value in data.items() if name in instance}


def dimension_fields(dimensions: Iterable[Dimension]) -> dict[str, Any]:
    """Declare the grouping columns of a row; only those grouped by are present."""
    fields: dict[str, Any] = {}
    for dimension in dimensions:
        name = dimension.name
        if name == "year":
            fields[name] = serializers.IntegerField(required=False, allow_null=True)
        elif dimension.labels is not None:
            fields[name] = serializers.CharField(required=False, allow_null=True)
            fields[f"{name}_label"] = serializers.CharField(required=False)
        else:
            fields[name] = BriefSerializer(required=False, allow_null=True)
    return fields


def may_be_a_lower_bound(measure) -> bool:
    """Tell whether a measure sums a field some records may not know (participants)."""
    return measure.unknown_when_null is not None


class RecordSetStatsView(GroupedStatsView):
    """Count and sum a record set, grouped by pairing, region, year, program or kind.

    ``year`` as a group is the year a record starts; ``year`` as a filter keeps the records
    that count in that year, as the summary counts them, and clips person-months to it.
    A sum over records of which some did not know the summed field carries the qualifier
    ``more_than`` beside it (``participants_qualifier``).
    """

    record_set = ""

    def declared(self) -> RecordSet:
        return record_sets()[self.record_set]

    def records_model(self) -> type[models.Model]:
        return self.declared().model

    def dimensions(self) -> dict[str, Dimension]:
        return record_set_dimensions(self.declared())

    def figures(self, filterset, dimensions, filters):
        year = filterset.form.cleaned_data.get("year")
        return grouped_record_figures(
            filterset.qs,
            self.declared(),
            dimensions,
            period=None if year is None else Period.year(year),
            filters=filters,
        )

    def values_of(self, row) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, figure in row.values.items():
            values[key] = figure.value
            if may_be_a_lower_bound(figure.measure) and figure.value is not None:
                values[f"{key}_qualifier"] = figure.qualifier
        return values

    def row_serializer(self) -> type[serializers.Serializer]:
        return record_set_row_serializer(self.record_set)


@cache
def record_set_row_serializer(key: str) -> type[serializers.Serializer]:
    """Build the row serializer of a record set's group-by endpoint, one class per set.

    The class is cached for the process, so its texts stay lazy and speak each request's
    language.
    """
    record_set = record_sets()[key]
    fields = dimension_fields(record_set_dimensions(record_set).values())
    for measure in record_set.measures:
        fields[measure.key] = value_field(
            allow_null=True,
            help_text=format_lazy("{} ({})", measure.label, unit_label(measure.unit)),
        )
        if may_be_a_lower_bound(measure):
            fields[f"{measure.key}_qualifier"] = serializers.ChoiceField(
                choices=Qualifier.choices,
                required=False,
                help_text=_(
                    "More than, where some records summed did not know their number; "
                    "left out where none knew it."
                ),
            )
    fields["records"] = serializers.URLField(allow_null=True)
    name = "".join(part.capitalize() for part in key.split("_"))
    return type(f"{name}StatsRowSerializer", (StatsRowSerializer,), fields)


OutcomeStatsRowSerializer = type(
    "OutcomeStatsRowSerializer",
    (StatsRowSerializer,),
    {
        "indicator": IndicatorBriefSerializer(),
        "unit": serializers.CharField(),
        "unit_label": serializers.CharField(),
        **dimension_fields(outcome_dimensions().values()),
        "value": value_field(),
        "qualifier": serializers.ChoiceField(choices=Qualifier.choices),
        "outcomes": serializers.IntegerField(help_text=_("How many reported outcomes are summed.")),
        "records": serializers.URLField(allow_null=True),
    },
)


class OutcomeStatsView(GroupedStatsView):
    """Sum reported outcomes per indicator, grouped by pairing, region, year, program, agreement.

    A sum with any "more than" figure in it is itself "more than"; with any "about", "about".
    """

    filterset_class = OutcomeFilterSet

    def records_model(self) -> type[models.Model]:
        return Outcome

    def dimensions(self) -> dict[str, Dimension]:
        return outcome_dimensions()

    def figures(self, filterset, dimensions, filters):
        return grouped_outcome_totals(filterset.qs, dimensions, filters=filters)

    def names(self, rows, dimensions):
        names = super().names(rows, dimensions)
        names["indicator"] = Indicator.objects.in_bulk(
            {row.indicator_code for row in rows}, field_name="code"
        )
        return names

    def row_data(self, row, dimensions, names) -> dict[str, Any]:
        indicator = names["indicator"][row.indicator_code]
        return {
            "indicator": indicator,
            "unit": row.unit,
            "unit_label": row.unit_label,
            **super().row_data(row, dimensions, names),
        }

    def values_of(self, row) -> dict[str, Any]:
        return {"value": row.value, "qualifier": row.qualifier, "outcomes": row.outcomes}

    def row_serializer(self) -> type[serializers.Serializer]:
        return OutcomeStatsRowSerializer
