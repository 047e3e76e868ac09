"""One name for each parameter: ``pairing_id`` on the summary, the statistics and every list.

Regression: ``/api/v1/stats/summary/`` read ``pairing`` and refused ``pairing_id``, while the
group-by endpoints and the lists read ``pairing_id``, and the dashboard's lists silently
ignored ``pairing``, listing every pairing's records.
"""

import pytest
from django.urls import reverse

from cooperation.core.models import Measurement, RecordStatus
from cooperation.stats.registry import record_sets
from programs.models import EventKind
from tests import factories
from tests.api.cases import CASES
from tests.dashboard.test_pages import LIST_PAGES

PUBLISHED = RecordStatus.PUBLISHED
STATS_ENDPOINTS = ["stats-outcomes", *(f"stats-{key}" for key in record_sets())]
LIST_ENDPOINTS = [f"{case.basename}-list" for case in CASES if case.scoped]


@pytest.fixture
def two_pairings(db):
    """Two pairings, each with a free clinic and a reported outcome of 2021."""
    indicator = factories.IndicatorFactory(
        measurement=Measurement.COMPUTED, computation="events.free_clinic"
    )
    pairings = factories.PairingFactory.create_batch(2)
    for pairing in pairings:
        factories.EventFactory(pairing=pairing, status=PUBLISHED, kind=EventKind.FREE_CLINIC)
        factories.OutcomeFactory(pairing=pairing, indicator=indicator, value=7, status=PUBLISHED)
    return pairings, indicator


def test_the_summary_reads_pairing_id(two_pairings, anonymous):
    (first, _second), _indicator = two_pairings

    summary = anonymous.get(
        reverse("api:stats-summary"), {"pairing_id": first.pk, "year": 2021}
    ).json()

    assert summary["pairing"]["id"] == first.pk
    [events] = [item for item in summary["breakdowns"] if item["record_set"] == "events"]
    assert events["totals"][0]["value"] == 1
    assert f"pairing_id={first.pk}" in events["records"]


def test_the_timeseries_reads_pairing_id(two_pairings, anonymous):
    (first, _second), indicator = two_pairings

    series = anonymous.get(
        reverse("api:stats-timeseries"),
        {"pairing_id": first.pk, "indicator": indicator.code, "interval": "year"},
    ).json()

    assert series["pairing"]["id"] == first.pk
    assert {point["measurement"]: point["value"] for point in series["points"]} == {
        "computed": 1,
        "reported": 7,
    }


@pytest.mark.parametrize("name", STATS_ENDPOINTS)
def test_every_statistics_endpoint_reads_pairing_id(name, two_pairings, anonymous):
    (first, _second), _indicator = two_pairings

    rows = anonymous.get(reverse(f"api:{name}"), {"pairing_id": first.pk}).json()
    everything = anonymous.get(reverse(f"api:{name}")).json()

    assert isinstance(rows, list), rows
    if name in ("stats-events", "stats-outcomes"):
        assert rows[0]["records"] and f"pairing_id={first.pk}" in rows[0]["records"]
        value = "count" if name == "stats-events" else "outcomes"
        assert (rows[0][value], everything[0][value]) == (1, 2)


@pytest.mark.parametrize("name", LIST_ENDPOINTS)
def test_every_list_reads_pairing_id(name, two_pairings, anonymous):
    (first, _second), _indicator = two_pairings

    response = anonymous.get(reverse(f"api:{name}"), {"pairing_id": first.pk})

    assert response.status_code == 200
    assert {row["pairing"]["id"] for row in response.json()["results"]} <= {first.pk}


@pytest.mark.parametrize(
    "name", ["stats-summary", "stats-timeseries", *STATS_ENDPOINTS, *LIST_ENDPOINTS]
)
def test_the_old_name_is_a_400_naming_the_new_one(name, two_pairings, anonymous):
    (first, _second), indicator = two_pairings
    params = {"pairing": first.pk}
    if name == "stats-timeseries":
        params["indicator"] = indicator.code

    response = anonymous.get(reverse(f"api:{name}"), params, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"pairing": ["Unknown parameter; use pairing_id."]}


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("outcomes-list", "program", "program_id"),
        ("outcomes-list", "agreement", "agreement_id"),
        ("stats-outcomes", "program", "program_id"),
        ("events-list", "program", "program_id"),
        ("pairings-list", "eastern_region", "eastern_region_id"),
    ],
)
def test_every_renamed_parameter_names_its_new_name(name, old, new, anonymous, db):
    response = anonymous.get(reverse(f"api:{name}"), {old: 1}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {old: [f"Unknown parameter; use {new}."]}


def test_a_parameter_never_named_otherwise_is_still_simply_unknown(anonymous, db):
    response = anonymous.get(
        reverse("api:stats-summary"), {"weather": "fine"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.json() == {"weather": ["This endpoint has no such parameter."]}


def test_the_schema_names_pairing_id_on_every_statistics_endpoint(anonymous, db):
    schema = anonymous.get(reverse("api:schema"), {"format": "json"}).json()

    for name in ["stats-summary", "stats-timeseries", *STATS_ENDPOINTS]:
        parameters = {
            parameter["name"]
            for parameter in schema["paths"][reverse(f"api:{name}")]["get"].get("parameters", [])
        }
        assert "pairing_id" in parameters, name
        assert "pairing" not in parameters, name


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_dashboard_list_refuses_the_old_name_with_a_400_page(name, client, pairing):
    url = reverse(f"dashboard:{name}")

    response = client.get(url, {"pairing": pairing.pk, "q": "x"}, HTTP_ACCEPT_LANGUAGE="en")

    if name == "people":
        # People belong to no pairing: there is nothing to rename.
        assert response.status_code == 200
        return
    assert response.status_code == 400
    content = response.content.decode()
    assert "Unknown parameter; use pairing_id." in content
    assert f"{url}?q=x&amp;pairing_id={pairing.pk}" in content


def test_a_dashboard_list_reads_pairing_id(client, two_pairings):
    (first, _second), _indicator = two_pairings

    response = client.get(reverse("dashboard:events"), {"pairing_id": first.pk})

    assert [event.pairing_id for event in response.context["object_list"]] == [first.pk]


def test_the_home_page_reads_pairing_id_and_refuses_pairing(client, two_pairings):
    (first, second), _indicator = two_pairings

    chosen = client.get(reverse("dashboard:home"), {"pairing_id": first.pk})
    other = client.get(reverse("dashboard:home"), {"pairing_id": second.pk})
    refused = client.get(reverse("dashboard:home"), {"pairing": first.pk})

    assert (chosen.context["choice"].pairing, other.context["choice"].pairing) == (first, second)
    assert f'href="?pairing_id={first.pk}&amp;year=2021"' in chosen.content.decode()
    assert 'name="pairing_id"' in chosen.content.decode()
    assert refused.status_code == 400
