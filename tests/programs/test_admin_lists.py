"""The admin's event list never counts a whole national table."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories


def test_the_event_changelist_counts_no_further_than_the_limit(client, superuser, settings):
    settings.LIST_EXACT_COUNT_LIMIT = 2
    factories.EventFactory.create_batch(4, title="教师培训班")
    client.force_login(superuser)
    url = reverse("admin:programs_event_changelist")

    for query in ({}, {"q": "培训"}, {"status__exact": "draft"}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)

        assert response.status_code == 200
        assert response.context["cl"].full_result_count is None
        counts = [entry["sql"] for entry in queries if "COUNT(" in entry["sql"].upper()]
        assert counts, query
        assert all("LIMIT 3" in sql for sql in counts), counts


def test_the_event_changelist_counts_a_short_list_exactly(client, superuser):
    factories.EventFactory.create_batch(3)
    client.force_login(superuser)

    response = client.get(reverse("admin:programs_event_changelist"))

    assert response.context["cl"].result_count == 3
    assert not response.context["cl"].paginator.count_estimated
