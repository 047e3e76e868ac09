"""Every page, list and statistics endpoint costs exactly the queries the baseline pins.

The invariance tests (tests/dashboard/test_query_counts.py, tests/api/test_records.py,
tests/test_admin_pages.py) catch a count that grows with the rows; these catch one that
grows at all. Each endpoint is asked for twice with the reference record loaded (and the
target and mentor pairing it lacks) and the second answer counted, so caches filled once
per process (content types, translations) count for nothing. tests/query_counts.py says
how the baseline is kept and updated.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.core.models import Indicator, Program, RecordStatus
from cooperation.core.selectors import public_organizations
from talent.selectors import public_people
from tests import factories
from tests.query_counts import (
    BASELINE,
    HOW_TO_UPDATE,
    MEASURED,
    endpoints,
    pinned_count,
    read_baseline,
)

ENDPOINTS = endpoints()


def shown_records(endpoint):
    """Return the records a detail endpoint may show an anonymous visitor, oldest first."""
    if endpoint.name in {"dashboard:person", "api:people-detail"}:
        return public_people()
    if endpoint.name in {"dashboard:organization", "api:organizations-detail"}:
        return public_organizations()
    if endpoint.name == "dashboard:pairing":
        return apps.get_model("cooperation.Pairing").objects.all()
    manager = apps.get_model(endpoint.model_label).objects
    return manager.published() if hasattr(manager, "published") else manager.all()


@pytest.fixture
def shown(reference_record):
    """Return the reference record's pairing, with a target and a mentor pairing, which it lacks."""
    published = {"pairing": reference_record, "status": RecordStatus.PUBLISHED}
    jobs = Indicator.objects.get(code="jobs-offered")
    factories.TargetFactory(indicator=jobs, year=2021, value=1200, **published)
    program = Program.objects.get(pairing=reference_record, name="青蓝结对制度")
    factories.MentorPairingFactory(program=program, **published)
    return reference_record


def url_of(endpoint, pairing) -> str:
    args = []
    if endpoint.takes_pk:
        record = shown_records(endpoint).order_by("pk").first()
        assert record is not None, f"the reference record has nothing for {endpoint} to show"
        args = [record.pk]
    query = endpoint.query.format(pairing=pairing.pk)
    return reverse(endpoint.name, args=args) + (f"?{query}" if query else "")


def test_every_endpoint_has_a_pinned_count_and_every_pinned_count_an_endpoint(request):
    if MEASURED in request.config.stash:
        pytest.skip(f"{BASELINE.name} is being written by this run")
    baseline = read_baseline()
    keys = {endpoint.key for endpoint in ENDPOINTS}

    missing = sorted(keys - set(baseline))
    vanished = sorted(set(baseline) - keys)

    assert not missing, f"no query count pinned in {BASELINE.name} for {missing}: {HOW_TO_UPDATE}"
    assert not vanished, f"{BASELINE.name} pins counts of no endpoint {vanished}: {HOW_TO_UPDATE}"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_an_endpoint_costs_the_queries_the_baseline_pins(
    endpoint, shown, client, superuser, settings, request
):
    settings.API_ANON_RATE = None
    if endpoint.as_superuser:
        client.force_login(superuser)
    url = url_of(endpoint, shown)

    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url

    count = len(queries.captured_queries)
    measured = request.config.stash.get(MEASURED, None)
    if measured is not None:
        measured[endpoint.key] = count
        return
    vendor = connection.vendor
    pinned = pinned_count(read_baseline(), endpoint.key, vendor)
    assert pinned is not None, f"no query count pinned for {endpoint} on {vendor}: {HOW_TO_UPDATE}"
    assert count == pinned, (
        f"{endpoint} ran {count} queries on {vendor}, the baseline pins {pinned}; "
        f"if that is intended, {HOW_TO_UPDATE}. The queries:\n\n"
        + "\n\n".join(query["sql"] for query in queries.captured_queries)
    )
