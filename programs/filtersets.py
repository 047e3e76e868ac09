"""FilterSets of programs, events and bases, shared by the API, the admin and the dashboard."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from cooperation.core.filtersets import (
    IntegerFilter,
    PairingRecordFilterSet,
    PeriodYearFilter,
    RelatedAnyFilter,
    SpanFilterSet,
    StableOrderingFilter,
    person_queryset,
    region_filter,
    related_filter,
)
from cooperation.core.models import Agreement, DatePrecision, Organization, Program, ProgramCategory
from cooperation.stats.registry import RecordSet
from programs.models import Base, BaseKind, Event, EventKind

# Programs are not counted by the statistics, but a program runs over a span of years like a
# lasting record does; this places it in time for the ``year`` filter, and registers nothing.
PROGRAM_SPAN = RecordSet(
    key="programs",
    label=_("Programs"),
    model_label="cooperation.Program",
    date_field="start_date",
    end_field="end_date",
    lasting=True,
    measures=(),
)


class ProgramFilterSet(SpanFilterSet):
    search_fields = ("name", "name_en", "description")

    parent_id = related_filter("parent", Program.objects.all(), _("Part of"))
    category = filters.MultipleChoiceFilter(choices=ProgramCategory.choices, label=_("Category"))
    year = PeriodYearFilter(field_name="start_date", span=PROGRAM_SPAN)
    agreement_id = related_filter(
        "agreements", Agreement.objects.all(), _("Agreement"), distinct=True
    )
    ordering = StableOrderingFilter(fields=("name", "category", "start_date"))

    class Meta:
        model = Program
        fields = ()


class EventFilterSet(SpanFilterSet):
    search_fields = ("title", "audience", "description", "speaker_links__topic")
    person_fields = ("speakers",)

    program_id = related_filter("program", Program.objects.all(), _("Program"))
    kind = filters.MultipleChoiceFilter(choices=EventKind.choices, label=_("Kind"))
    year = PeriodYearFilter(field_name="start_date", span="events")
    date_precision = filters.MultipleChoiceFilter(
        choices=DatePrecision.choices, label=_("Dates known")
    )
    region_id = region_filter("region", label=_("Where: the region, or a region above it"))
    venue_id = related_filter("venue", Organization.objects.all(), _("Venue"))
    host_organization_id = related_filter(
        "host_organization", Organization.objects.all(), _("Host organization")
    )
    organization_id = RelatedAnyFilter(
        field_names=("venue", "host_organization"),
        queryset=Organization.objects.all(),
        label=_("Venue or host organization"),
    )
    person_id = related_filter(
        "speakers", person_queryset(Event, "speakers"), _("Speaker"), distinct=True
    )
    participants_min = IntegerFilter(
        field_name="participants", lookup_expr="gte", label=_("At least this many participants")
    )
    participants_max = IntegerFilter(
        field_name="participants", lookup_expr="lte", label=_("At most this many participants")
    )
    ordering = StableOrderingFilter(fields=("start_date", "title", "kind", "participants"))

    class Meta:
        model = Event
        fields = ()


class BaseFilterSet(PairingRecordFilterSet):
    search_fields = ("organization__name", "description")

    program_id = related_filter("program", Program.objects.all(), _("Program"))
    kind = filters.MultipleChoiceFilter(choices=BaseKind.choices, label=_("Kind"))
    organization_id = related_filter("organization", Organization.objects.all(), _("Organization"))
    year = PeriodYearFilter(field_name="established_on", span="bases")
    start_after = filters.DateFilter(
        field_name="established_on", lookup_expr="gte", label=_("Established on or after")
    )
    start_before = filters.DateFilter(
        field_name="established_on", lookup_expr="lte", label=_("Established on or before")
    )
    ordering = StableOrderingFilter(fields=("kind", "established_on", "organization__name"))

    class Meta:
        model = Base
        fields = ()
