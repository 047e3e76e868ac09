"""Every statistics endpoint costs the same queries however many records and pairings it covers.

tests/test_query_counts.py pins each endpoint's count as it answers from the cache; these
count what it costs to compute, each time after a committed write has renewed the data's
version, with more pairings, of every record kind, the second time.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.core.models import RecordStatus
from cooperation.stats.registry import record_sets
from programs.models import EventKind
from tests import factories
from tests.dashboard.test_pages import LIST_PAGES
from tests.dashboard.test_query_counts import make_records

PUBLISHED = RecordStatus.PUBLISHED

ENDPOINTS = [
    ("api:stats-summary", {}),
    ("api:stats-summary", {"year": 2021}),
    ("api:stats-summary", {"pairing_id": "first", "year": 2021}),
    ("api:stats-timeseries", {"indicator": "free-clinics"}),
    ("api:stats-timeseries", {"indicator": "free-clinics", "pairing_id": "first"}),
    ("api:stats-outcomes", {"group_by": "pairing,year"}),
    *[(f"api:stats-{key}", {"group_by": "pairing,year"}) for key in record_sets()],
]


@pytest.fixture(autouse=True)
def unthrottled(settings):
    settings.API_ANON_RATE = None


def grow(first, pairings: int) -> None:
    """Give ``first`` and ``pairings`` new pairings two published records of every kind each."""
    for pairing in [first, *(factories.PairingFactory() for _ in range(pairings))]:
        parent = factories.ProgramFactory(pairing=pairing, status=PUBLISHED)
        program = factories.ProgramFactory(pairing=pairing, parent=parent, status=PUBLISHED)
        for name in LIST_PAGES:
            make_records(name, pairing, program, 2)
        factories.OutcomeFactory(pairing=pairing, status=PUBLISHED, is_cumulative=True)
        factories.EventFactory(pairing=pairing, status=PUBLISHED, kind=EventKind.FREE_CLINIC)


@pytest.mark.parametrize(("name", "params"), ENDPOINTS, ids=lambda value: str(value))
def test_a_statistics_endpoint_costs_the_same_queries_at_any_size(
    name, params, anonymous, pairing, django_capture_on_commit_callbacks
):
    factories.IndicatorFactory(
        code="free-clinics", measurement="computed", computation="events.free_clinic"
    )
    counts, answers = [], []
    for pairings in (1, 3):
        with django_capture_on_commit_callbacks(execute=True):
            grow(pairing, pairings)
        query = dict(params)
        if query.get("pairing_id") == "first":
            query["pairing_id"] = pairing.pk
        with CaptureQueriesContext(connection) as captured:
            response = anonymous.get(reverse(name), query)
        assert response.status_code == 200, response.content
        counts.append(captured)
        answers.append(response.content)
    assert answers[0] != answers[1], "computed afresh over the records added"
    assert len(counts[0]) == len(counts[1]), "\n\n".join(q["sql"] for q in counts[1])
