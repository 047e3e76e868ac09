"""Representations of programs, events and bases."""

from rest_framework import serializers

from cooperation.api.base import PairingRecordSerializer, PersonField
from cooperation.api.serializers import AUDIT_FIELDS, RECORD_FIELDS
from cooperation.core.models import Program
from programs.models import Base, Event, EventSpeaker


class ProgramSerializer(PairingRecordSerializer):
    class Meta:
        model = Program
        fields = (
            *RECORD_FIELDS,
            "parent",
            "name",
            "name_en",
            "category",
            "description",
            "start_date",
            "end_date",
            "agreements",
            *AUDIT_FIELDS,
        )


class EventSpeakerSerializer(serializers.ModelSerializer):
    person = PersonField(queryset=EventSpeaker._meta.get_field("person").related_model.objects)

    class Meta:
        model = EventSpeaker
        fields = ("person", "topic")


class EventSerializer(PairingRecordSerializer):
    speakers = EventSpeakerSerializer(source="speaker_links", many=True, required=False)

    class Meta:
        model = Event
        fields = (
            *RECORD_FIELDS,
            "program",
            "kind",
            "title",
            "start_date",
            "end_date",
            "date_precision",
            "region",
            "venue",
            "host_organization",
            "speakers",
            "audience",
            "participants",
            "description",
            *AUDIT_FIELDS,
        )


class BaseSerializer(PairingRecordSerializer):
    class Meta:
        model = Base
        fields = (
            *RECORD_FIELDS,
            "program",
            "kind",
            "organization",
            "established_on",
            "description",
            *AUDIT_FIELDS,
        )
