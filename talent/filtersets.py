"""FilterSets of people, engagements, secondments and mentor pairings.

Shared by the API, the admin and the dashboard. Contact fields have no filter on purpose:
a filter on a phone number would let anyone probe for it.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters import rest_framework as filters

from cooperation.core.filtersets import (
    BooleanFilter,
    ModelFilterSet,
    PeriodYearFilter,
    PersonRelatedFilter,
    RelatedAnyFilter,
    SpanFilterSet,
    StableOrderingFilter,
    StartFilterSet,
    person_queryset,
    related_filter,
)
from cooperation.core.models import DatePrecision, Organization, Program
from talent.models import ExpertEngagement, ExpertRole, Gender, MentorPairing, Person, Secondment


class PersonFilterSet(ModelFilterSet):
    """Filter people; whoever may not see a private name does not see that person at all."""

    search_fields = ("name", "name_en", "title", "expertise")

    gender = filters.MultipleChoiceFilter(choices=Gender.choices, label=_("Gender"))
    organization_id = related_filter("organization", Organization.objects.all(), _("Organization"))
    is_public = BooleanFilter(label=_("Name may be shown publicly"))
    ordering = StableOrderingFilter(fields=("name", "organization__name"))

    class Meta:
        model = Person
        fields = ()


def person_filter(model, label, *field_names: str) -> RelatedAnyFilter:
    return RelatedAnyFilter(
        field_names=field_names, queryset=person_queryset(model, field_names[0]), label=label
    )


class ExpertEngagementFilterSet(SpanFilterSet):
    person_fields = ("person",)

    person_id = person_filter(ExpertEngagement, _("Person"), "person")
    organization_id = PersonRelatedFilter(
        field_name="person__organization",
        person_field="person",
        queryset=Organization.objects.all(),
        label=_("Organization of the person"),
    )
    program_id = related_filter("program", Program.objects.all(), _("Program"))
    role = filters.MultipleChoiceFilter(choices=ExpertRole.choices, label=_("Role"))
    year = PeriodYearFilter(field_name="start_date", span="engagements")
    contract_signed = BooleanFilter(label=_("Contract signed"))
    ordering = StableOrderingFilter(fields=("role", "start_date"))

    class Meta:
        model = ExpertEngagement
        fields = ()


class SecondmentFilterSet(SpanFilterSet):
    search_fields = ("field", "purpose", "home_organization__name", "host_organization__name")
    person_fields = ("person",)

    person_id = person_filter(Secondment, _("Person"), "person")
    home_organization_id = related_filter(
        "home_organization", Organization.objects.all(), _("Home organization")
    )
    host_organization_id = related_filter(
        "host_organization",
        Organization.objects.all(),
        pgettext_lazy("secondment", "Host organization"),
    )
    organization_id = RelatedAnyFilter(
        field_names=("home_organization", "host_organization"),
        queryset=Organization.objects.all(),
        label=_("Home or host organization"),
    )
    year = PeriodYearFilter(field_name="start_date", span="secondments")
    date_precision = filters.MultipleChoiceFilter(
        choices=DatePrecision.choices, label=_("Dates known")
    )
    is_long_term = BooleanFilter(label=_("Long-term"))
    ordering = StableOrderingFilter(fields=("start_date", "end_date"))

    class Meta:
        model = Secondment
        fields = ()


class MentorPairingFilterSet(StartFilterSet):
    search_fields = ("mentor_school__name", "mentee_school__name")
    person_fields = ("mentor", "mentee")

    mentor_id = person_filter(MentorPairing, _("Mentor"), "mentor")
    mentee_id = person_filter(MentorPairing, _("Mentee"), "mentee")
    person_id = person_filter(MentorPairing, _("Mentor or mentee"), "mentor", "mentee")
    program_id = related_filter("program", Program.objects.all(), _("Program"))
    mentor_school_id = related_filter(
        "mentor_school", Organization.objects.all(), _("Mentor's school")
    )
    mentee_school_id = related_filter(
        "mentee_school", Organization.objects.all(), _("Mentee's school")
    )
    organization_id = RelatedAnyFilter(
        field_names=("mentor_school", "mentee_school"),
        queryset=Organization.objects.all(),
        label=_("Mentor's or mentee's school"),
    )
    year = PeriodYearFilter(field_name="start_date", span="mentor_pairings")
    ordering = StableOrderingFilter(fields=("start_date",))

    class Meta:
        model = MentorPairing
        fields = ()
