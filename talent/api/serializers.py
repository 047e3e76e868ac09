"""Representations of people, engagements, secondments and mentor pairings.

Contact fields are never part of the API; a person who is not public appears, wherever a
record refers to them, by id only, unless the viewer may see private names.
"""

from cooperation.api.base import AuditedSerializer, PairingRecordSerializer, PersonField
from cooperation.api.serializers import AUDIT_FIELDS, RECORD_FIELDS
from talent.models import ExpertEngagement, MentorPairing, Person, Secondment


class PersonSerializer(AuditedSerializer):
    class Meta:
        model = Person
        fields = (
            "id",
            "name",
            "name_en",
            "gender",
            "organization",
            "title",
            "expertise",
            "is_public",
            *AUDIT_FIELDS,
        )


class ExpertEngagementSerializer(PairingRecordSerializer):
    person = PersonField(queryset=Person.objects.all())

    class Meta:
        model = ExpertEngagement
        fields = (
            *RECORD_FIELDS,
            "person",
            "program",
            "role",
            "start_date",
            "end_date",
            "contract_signed",
            *AUDIT_FIELDS,
        )


class SecondmentSerializer(PairingRecordSerializer):
    person = PersonField(queryset=Person.objects.all())

    class Meta:
        model = Secondment
        fields = (
            *RECORD_FIELDS,
            "person",
            "home_organization",
            "host_organization",
            "start_date",
            "end_date",
            "date_precision",
            "field",
            "purpose",
            "is_long_term",
            *AUDIT_FIELDS,
        )


class MentorPairingSerializer(PairingRecordSerializer):
    mentor = PersonField(queryset=Person.objects.all())
    mentee = PersonField(queryset=Person.objects.all())

    class Meta:
        model = MentorPairing
        fields = (
            *RECORD_FIELDS,
            "mentor",
            "mentee",
            "program",
            "mentor_school",
            "mentee_school",
            "start_date",
            *AUDIT_FIELDS,
        )
