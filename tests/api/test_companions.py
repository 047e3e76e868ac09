"""An event's speakers and an agreement's parties are written with their record, whole."""

import pytest
from django.urls import reverse

from cooperation.core.models import Agreement
from programs.models import Event
from tests import factories


@pytest.fixture
def client_of(pairing, official_of, token_client):
    def make(*codenames: str):
        return token_client(official_of(pairing.western_region, *codenames))

    return make


def event_payload(pairing, **fields) -> dict:
    return {
        "pairing": pairing.pk,
        "kind": "lecture",
        "title": "乡村振兴战略背景下的美丽乡村建设",
        "start_date": "2021-10-12",
        **fields,
    }


def speakers_of(event: Event) -> list[tuple[int, str]]:
    return list(event.speaker_links.order_by("pk").values_list("person_id", "topic"))


def test_an_event_is_written_with_its_speakers(pairing, client_of):
    """Regression: the speakers sent with an event were dropped, and the answer was 201."""
    client = client_of("programs.add_event", "programs.change_event", "programs.view_event")
    lou, wang = factories.PersonFactory(), factories.PersonFactory()

    created = client.post(
        reverse("api:events-list"),
        event_payload(pairing, speakers=[{"person": lou.pk, "topic": "美丽乡村建设"}]),
    )
    assert created.status_code == 201, created.json()
    event = Event.objects.get(pk=created.json()["id"])
    assert speakers_of(event) == [(lou.pk, "美丽乡村建设")]

    url = reverse("api:events-detail", args=[event.pk])
    assert client.patch(url, {"title": "讲座"}).status_code == 200
    assert speakers_of(event) == [(lou.pk, "美丽乡村建设")]
    changed = client.patch(url, {"speakers": [{"person": wang.pk, "topic": ""}]})
    assert changed.status_code == 200, changed.json()
    assert speakers_of(event) == [(wang.pk, "")]
    assert [row["person"]["id"] for row in changed.json()["speakers"]] == [wang.pk]


def test_a_bad_speaker_saves_nothing_and_names_the_row(pairing, client_of):
    client = client_of("programs.add_event")
    lou = factories.PersonFactory()

    response = client.post(
        reverse("api:events-list"),
        event_payload(pairing, speakers=[{"person": lou.pk}, {"person": lou.pk}]),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["speakers"]
    assert list(response.json()["speakers"]) == ["1"]
    assert not Event.objects.exists()


def test_an_agreement_is_written_with_its_parties(pairing, client_of):
    client = client_of("cooperation.add_agreement")
    binjiang = factories.OrganizationFactory(region=pairing.eastern_region)
    chaotian = factories.OrganizationFactory(region=pairing.western_region)

    response = client.post(
        reverse("api:agreements-list"),
        {
            "pairing": pairing.pk,
            "kind": "health",
            "title": "医疗卫生合作协议",
            "parties": [
                {"organization": binjiang.pk, "side": "eastern"},
                {"organization": chaotian.pk, "side": "western"},
            ],
        },
    )

    assert response.status_code == 201, response.json()
    agreement = Agreement.objects.get()
    assert set(agreement.parties.values_list("organization_id", "side")) == {
        (binjiang.pk, "eastern"),
        (chaotian.pk, "western"),
    }
