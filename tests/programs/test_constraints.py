"""Every constraint of the programs app refuses bad data in forms and in the database."""

import datetime

import pytest

from programs.models import Base, Event, EventSpeaker
from tests import factories
from tests.constraint_checks import ConstraintTests


def event_ends_after_start() -> Event:
    event = factories.EventFactory(start_date=datetime.date(2021, 10, 12))
    event.end_date = datetime.date(2021, 10, 11)
    return event


def event_participants_not_negative() -> Event:
    event = factories.EventFactory()
    event.participants = -1
    return event


def event_unique_title_date_in_pairing() -> Event:
    existing = factories.EventFactory(title="乡村振兴战略背景下的美丽乡村建设")
    return factories.EventFactory.build(
        pairing=existing.pairing, title=existing.title, start_date=existing.start_date
    )


def event_speaker_unique() -> EventSpeaker:
    existing = factories.EventSpeakerFactory()
    return EventSpeaker(event=existing.event, person=existing.person, topic="another topic")


def base_unique_kind_organization_in_pairing() -> Base:
    existing = factories.BaseFactory()
    return factories.BaseFactory.build(
        pairing=existing.pairing, kind=existing.kind, organization=existing.organization
    )


CASES = {
    case.__name__: case
    for case in (
        event_ends_after_start,
        event_participants_not_negative,
        event_unique_title_date_in_pairing,
        event_speaker_unique,
        base_unique_kind_organization_in_pairing,
    )
}


class TestProgramsConstraints(ConstraintTests):
    app_label = "programs"
    cases = CASES


@pytest.mark.django_db
def test_open_ended_and_one_day_records_pass():
    """An unknown end, or an end on the start day, is allowed; so are zero participants."""
    factories.ProgramFactory(start_date=datetime.date(2021, 1, 1)).full_clean()
    one_day = datetime.date(2021, 10, 12)
    factories.EventFactory(start_date=one_day, end_date=one_day, participants=0).full_clean()
    factories.EventFactory(participants=None).full_clean()
