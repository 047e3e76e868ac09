"""Public pages of people, engagements, secondments and mentor pairings."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from cooperation.dashboard.views import PublishedRecordDetail, PublishedRecordList
from talent.filtersets import (
    ExpertEngagementFilterSet,
    MentorPairingFilterSet,
    PersonFilterSet,
    SecondmentFilterSet,
)
from talent.models import ExpertEngagement, MentorPairing, Secondment
from talent.selectors import person_records, public_people

PAIRING = ("pairing__eastern_region", "pairing__western_region")


class PersonList(PublishedRecordList):
    """List only the people who agreed to be named publicly."""

    filterset_class = PersonFilterSet
    public_filters = ("q",)
    row_template = "dashboard/rows/person.html"
    title = _("People")

    def base_queryset(self) -> models.QuerySet:
        return public_people()


class PersonDetail(DetailView):
    """Show a public person and their published records; anyone else is not found."""

    template_name = "dashboard/person_detail.html"
    context_object_name = "person"

    def get_queryset(self) -> models.QuerySet:
        return public_people()

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"records": person_records(self.object)}


class EngagementList(PublishedRecordList):
    filterset_class = ExpertEngagementFilterSet
    public_filters = ("q", "pairing_id", "year", "role")
    related = (*PAIRING, "person", "program")
    row_template = "dashboard/rows/engagement.html"
    title = _("Expert engagements")


class EngagementDetail(PublishedRecordDetail):
    model = ExpertEngagement
    context_object_name = "engagement"
    related = (*PAIRING, "person__organization", "program")
    template_name = "dashboard/engagement_detail.html"


class SecondmentList(PublishedRecordList):
    filterset_class = SecondmentFilterSet
    public_filters = ("q", "pairing_id", "year", "is_long_term")
    related = (*PAIRING, "person", "home_organization", "host_organization")
    row_template = "dashboard/rows/secondment.html"
    title = _("Secondments")


class SecondmentDetail(PublishedRecordDetail):
    model = Secondment
    related = (*PAIRING, "person", "home_organization__region", "host_organization__region")
    template_name = "dashboard/secondment_detail.html"


class MentorPairingList(PublishedRecordList):
    filterset_class = MentorPairingFilterSet
    public_filters = ("q", "pairing_id", "year")
    related = (*PAIRING, "mentor", "mentee", "mentor_school", "mentee_school", "program")
    row_template = "dashboard/rows/mentor_pairing.html"
    title = _("Mentor pairings")


class MentorPairingDetail(PublishedRecordDetail):
    model = MentorPairing
    context_object_name = "mentor_pairing"
    related = (*PAIRING, "mentor", "mentee", "mentor_school", "mentee_school", "program")
    template_name = "dashboard/mentor_pairing_detail.html"
