"""Endpoints of people, engagements, secondments and mentor pairings."""

from cooperation.api.base import PairingRecordViewSet, ReferenceViewSet
from cooperation.core.access import named_people
from cooperation.core.models import PAIRING_NAMES
from talent.api import serializers
from talent.filtersets import (
    ExpertEngagementFilterSet,
    MentorPairingFilterSet,
    PersonFilterSet,
    SecondmentFilterSet,
)
from talent.models import ExpertEngagement, MentorPairing, Person, Secondment


class PersonViewSet(ReferenceViewSet):
    """People; whoever may not see private names sees public people only."""

    queryset = Person.objects.select_related("organization")
    serializer_class = serializers.PersonSerializer
    filterset_class = PersonFilterSet

    def get_queryset(self):
        queryset = super().get_queryset()
        named = named_people(self.request.user)
        return queryset if named is None else queryset.filter(named)


class ExpertEngagementViewSet(PairingRecordViewSet):
    queryset = ExpertEngagement.objects.select_related(*PAIRING_NAMES, "person", "program")
    serializer_class = serializers.ExpertEngagementSerializer
    filterset_class = ExpertEngagementFilterSet


class SecondmentViewSet(PairingRecordViewSet):
    queryset = Secondment.objects.select_related(
        *PAIRING_NAMES, "person", "home_organization", "host_organization"
    )
    serializer_class = serializers.SecondmentSerializer
    filterset_class = SecondmentFilterSet


class MentorPairingViewSet(PairingRecordViewSet):
    queryset = MentorPairing.objects.select_related(
        *PAIRING_NAMES, "mentor", "mentee", "program", "mentor_school", "mentee_school"
    )
    serializer_class = serializers.MentorPairingSerializer
    filterset_class = MentorPairingFilterSet
