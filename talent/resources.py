"""Excel import and export of people, expert engagements, secondments and mentor pairings."""

from cooperation.core.models import Organization, Program
from cooperation.core.resources import NOT_IMPORTED, RecordResource, by_name, pairing_column
from talent.models import ExpertEngagement, MentorPairing, Person, Secondment


def person_column(attribute: str):
    return by_name(attribute, Person, qualifier="organization__name")


def organization_column(attribute: str):
    return by_name(attribute, Organization, qualifier="region__name")


class PersonResource(RecordResource):
    """People without their phone and email: contacts never leave the admin."""

    organization = organization_column("organization")

    class Meta:
        model = Person
        exclude = (*NOT_IMPORTED, "phone", "email")


class ExpertEngagementResource(RecordResource):
    pairing = pairing_column()
    person = person_column("person")
    program = by_name("program", Program)

    class Meta:
        model = ExpertEngagement


class SecondmentResource(RecordResource):
    pairing = pairing_column()
    person = person_column("person")
    home_organization = organization_column("home_organization")
    host_organization = organization_column("host_organization")

    class Meta:
        model = Secondment


class MentorPairingResource(RecordResource):
    pairing = pairing_column()
    mentor = person_column("mentor")
    mentee = person_column("mentee")
    program = by_name("program", Program)
    mentor_school = organization_column("mentor_school")
    mentee_school = organization_column("mentee_school")

    class Meta:
        model = MentorPairing
