"""Personal fields never reach an anonymous client, not even through another record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.core.models import RecordStatus
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


PERSON_FILTERS = [
    ("events", "person_id"),
    ("engagements", "person_id"),
    ("secondments", "person_id"),
    ("mentor_pairings", "person_id"),
    ("mentor_pairings", "mentee_id"),
]


@pytest.mark.parametrize(("basename", "parameter"), PERSON_FILTERS)
def test_a_private_person_id_filters_like_an_unknown_one_for_the_public(
    records_naming, private_person, anonymous, basename, parameter
):
    url = reverse(f"api:{basename}-list")
    private = anonymous.get(url, {parameter: private_person.pk})
    unknown = anonymous.get(url, {parameter: private_person.pk + 1000})

    assert private.status_code == unknown.status_code == 400
    assert list(private.json()) == list(unknown.json()) == [parameter]


@pytest.mark.parametrize(("basename", "parameter"), PERSON_FILTERS)
def test_a_user_who_may_see_people_filters_by_a_private_person(
    records_naming, private_person, pairing, official_of, token_client, basename, parameter
):
    user = official_of(pairing.western_region, "talent.view_person")

    response = token_client(user).get(
        reverse(f"api:{basename}-list"), {parameter: private_person.pk}
    )

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [records_naming[basename].pk]


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


@pytest.fixture
def drafts_named(pairing):
    """Published records that point at a draft program and a draft agreement of their pairing."""
    program = factories.ProgramFactory(pairing=pairing, name="草稿举措")
    agreement = factories.AgreementFactory(pairing=pairing, title="草稿协议")
    outcome = factories.OutcomeFactory(
        pairing=pairing, status=PUBLISHED, program=program, agreement=agreement
    )
    child = factories.ProgramFactory(pairing=pairing, status=PUBLISHED, parent=program)
    child.agreements.set([agreement])
    factories.EventFactory(pairing=pairing, status=PUBLISHED, program=program)
    return {"program": program, "agreement": agreement, "outcome": outcome}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_published_record_names_no_draft_it_points_at(drafts_named, anonymous, fmt):
    """Bug: a published outcome, program or event showed its draft program's or agreement's name."""
    for basename in ("outcomes", "programs", "events"):
        response = anonymous.get(reverse(f"api:{basename}-list"), {"format": fmt})
        assert response.status_code == 200
        assert "草稿".encode() not in response.content, basename

    [outcome] = anonymous.get(reverse("api:outcomes-list")).json()["results"]
    assert outcome["program"] == {"id": drafts_named["program"].pk, "name": None}
    assert outcome["agreement"] == {"id": drafts_named["agreement"].pk, "name": None}


def test_an_official_who_may_read_the_draft_sees_its_name(
    drafts_named, pairing, official_of, token_client
):
    """Bug: hiding draft names must not hide them from the officials of the draft's pairing."""
    reader = official_of(pairing.western_region, "cooperation.view_program")
    stranger = official_of(factories.RegionFactory(), "cooperation.view_program")

    [own] = token_client(reader).get(reverse("api:outcomes-list")).json()["results"]
    [other] = token_client(stranger).get(reverse("api:outcomes-list")).json()["results"]

    assert own["program"]["name"] == "草稿举措"
    assert own["agreement"]["name"] is None
    assert other["program"]["name"] is None


def test_outcome_statistics_name_no_draft_program_or_agreement(
    drafts_named, pairing, anonymous, official_of, token_client
):
    """Bug: outcome totals grouped by agreement and program showed the drafts' names."""
    url = reverse("api:stats-outcomes")
    params = {"group_by": "agreement,program"}
    reader = official_of(
        pairing.western_region, "cooperation.view_program", "cooperation.view_agreement"
    )

    [public] = anonymous.get(url, params).json()
    [own] = token_client(reader).get(url, params).json()

    assert public["program"] == {"id": drafts_named["program"].pk, "name": None}
    assert public["agreement"] == {"id": drafts_named["agreement"].pk, "name": None}
    assert "草稿".encode() not in anonymous.get(url, {**params, "format": "csv"}).content
    assert (own["program"]["name"], own["agreement"]["name"]) == ("草稿举措", "草稿协议")


def test_naming_drafts_costs_the_same_queries_at_any_page_size(
    pairing, official_of, token_client, django_assert_num_queries
):
    """Bug guard: deciding which drafts a viewer may name must not cost a query per row."""
    reader = official_of(pairing.western_region, "cooperation.view_program")
    client = token_client(reader)
    for _ in range(6):
        factories.OutcomeFactory(
            pairing=pairing, status=PUBLISHED, program=factories.ProgramFactory(pairing=pairing)
        )
    url = reverse("api:outcomes-list")
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"page_size": 2})

    with django_assert_num_queries(len(small.captured_queries)):
        rows = client.get(url, {"page_size": 5}).json()["results"]
    assert all(row["program"]["name"] for row in rows)
