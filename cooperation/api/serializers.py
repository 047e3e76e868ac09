"""Representations of regions, pairings, organizations, agreements, indicators and outcomes."""

from typing import Any

from drf_spectacular.plumbing import build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from cooperation.api.base import AuditedSerializer, BriefRelatedField, PairingRecordSerializer
from cooperation.core.models import (
    Agreement,
    AgreementParty,
    Indicator,
    Organization,
    Outcome,
    Pairing,
    Region,
    Target,
)

AUDIT_FIELDS = ("created_at", "updated_at")
RECORD_FIELDS = ("id", "pairing", "status", "version", "change_reason")


class IndicatorField(BriefRelatedField):
    """An indicator by id, read back with its code, name and unit."""

    def to_representation(self, value) -> dict[str, Any]:
        return {"id": value.pk, "code": value.code, "name": value.name, "unit": value.unit}

    @classmethod
    def response_schema(cls) -> dict[str, Any]:
        return build_object_type(
            properties={
                "id": build_basic_type(OpenApiTypes.INT),
                "code": build_basic_type(OpenApiTypes.STR),
                "name": build_basic_type(OpenApiTypes.STR),
                "unit": build_basic_type(OpenApiTypes.STR),
            },
            required=["id", "code", "name", "unit"],
        )


class RegionSerializer(AuditedSerializer):
    class Meta:
        model = Region
        fields = ("id", "name", "name_en", "level", "code", "parent", *AUDIT_FIELDS)


class PairingSerializer(AuditedSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Pairing
        fields = (
            "id",
            "name",
            "eastern_region",
            "western_region",
            "since_year",
            "is_active",
            "note",
            *AUDIT_FIELDS,
        )


class OrganizationSerializer(AuditedSerializer):
    class Meta:
        model = Organization
        fields = ("id", "name", "name_en", "kind", "region", *AUDIT_FIELDS)


class IndicatorSerializer(AuditedSerializer):
    class Meta:
        model = Indicator
        fields = (
            "id",
            "code",
            "name",
            "name_en",
            "unit",
            "measurement",
            "computation",
            "description",
            *AUDIT_FIELDS,
        )


class AgreementPartySerializer(serializers.ModelSerializer):
    organization = BriefRelatedField(queryset=Organization.objects.all())

    class Meta:
        model = AgreementParty
        fields = ("organization", "side")


class AgreementSerializer(PairingRecordSerializer):
    parties = AgreementPartySerializer(many=True, required=False)

    class Meta:
        model = Agreement
        fields = (
            *RECORD_FIELDS,
            "kind",
            "title",
            "signed_on",
            "description",
            "document",
            "parties",
            *AUDIT_FIELDS,
        )


class OutcomeSerializer(PairingRecordSerializer):
    indicator = IndicatorField(queryset=Indicator.objects.all())

    class Meta:
        model = Outcome
        fields = (
            *RECORD_FIELDS,
            "indicator",
            "year",
            "period_start",
            "period_end",
            "value",
            "qualifier",
            "is_cumulative",
            "program",
            "agreement",
            "source",
            "source_url",
            "note",
            *AUDIT_FIELDS,
        )


class TargetSerializer(PairingRecordSerializer):
    indicator = IndicatorField(queryset=Indicator.objects.all())

    class Meta:
        model = Target
        fields = (*RECORD_FIELDS, "indicator", "year", "value", "note", *AUDIT_FIELDS)
