"""Long lists count up to a limit, estimate beyond it, and read a page by its keys."""

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation.core import paginators
from cooperation.core.paginators import LargeTablePaginator, estimated_rows
from programs.models import Event
from tests import factories


@pytest.fixture
def events(pairing):
    """Seven events, on seven days, so that the list's order is theirs."""
    return [
        factories.EventFactory(pairing=pairing, start_date=f"2021-10-{day:02d}")
        for day in range(1, 8)
    ]


def listed():
    return (
        Event.objects.select_related("pairing")
        .prefetch_related("speakers")
        .order_by("-start_date", "pk")
    )


def test_a_list_within_the_limit_is_counted_exactly(events, settings):
    settings.LIST_EXACT_COUNT_LIMIT = 7
    paginator = LargeTablePaginator(listed(), 3)

    assert (paginator.count, paginator.count_estimated) == (7, False)
    assert paginator.num_pages == 3


def test_a_list_past_the_limit_takes_the_databases_estimate_and_says_so(
    events, settings, monkeypatch
):
    settings.LIST_EXACT_COUNT_LIMIT = 5
    monkeypatch.setattr(paginators, "estimated_rows", lambda queryset: 40_000)
    paginator = LargeTablePaginator(listed(), 3)

    assert (paginator.count, paginator.count_estimated) == (40_000, True)


def test_an_estimate_never_falls_to_the_limit_counted(events, settings, monkeypatch):
    settings.LIST_EXACT_COUNT_LIMIT = 5
    monkeypatch.setattr(paginators, "estimated_rows", lambda queryset: None)
    paginator = LargeTablePaginator(listed(), 3)

    assert (paginator.count, paginator.count_estimated) == (6, True)


def test_no_count_reads_past_the_limit(events, settings):
    settings.LIST_EXACT_COUNT_LIMIT = 5
    with CaptureQueriesContext(connection) as queries:
        LargeTablePaginator(listed(), 3).page(1)

    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert counts, "the list was not counted at all"
    assert all("LIMIT 6" in sql for sql in counts), counts


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL estimates")
def test_postgresql_estimates_the_rows_of_a_filtered_list(events):
    estimate = estimated_rows(listed().filter(title__startswith="讲座"))

    assert isinstance(estimate, int) and estimate >= 1


def test_a_page_holds_its_rows_in_the_lists_order_and_knows_if_another_follows(events):
    newest_first = sorted(events, key=lambda event: event.start_date, reverse=True)
    paginator = LargeTablePaginator(listed(), 3)

    first, last = paginator.page(1), paginator.page(3)

    assert list(first) == newest_first[:3]
    assert (first.has_next(), first.next_page_number(), first.end_index()) == (True, 2, 3)
    assert list(last) == newest_first[6:]
    assert (last.has_next(), last.has_previous(), last.end_index()) == (False, True, 7)
    with pytest.raises(EmptyPage):
        paginator.page(4)


def test_a_page_past_the_rows_of_an_estimated_list_is_empty(events, settings, monkeypatch):
    settings.LIST_EXACT_COUNT_LIMIT = 2
    monkeypatch.setattr(paginators, "estimated_rows", lambda queryset: 100)
    paginator = LargeTablePaginator(listed(), 3)

    assert not paginator.page(3).has_next()
    with pytest.raises(EmptyPage):
        paginator.page(4)


def test_a_page_costs_the_same_queries_at_any_size_and_depth(events, settings):
    settings.LIST_EXACT_COUNT_LIMIT = 5
    costs = []
    for per_page, number in [(2, 1), (2, 3), (3, 2), (1, 7)]:
        with CaptureQueriesContext(connection) as queries:
            page = LargeTablePaginator(listed(), per_page).page(number)
            assert len(list(page)) == per_page
            [event.pairing for event in page]
        costs.append(len(queries))

    assert len(set(costs)) == 1, costs
