"""Personal fields never reach an anonymous client, not even through another record."""

import pytest
from django.urls import reverse

from cooperation.models import RecordStatus
from tests import factories

PUBLISHED = RecordStatus.PUBLISHED


@pytest.fixture
def private_person(db):
    return factories.PersonFactory(
        name="隐名者", name_en="Hidden", phone="13800138000", email="hidden@example.invalid"
    )


@pytest.fixture
def records_naming(private_person, pairing):
    """Published records of every kind that refer to the private person."""
    event = factories.EventFactory(pairing=pairing, status=PUBLISHED)
    factories.EventSpeakerFactory(event=event, person=private_person)
    return {
        "events": event,
        "engagements": factories.ExpertEngagementFactory(
            pairing=pairing, status=PUBLISHED, person=private_person
        ),
        "secondments": factories.SecondmentFactory(
            pairing=pairing, status=PUBLISHED, person=private_person
        ),
        "mentor_pairings": factories.MentorPairingFactory(
            pairing=pairing, status=PUBLISHED, mentee=private_person
        ),
    }


def test_a_private_person_is_not_listed_or_shown_to_the_public(private_person, anonymous):
    listed = anonymous.get(reverse("api:people-list")).json()
    shown = anonymous.get(reverse("api:people-detail", args=[private_person.pk]))

    assert listed["count"] == 0
    assert shown.status_code == 404


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_records_refer_to_a_private_person_without_the_name(records_naming, anonymous, fmt):
    for basename in records_naming:
        response = anonymous.get(reverse(f"api:{basename}-list"), {"format": fmt})
        assert response.status_code == 200
        assert "隐名者".encode() not in response.content, basename
        assert b"Hidden" not in response.content, basename


def test_a_user_who_may_see_people_sees_the_name(
    records_naming, pairing, official_of, token_client
):
    user = official_of(pairing.western_region, "programs.view_event", "talent.view_person")

    [event] = token_client(user).get(reverse("api:events-list")).json()["results"]

    assert event["speakers"][0]["person"]["name"] == "隐名者"


def test_contacts_never_leave_the_admin_even_for_a_superuser(
    records_naming, private_person, root_client
):
    urls = [reverse("api:people-detail", args=[private_person.pk]), reverse("api:people-list")]
    urls += [reverse(f"api:{basename}-list") for basename in records_naming]

    for url in urls:
        for fmt in ("json", "csv"):
            content = root_client.get(url, {"format": fmt}).content
            assert b"13800138000" not in content
            assert b"hidden@example.invalid" not in content


def test_contacts_cannot_be_written_or_probed_through_the_api(private_person, root_client):
    root_client.patch(reverse("api:people-detail", args=[private_person.pk]), {"phone": "110"})

    private_person.refresh_from_db()
    assert private_person.phone == "13800138000"
    assert root_client.get(reverse("api:people-list"), {"phone": "138"}).status_code == 400
