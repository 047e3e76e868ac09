"""Every constraint of the talent app refuses bad data, and nobody is seconded twice at once."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from talent.models import ExpertEngagement, MentorPairing, Person, Secondment
from tests import factories
from tests.constraint_checks import ConstraintTests, refusals


def person_unique_name_in_organization() -> Person:
    existing = factories.PersonFactory(name="杨岸林")
    return Person(name=existing.name, organization=existing.organization)


def engagement_unique_person_role_in_pairing() -> ExpertEngagement:
    existing = factories.ExpertEngagementFactory()
    return factories.ExpertEngagementFactory.build(
        pairing=existing.pairing, person=existing.person, role=existing.role
    )


def engagement_ends_after_start() -> ExpertEngagement:
    engagement = factories.ExpertEngagementFactory(start_date=datetime.date(2021, 6, 1))
    engagement.end_date = datetime.date(2021, 5, 31)
    return engagement


def secondment_ends_after_start() -> Secondment:
    secondment = factories.SecondmentFactory()
    secondment.end_date = secondment.start_date - datetime.timedelta(days=1)
    return secondment


def secondment_host_differs_from_home() -> Secondment:
    secondment = factories.SecondmentFactory()
    secondment.host_organization = secondment.home_organization
    return secondment


def mentor_pairing_unique() -> MentorPairing:
    existing = factories.MentorPairingFactory()
    return factories.MentorPairingFactory.build(
        pairing=existing.pairing, mentor=existing.mentor, mentee=existing.mentee
    )


def mentor_pairing_two_people() -> MentorPairing:
    pairing = factories.MentorPairingFactory()
    pairing.mentee = pairing.mentor
    return pairing


CASES = {
    case.__name__: case
    for case in (
        person_unique_name_in_organization,
        engagement_unique_person_role_in_pairing,
        engagement_ends_after_start,
        secondment_ends_after_start,
        secondment_host_differs_from_home,
        mentor_pairing_unique,
        mentor_pairing_two_people,
    )
}


class TestTalentConstraints(ConstraintTests):
    app_label = "talent"
    cases = CASES


def day(month: int, day_of_month: int, year: int = 2021) -> datetime.date:
    return datetime.date(year, month, day_of_month)


# The existing secondment runs from ``existing`` (start, end); the new one over ``new``.
OVERLAPS = {
    "same dates": ((day(10, 1), day(11, 10)), (day(10, 1), day(11, 10)), True),
    "inside": ((day(10, 1), day(11, 10)), (day(10, 15), day(10, 20)), True),
    "starts on the last day": ((day(10, 1), day(11, 10)), (day(11, 10), day(12, 1)), True),
    "ends on the first day": ((day(10, 1), day(11, 10)), (day(9, 1), day(10, 1)), True),
    "open-ended after a closed one": ((day(10, 1), day(11, 10)), (day(11, 10), None), True),
    "after an open-ended one": ((day(10, 1), None), (day(3, 1, 2023), day(4, 1, 2023)), True),
    "open-ended beside an open-ended one": ((day(10, 1), None), (day(9, 1), None), True),
    "the day after": ((day(10, 1), day(11, 10)), (day(11, 11), day(12, 1)), False),
    "the day before": ((day(10, 1), day(11, 10)), (day(9, 1), day(9, 30)), False),
    "open-ended from the day after": ((day(10, 1), day(11, 10)), (day(11, 11), None), False),
    "before an open-ended one": ((day(10, 1), None), (day(9, 1), day(9, 30)), False),
}


def overlap_case(existing, new) -> Secondment:
    """Save a secondment over ``existing`` dates and build one of the same person over ``new``."""
    saved = factories.SecondmentFactory(start_date=existing[0], end_date=existing[1])
    return factories.SecondmentFactory.build(
        pairing=saved.pairing,
        person=saved.person,
        home_organization=saved.home_organization,
        host_organization=saved.host_organization,
        start_date=new[0],
        end_date=new[1],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("existing", "new", "overlaps"), OVERLAPS.values(), ids=OVERLAPS)
def test_clean_refuses_overlapping_secondments_of_one_person(existing, new, overlaps):
    secondment = overlap_case(existing, new)
    if not overlaps:
        secondment.full_clean()
        return
    assert refusals(secondment) == {
        "start_date": ["This person is already seconded during these dates."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("existing", "new", "overlaps"), OVERLAPS.values(), ids=OVERLAPS)
def test_postgresql_refuses_what_clean_refuses(existing, new, overlaps):
    """The exclusion constraint of talent 0002 must draw the line where ``clean()`` does."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no exclusion constraints; there clean() alone guards overlaps")
    secondment = overlap_case(existing, new)
    if not overlaps:
        Secondment.objects.bulk_create([secondment])
        return
    refused = pytest.raises(IntegrityError, match="secondment_no_overlapping_dates")
    with refused, transaction.atomic():
        Secondment.objects.bulk_create([secondment])


@pytest.mark.django_db
def test_editing_a_secondment_does_not_overlap_itself():
    secondment = factories.SecondmentFactory(end_date=None)
    secondment.end_date = day(12, 31)
    secondment.full_clean()
    secondment.save()


@pytest.mark.django_db
def test_another_person_may_be_seconded_over_the_same_dates():
    existing = factories.SecondmentFactory()
    factories.SecondmentFactory.build(
        pairing=existing.pairing,
        person=factories.PersonFactory(organization=existing.home_organization),
        home_organization=existing.home_organization,
        host_organization=existing.host_organization,
        start_date=existing.start_date,
        end_date=existing.end_date,
    ).full_clean()
