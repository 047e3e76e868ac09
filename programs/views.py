"""Public pages of programs, events and bases: lists filtered like the API, and details."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from cooperation.core.models import PAIRING_NAMES, Program
from cooperation.dashboard.views import PublishedRecordDetail, PublishedRecordList
from programs.filtersets import BaseFilterSet, EventFilterSet, ProgramFilterSet
from programs.models import Base, Event, EventSpeaker
from programs.selectors import program_figures


class ProgramList(PublishedRecordList):
    filterset_class = ProgramFilterSet
    public_filters = ("q", "pairing_id", "year", "category")
    related = (*PAIRING_NAMES, "parent")
    row_template = "dashboard/rows/program.html"
    title = _("Programs")


class ProgramDetail(PublishedRecordDetail):
    model = Program
    related = (*PAIRING_NAMES, "parent")
    template_name = "dashboard/program_detail.html"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        program = self.object
        return super().get_context_data(**kwargs) | {
            "figures": program_figures(program),
            "parts": program.parts.published(),
            "events": program.events.published().select_related("region"),
            "bases": program.bases.published().select_related("organization"),
            "engagements": program.engagements.published().select_related("person"),
            "agreements": program.agreements.published(),
        }


class EventList(PublishedRecordList):
    filterset_class = EventFilterSet
    related = (*PAIRING_NAMES, "program", "region")
    row_template = "dashboard/rows/event.html"
    title = _("Events")


class EventDetail(PublishedRecordDetail):
    model = Event
    related = (*PAIRING_NAMES, "program", "region", "venue", "host_organization")
    template_name = "dashboard/event_detail.html"

    def get_queryset(self) -> models.QuerySet:
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "speaker_links",
                    queryset=EventSpeaker.objects.select_related("person__organization"),
                )
            )
        )


class BaseList(PublishedRecordList):
    filterset_class = BaseFilterSet
    related = (*PAIRING_NAMES, "program", "organization")
    row_template = "dashboard/rows/base.html"
    title = _("Bases")


class BaseDetail(PublishedRecordDetail):
    model = Base
    related = (*PAIRING_NAMES, "program", "organization__region")
    template_name = "dashboard/base_detail.html"
