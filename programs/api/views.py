"""Endpoints of programs, events and bases; each list costs a fixed number of queries."""

from cooperation.api.base import PairingRecordViewSet
from cooperation.core.models import PAIRING_NAMES, Program
from programs.api import serializers
from programs.filtersets import BaseFilterSet, EventFilterSet, ProgramFilterSet
from programs.models import Base, Event


class ProgramViewSet(PairingRecordViewSet):
    queryset = Program.objects.select_related(*PAIRING_NAMES, "parent").prefetch_related(
        "agreements"
    )
    serializer_class = serializers.ProgramSerializer
    filterset_class = ProgramFilterSet


class EventViewSet(PairingRecordViewSet):
    queryset = Event.objects.select_related(
        *PAIRING_NAMES, "program", "region", "venue", "host_organization"
    ).prefetch_related("speaker_links__person")
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilterSet


class BaseViewSet(PairingRecordViewSet):
    queryset = Base.objects.select_related(*PAIRING_NAMES, "program", "organization")
    serializer_class = serializers.BaseSerializer
    filterset_class = BaseFilterSet
