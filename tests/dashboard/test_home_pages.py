"""The home page lists the country's pairings a page, or a province, at a time."""

import datetime

import pytest
from django.urls import reverse

from cooperation.core.models import RecordStatus, RegionLevel
from cooperation.dashboard.views import HOME_PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db


def listed(response) -> list:
    return [pairing for pairing, _years, _headline in response.context["pairing_rows"]]


def test_the_home_page_lists_the_pairings_a_page_at_a_time(client):
    pairings = factories.PairingFactory.create_batch(HOME_PAGE_SIZE + 3)

    first = client.get(reverse("dashboard:home"))
    second = client.get(reverse("dashboard:home"), {"page": 2})

    assert len(listed(first)) == HOME_PAGE_SIZE
    assert len(listed(second)) == 3
    assert set(listed(first)) | set(listed(second)) == set(pairings)
    assert 'rel="next"' in first.content.decode()
    # The pairing chooser offers the pairings listed, not every pairing of the country.
    assert len(first.context["pairings"]) == HOME_PAGE_SIZE


def test_the_home_page_lists_the_pairings_of_a_province(client):
    sichuan = factories.RegionFactory(name="四川省", level=RegionLevel.PROVINCE)
    chaotian = factories.RegionFactory(name="朝天区", parent=sichuan)
    paired = factories.PairingFactory(western_region=chaotian)
    factories.PairingFactory.create_batch(3)

    response = client.get(reverse("dashboard:home"), {"region_id": sichuan.pk})

    assert listed(response) == [paired]
    assert list(response.context["provinces"]) == [sichuan]


def test_the_home_page_shows_the_latest_listed_pairing_and_any_asked_for(
    client, django_capture_on_commit_callbacks
):
    pairings = factories.PairingFactory.create_batch(HOME_PAGE_SIZE + 1)
    page_one = listed(client.get(reverse("dashboard:home")))
    latest = page_one[3]
    elsewhere = next(pairing for pairing in pairings if pairing not in page_one)
    published = {"status": RecordStatus.PUBLISHED}
    with django_capture_on_commit_callbacks(execute=True):
        factories.EventFactory(pairing=latest, start_date=datetime.date(2023, 5, 1), **published)

    shown = client.get(reverse("dashboard:home")).context
    asked = client.get(reverse("dashboard:home"), {"pairing_id": elsewhere.pk}).context

    assert (shown["choice"].pairing, shown["choice"].year) == (latest, 2023)
    assert asked["choice"].pairing == elsewhere
