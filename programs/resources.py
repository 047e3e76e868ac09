"""Excel import and export of events and bases, by the names officials write."""

from cooperation.models import Organization, Region
from cooperation.resources import NOT_IMPORTED, RecordResource, by_name, pairing_column
from programs.models import Base, Event, Program


class EventResource(RecordResource):
    pairing = pairing_column()
    program = by_name("program", Program)
    region = by_name("region", Region, qualifier="parent__name")
    venue = by_name("venue", Organization, qualifier="region__name")
    host_organization = by_name("host_organization", Organization, qualifier="region__name")

    class Meta:
        model = Event
        exclude = (*NOT_IMPORTED, "speakers")


class BaseResource(RecordResource):
    pairing = pairing_column()
    program = by_name("program", Program)
    organization = by_name("organization", Organization, qualifier="region__name")

    class Meta:
        model = Base
