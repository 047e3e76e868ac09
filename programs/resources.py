"""Excel import and export of programs, events and bases, by the names officials write."""

from cooperation.core.models import Agreement, Organization, Program
from cooperation.core.resources import (
    NOT_IMPORTED,
    RecordResource,
    by_name,
    by_names,
    pairing_column,
    region_column,
)
from programs.models import Base, Event


class ProgramResource(RecordResource):
    """Programs with their parent and agreements by name: "协议甲；协议乙"."""

    pairing = pairing_column()
    parent = by_name("parent", Program)
    agreements = by_names("agreements", Agreement, field="title")

    class Meta:
        model = Program
        # Their agreements are many-to-many, which a bulk save cannot set: saved row by row.
        use_bulk = False


class EventResource(RecordResource):
    pairing = pairing_column()
    program = by_name("program", Program)
    region = region_column()
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
