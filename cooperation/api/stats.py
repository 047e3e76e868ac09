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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from cooperation.api.base import StrictQueryMixin, scoped
from cooperation.core.filtersets import OutcomeFilterSet
from cooperation.core.models import (
    Indicator,
    Measurement,
    Outcome,
    Pairing,
    PairingRecord,
    Qualifier,
    Region,
)
from cooperation.dashboard.templatetags.figures import unit_label
from cooperation.stats.registry import Period, RecordSet, qualifier_of, record_sets
from cooperation.stats.selectors import (
    INTERVALS,
    Breakdown,
    Figure,
    StatsScope,
    aggregate_records,
    outcome_totals,
    summary,
    timeseries,
)

# Group-by dimensions every pairing record has, by parameter name, with the field grouped on.
PAIRING_DIMENSIONS = {
    "pairing": "pairing",
    "eastern_region": "pairing__eastern_region",
    "western_region": "pairing__western_region",
    "year": "year",
}


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureValueField(serializers.Field):
    """A figure as a JSON number: a whole number stays whole, 1.4 person-months stays 1.4."""

    def to_representation(self, value: Decimal) -> int | float:
        return int(value) if value == value.to_integral_value() else float(value)


def value_field(**kwargs) -> FigureValueField:
    return FigureValueField(read_only=True, **kwargs)


def filter_value(value: Any) -> str:
    """Write a value the way the list FilterSets read it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def records_url(request, record_set_key: str, params: Mapping[str, Any]) -> str:
    """Link to the API list of a record set, filtered by ``params``."""
    query = urlencode(
        {
            name: [filter_value(item) for item in value]
            if isinstance(value, list)
            else filter_value(value)
            for name, value in params.items()
        },
        doseq=True,
    )
    url = reverse(f"api:{record_set_key}-list")
    return request.build_absolute_uri(f"{url}?{query}" if query else url)


def brief(instance: models.Model | None) -> dict[str, Any] | None:
    return None if instance is None else {"id": instance.pk, "name": str(instance)}


def named(found: Mapping[Any, models.Model], pk: Any) -> dict[str, Any] | None:
    """Name a group's record by its id; one the viewer may not read keeps its id only."""
    if pk is None:
        return None
    return brief(found[pk]) if pk in found else {"id": pk, "name": None}


def readable_rows(model: type[models.Model], user) -> models.QuerySet:
    """Return the rows of ``model`` whose names ``user`` may read."""
    if issubclass(model, PairingRecord):
        return model.objects.readable_by(user)
    return model.objects.all()


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


class MeasureValueSerializer(serializers.Serializer):
    measure = serializers.CharField()
    label = serializers.CharField()
    value = value_field(allow_null=True, help_text=_("Null where no record knew it."))
    unit = serializers.CharField()
    unit_label = serializers.CharField()
    qualifier = serializers.CharField()
    source = serializers.CharField()


class BreakdownRowSerializer(serializers.Serializer):
    group = serializers.CharField(allow_null=True)
    group_label = serializers.CharField(allow_null=True)
    values = MeasureValueSerializer(many=True)
    records = serializers.URLField()


class BreakdownSerializer(serializers.Serializer):
    record_set = serializers.CharField()
    label = serializers.CharField()
    group_field = serializers.CharField(allow_null=True)
    rows = BreakdownRowSerializer(many=True)
    totals = MeasureValueSerializer(many=True)
    records = serializers.URLField()


class ReportedSerializer(serializers.Serializer):
    outcome_id = serializers.IntegerField()
    value = value_field()
    qualifier = serializers.CharField()
    source = serializers.CharField()
    is_cumulative = serializers.BooleanField()
    url = serializers.URLField()


class ComputedSerializer(serializers.Serializer):
    computation = serializers.CharField()
    value = value_field()
    qualifier = serializers.ChoiceField(
        choices=Qualifier.choices,
        help_text=_("More than, where some records counted did not know their number."),
    )
    records = serializers.URLField()


class FigureSerializer(serializers.Serializer):
    indicator = IndicatorBriefSerializer()
    value = value_field(help_text=_("The reported value where there is one, else the computed."))
    unit = serializers.CharField()
    unit_label = serializers.CharField()
    qualifier = serializers.ChoiceField(choices=Qualifier.choices)
    qualifier_label = serializers.CharField()
    source = serializers.ChoiceField(choices=["reported", "computed", "both"])
    reported = ReportedSerializer(allow_null=True)
    computed = ComputedSerializer(allow_null=True)
    difference = value_field(allow_null=True, help_text=_("Reported minus computed, when both."))
    difference_qualifier = serializers.ChoiceField(
        choices=Qualifier.choices,
        allow_null=True,
        help_text=_("The reported figure's qualifier, which its difference shares: 8+ of 600+."),
    )
    target = value_field(allow_null=True)
    program_id = serializers.IntegerField(allow_null=True)
    agreement_id = serializers.IntegerField(allow_null=True)
    records = serializers.URLField(help_text=_("The records behind the figure, or its outcome."))


