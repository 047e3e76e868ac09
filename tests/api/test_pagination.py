"""API lists: a total that says whether it is estimated, and pages past the last refused."""

from django.urls import reverse

from cooperation.core import paginators
from cooperation.core.models import RecordStatus
from tests import factories


def published_events(count: int) -> None:
    pairing = factories.PairingFactory()
    for day in range(1, count + 1):
        event = factories.EventFactory(
            pairing=pairing, start_date=f"2021-10-{day:02d}", status=RecordStatus.PUBLISHED
        )
        factories.EventSpeakerFactory(event=event)


def test_a_short_list_is_counted_exactly_and_says_so(anonymous, db):
    published_events(3)

    response = anonymous.get(reverse("api:events-list"))

    body = response.json()
    assert (body["count"], body["count_estimated"]) == (3, False)
    assert response["X-Total-Count"] == "3"
    assert response["X-Total-Count-Estimated"] == "false"


def test_a_long_list_gives_the_databases_estimate_and_says_so(anonymous, db, settings, monkeypatch):
    settings.LIST_EXACT_COUNT_LIMIT = 2
    monkeypatch.setattr(paginators, "estimated_rows", lambda queryset: 12_345)
    published_events(4)

    response = anonymous.get(reverse("api:events-list"), {"page_size": 3})

    body = response.json()
    assert (body["count"], body["count_estimated"]) == (12_345, True)
    assert response["X-Total-Count"] == "12345"
    assert response["X-Total-Count-Estimated"] == "true"
    assert body["next"] is not None
    last = anonymous.get(reverse("api:events-list"), {"page_size": 3, "page": 2}).json()
    assert (len(last["results"]), last["next"]) == (1, None)
    assert anonymous.get(reverse("api:events-list"), {"page_size": 3, "page": 3}).status_code == 404
