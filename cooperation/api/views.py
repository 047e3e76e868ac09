"""Endpoints of regions, pairings, organizations, indicators, agreements, outcomes, targets.

``select_related`` and ``prefetch_related`` fetch every name a representation nests, so a
list costs the same number of queries whatever the page size.
"""

from cooperation.api import serializers
from cooperation.api.base import PairingRecordViewSet, ReferenceViewSet
from cooperation.core.filtersets import (
    AgreementFilterSet,
    IndicatorFilterSet,
    OrganizationFilterSet,
    OutcomeFilterSet,
    PairingFilterSet,
    RegionFilterSet,
    TargetFilterSet,
)
from cooperation.core.models import (
    PAIRING_NAMES,
    Agreement,
    Indicator,
    Organization,
    Outcome,
    Pairing,
    Region,
    Target,
)


class RegionViewSet(ReferenceViewSet):
    queryset = Region.objects.select_related("parent")
    serializer_class = serializers.RegionSerializer
    filterset_class = RegionFilterSet


class PairingViewSet(ReferenceViewSet):
    queryset = Pairing.objects.select_related("eastern_region", "western_region")
    serializer_class = serializers.PairingSerializer
    filterset_class = PairingFilterSet


class OrganizationViewSet(ReferenceViewSet):
    queryset = Organization.objects.select_related("region")
    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilterSet


class IndicatorViewSet(ReferenceViewSet):
    queryset = Indicator.objects.all()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = IndicatorFilterSet


class AgreementViewSet(PairingRecordViewSet):
    queryset = Agreement.objects.select_related(*PAIRING_NAMES).prefetch_related(
        "parties__organization"
    )
    serializer_class = serializers.AgreementSerializer
    filterset_class = AgreementFilterSet


class OutcomeViewSet(PairingRecordViewSet):
    queryset = Outcome.objects.select_related(*PAIRING_NAMES, "indicator", "program", "agreement")
    serializer_class = serializers.OutcomeSerializer
    filterset_class = OutcomeFilterSet


class TargetViewSet(PairingRecordViewSet):
    queryset = Target.objects.select_related(*PAIRING_NAMES, "indicator")
    serializer_class = serializers.TargetSerializer
    filterset_class = TargetFilterSet