class SummarySerializer(serializers.Serializer):
    pairing = BriefSerializer(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    breakdowns = BreakdownSerializer(many=True)
    figures = FigureSerializer(many=True)


class StatsView(StrictQueryMixin, GenericAPIView):
    """A read-only statistics endpoint; figures are not paginated."""

    pagination_class = None
    filter_backends = ()

    def scope(self, params: Mapping[str, Any]) -> StatsScope:
        pairing = params.get("pairing_id")
        return StatsScope.for_year(
            pairing_id=pairing.pk if pairing else None,
            year=params.get("year"),
            user=self.request.user,
        )

    @staticmethod
    def scope_filters(params: Mapping[str, Any]) -> dict[str, Any]:
        """Return the list filters that select the records a scope covers."""
        filters = {}
        if params.get("pairing_id"):
            filters["pairing_id"] = params["pairing_id"].pk
        if params.get("year") is not None:
            filters["year"] = params["year"]
        return filters


class SummaryView(StatsView):
    """Every headline figure of a pairing and a year, each saying where it comes from."""

    query_serializer = ScopeQuerySerializer
    serializer_class = SummarySerializer

    @extend_schema(parameters=[ScopeQuerySerializer], responses=SummarySerializer)
    def get(self, request, *args, **kwargs):
        params = self.query()
        result = summary(self.scope(params))
        filters = self.scope_filters(params)
        data = {
            "pairing": brief(params.get("pairing_id")),
            "year": params.get("year"),
            "breakdowns": [self.breakdown_data(item, filters) for item in result.breakdowns],
            "figures": [self.figure_data(figure, filters) for figure in result.figures],
        }
        return Response(self.get_serializer(data).data)

    def breakdown_data(self, breakdown: Breakdown, filters: dict[str, Any]) -> dict[str, Any]:
        record_set = breakdown.record_set
        rows = [
            {
                "group": filter_value(row.group),
                "group_label": group_label(record_set, row.group),
                "values": measure_values(record_set, row.values),
                "records": records_url(
                    self.request, record_set.key, {**filters, record_set.group_field: row.group}
                ),
            }
            for row in breakdown.rows
        ]
        return {
            "record_set": record_set.key,
            "label": record_set.label,
            "group_field": record_set.group_field,
            "rows": rows,
            "totals": measure_values(record_set, breakdown.totals),
            "records": records_url(self.request, record_set.key, filters),
        }

    def figure_data(self, figure: Figure, filters: dict[str, Any]) -> dict[str, Any]:
        indicator = figure.indicator
        reported = computed = None
        if figure.reported is not None:
            reported = {
                "outcome_id": figure.reported.outcome_id,
                "value": figure.reported.value,
                "qualifier": figure.reported.qualifier,
                "source": figure.reported.source,
                "is_cumulative": figure.reported.is_cumulative,
                "url": self.request.build_absolute_uri(
                    reverse("api:outcomes-detail", args=[figure.reported.outcome_id])
                ),
            }
        if figure.computed is not None:
            computation = figure.computation
            computed = {
                "computation": computation.key,
                "value": figure.computed,
                "qualifier": qualifier_of(figure.computed),
                "records": records_url(
                    self.request, computation.record_set, {**filters, **computation.filters}
                ),
            }
        qualifier = figure.reported.qualifier if reported else qualifier_of(figure.computed)
        return {
            "indicator": {
                "code": indicator.code,
                "name": indicator.name,
                "name_en": indicator.name_en,
                "unit": indicator.unit,
            },
            "value": figure.reported.value if reported else figure.computed,
            "unit": indicator.unit,
            "unit_label": unit_label(indicator.unit),
            "qualifier": qualifier,
            "qualifier_label": Qualifier(qualifier).label,
            "source": figure.source,
            "reported": reported,
            "computed": computed,
            "difference": figure.difference,
            "difference_qualifier": None if figure.difference is None else reported["qualifier"],
            "target": figure.target,
            "program_id": figure.program_id,
            "agreement_id": figure.agreement_id,
            "records": computed["records"] if computed else reported["url"],
        }

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


def measure_values(record_set: RecordSet, values: Mapping[str, Decimal]) -> list[dict[str, Any]]:
    return [
        {
            "measure": measure.key,
            "label": measure.label,
            "value": values[measure.key],
            "unit": measure.unit,
            "unit_label": unit_label(measure.unit),
            "qualifier": qualifier_of(values[measure.key]),
            "source": "computed",
        }
        for measure in record_set.measures
    ]


def group_label(record_set: RecordSet, value: Any) -> str | None:
    """Name a group the way the portal's choices name it, in the request's language."""
    if value is None or not record_set.group_field:
        return None
    return record_set.group_labels().get(value, str(value))


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
        return Response(self.get_serializer(data).data)

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

    Each row links to the list of its records when list filters can select exactly them.
    """

    query_serializer = GroupQuerySerializer
    schema = GroupedStatsSchema()
    filter_backends = (DjangoFilterBackend,)
    filterset_class = None
    list_key = ""

    def records_model(self) -> type[models.Model]:
        raise NotImplementedError

    def dimensions(self) -> dict[str, str]:
        raise NotImplementedError

    def aggregate(self, filterset, group_by: list[str]) -> list[dict[str, Any]]:
        raise NotImplementedError

    def values_of(self, row: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def row_serializer(self) -> type[serializers.Serializer]:
        raise NotImplementedError

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return self.row_serializer()

    def get_queryset(self):
        return scoped(self.records_model().objects.all(), self.request.user)

    def get(self, request, *args, **kwargs):
        group_by = self.query().get("group_by", [])
        filterset = self.filter_backends[0]().get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        rows = self.aggregate(filterset, [self.dimensions()[name] for name in group_by])
        names = self.names(rows, group_by)
        data = [self.row_data(row, group_by, names) for row in rows]
        return Response(self.get_serializer(data, many=True).data)

    def names(self, rows: list[dict[str, Any]], group_by: list[str]) -> dict[str, dict]:
        """Fetch the grouped pairings, regions and programs, one query each, for their names.

        A program or agreement is looked up among those the viewer may read, so a draft's
        name never reaches the public.
        """
        querysets = {
            "pairing": Pairing.objects.select_related("eastern_region", "western_region"),
            "eastern_region": Region.objects.all(),
            "western_region": Region.objects.all(),
        }
        for name in group_by:
            field_name = self.dimensions()[name]
            if name not in querysets and name != "year":
                field = self.records_model()._meta.get_field(field_name)
                if field.is_relation:
                    querysets[name] = readable_rows(field.related_model, self.request.user)
        return {
            name: querysets[name].in_bulk({row[self.dimensions()[name]] for row in rows} - {None})
            for name in group_by
            if name in querysets
        }

    def row_data(self, row, group_by, names) -> dict[str, Any]:
        data: dict[str, Any] = {}
        link = dict(self.request.query_params.lists())
        link.pop("group_by", None)
        link.pop("format", None)
        link.update(self.link_filters_of(row))
        exact = True
        for name in group_by:
            value = row[self.dimensions()[name]]
            if name in names:
                data[name] = named(names[name], value)
            else:
                data[name] = value if name == "year" else filter_value(value)
            label = self.label_of(name, value)
            if label is not None:
                data[f"{name}_label"] = label
            filters = self.link_filters(name, value)
            exact = exact and filters is not None
            link.update(filters or {})
        data.update(self.values_of(row))
        data["records"] = records_url(self.request, self.list_key, link) if exact else None
        return data

    def link_filters(self, name: str, value: Any) -> dict[str, Any] | None:
        """Return the list filters selecting a group's records; ``None`` if there are none."""
        if value is None:
            return None
        if name in ("eastern_region", "western_region"):
            return {"pairing_region_id": value}
        if name in ("pairing", "program", "agreement"):
            return {f"{name}_id": value}
        return {name: value}

    def link_filters_of(self, row: dict[str, Any]) -> dict[str, Any]:
        """Return list filters every row's link carries, beyond its groups."""
        return {}

    def label_of(self, name: str, value: Any) -> str | None:
        return None


class StatsRowSerializer(serializers.Serializer):
    """A row of a group-by endpoint: the dimensions not grouped by are left out."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {name: value for name, value in data.items() if name in instance}


def dimension_fields(dimensions: Iterable[str], group_field: str | None) -> dict[str, Any]:
    """Declare the grouping columns of a row; only those grouped by are present."""
    fields: dict[str, Any] = {}
    for name in dimensions:
        if name == "year":
            fields[name] = serializers.IntegerField(required=False, allow_null=True)
        elif name == group_field:
            fields[name] = serializers.CharField(required=False, allow_null=True)
            fields[f"{name}_label"] = serializers.CharField(required=False)
        else:
            fields[name] = BriefSerializer(required=False, allow_null=True)
    return fields


def record_set_dimensions(record_set: RecordSet) -> dict[str, str]:
    """Return what a record set's figures can be grouped by, and the field grouped on."""
    dimensions = dict(PAIRING_DIMENSIONS)
    if any(field.name == "program" for field in record_set.model._meta.fields):
        dimensions["program"] = "program"
    if record_set.group_field:
        dimensions[record_set.group_field] = record_set.group_field
    return dimensions


class RecordSetStatsView(GroupedStatsView):
    """Count and sum a record set, grouped by pairing, region, year, program or kind.

    ``year`` as a group is the year a record starts; ``year`` as a filter keeps the records
    that count in that year, as the summary counts them, and clips person-months to it.
    """

    record_set = ""

    @property
    def list_key(self) -> str:
        return self.record_set

    def declared(self) -> RecordSet:
        return record_sets()[self.record_set]

    def records_model(self) -> type[models.Model]:
        return self.declared().model

    def dimensions(self) -> dict[str, str]:
        return record_set_dimensions(self.declared())

    def aggregate(self, filterset, group_by: list[str]) -> list[dict[str, Any]]:
        year = filterset.form.cleaned_data.get("year")
        return aggregate_records(
            filterset.qs,
            self.declared(),
            group_by=group_by,
            period=None if year is None else Period.year(year),
        )

    def link_filters(self, name: str, value: Any) -> dict[str, Any] | None:
        if name == "year" and value is not None:
            return {"start_after": f"{value}-01-01", "start_before": f"{value}-12-31"}
        return super().link_filters(name, value)

    def label_of(self, name: str, value: Any) -> str | None:
        declared = self.declared()
        return group_label(declared, value) if name == declared.group_field else None

    def values_of(self, row: dict[str, Any]) -> dict[str, Any]:
        return {measure.key: row[measure.key] for measure in self.declared().measures}

    def row_serializer(self) -> type[serializers.Serializer]:
        return record_set_row_serializer(self.record_set)


@cache
def record_set_row_serializer(key: str) -> type[serializers.Serializer]:
    """Build the row serializer of a record set's group-by endpoint, one class per set.

    The class is cached for the process, so its texts stay lazy and speak each request's
    language.
    """
    record_set = record_sets()[key]
    fields = dimension_fields(record_set_dimensions(record_set), record_set.group_field)
    fields.update(
        {
            measure.key: value_field(
                allow_null=True,
                help_text=format_lazy("{} ({})", measure.label, unit_label(measure.unit)),
            )
            for measure in record_set.measures
        }
    )
    fields["records"] = serializers.URLField(allow_null=True)
    name = "".join(part.capitalize() for part in key.split("_"))
    return type(f"{name}StatsRowSerializer", (StatsRowSerializer,), fields)


OUTCOME_DIMENSIONS = {**PAIRING_DIMENSIONS, "program": "program", "agreement": "agreement"}

OutcomeStatsRowSerializer = type(
    "OutcomeStatsRowSerializer",
    (StatsRowSerializer,),
    {
        "indicator": IndicatorBriefSerializer(),
        "unit": serializers.CharField(),
        "unit_label": serializers.CharField(),
        **dimension_fields(OUTCOME_DIMENSIONS, None),
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
    list_key = "outcomes"

    def records_model(self) -> type[models.Model]:
        return Outcome

    def dimensions(self) -> dict[str, str]:
        return OUTCOME_DIMENSIONS

    def aggregate(self, filterset, group_by: list[str]) -> list[dict[str, Any]]:
        return outcome_totals(filterset.qs, group_by=group_by)

    def names(self, rows, group_by):
        names = super().names(rows, group_by)
        names["indicator"] = Indicator.objects.in_bulk(
            {row["indicator__code"] for row in rows}, field_name="code"
        )
        return names

    def link_filters_of(self, row: dict[str, Any]) -> dict[str, Any]:
        return {"indicator": row["indicator__code"]}

    def row_data(self, row, group_by, names) -> dict[str, Any]:
        indicator = names["indicator"][row["indicator__code"]]
        return {
            "indicator": indicator,
            "unit": indicator.unit,
            "unit_label": unit_label(indicator.unit),
            **super().row_data(row, group_by, names),
        }

    def values_of(self, row: dict[str, Any]) -> dict[str, Any]:
        return {key: row[key] for key in ("value", "qualifier", "outcomes")}

    def row_serializer(self) -> type[serializers.Serializer]:
        return OutcomeStatsRowSerializer
