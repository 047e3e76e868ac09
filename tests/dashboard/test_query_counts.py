"""Public pages cost the same queries however many records they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.core.models import RecordStatus
from tests import factories
from tests.dashboard.test_pages import LIST_PAGES

pytestmark = pytest.mark.django_db

PUBLISHED = RecordStatus.PUBLISHED


def make_records(name: str, pairing, program, count: int) -> None:
    """Create ``count`` published records shown on the list ``name``, linked to ``program``."""
    for _ in range(count):
        linked = {"pairing": pairing, "status": PUBLISHED}
        if name == "agreements":
            factories.AgreementFactory(**linked)
        elif name == "outcomes":
            factories.OutcomeFactory(program=program, **linked)
        elif name == "programs":
            factories.ProgramFactory(parent=program, **linked)
        elif name == "events":
            factories.EventFactory(program=program, **linked)
        elif name == "bases":
            factories.BaseFactory(program=program, **linked)
        elif name == "engagements":
            factories.ExpertEngagementFactory(program=program, **linked)
        elif name == "secondments":
            factories.SecondmentFactory(**linked)
        elif name == "mentor_pairings":
            factories.MentorPairingFactory(program=program, **linked)
        elif name == "people":
            factories.ExpertEngagementFactory(person__is_public=True, **linked)


def queries_at_two_sizes(client, url, grow, committed) -> list[int]:
    """Count the queries of ``url`` after ``grow(2)`` and again after ``grow(6)`` more.

    The records grown are committed (``committed`` runs what waits for the commit), as a
    real write is: the page's cached figures are then computed afresh each time.
    """
    counts = []
    for batch in (2, 6):
        with committed(execute=True):
            grow(batch)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(captured)
    assert len(counts[0]) == len(counts[1]), "\n".join(q["sql"] for q in counts[1])
    return [len(captured) for captured in counts]


@pytest.fixture
def child_program(pairing):
    """Return a published program that is part of a published one, as figures group them."""
    parent = factories.ProgramFactory(pairing=pairing, status=PUBLISHED)
    return factories.ProgramFactory(pairing=pairing, parent=parent, status=PUBLISHED)


@pytest.mark.parametrize(
    "name",
    LIST_PAGES,
)
def test_a_public_list_costs_the_same_queries_at_any_size(
    client, pairing, child_program, name, django_capture_on_commit_callbacks
):
    """N+1: each row looked up its program's status to hide a draft's name."""
    queries_at_two_sizes(
        client,
        reverse(f"dashboard:{name}"),
        lambda count: make_records(name, pairing, child_program, count),
        django_capture_on_commit_callbacks,
    )


@pytest.mark.parametrize("page", ["home", "pairing"])
def test_home_and_pairing_cost_the_same_queries_at_any_number_of_figures(
    client, pairing, child_program, page, django_capture_on_commit_callbacks
):
    """N+1: figures' programs were read without their parent's status, a query per figure."""
    url = (
        reverse("dashboard:home")
        if page == "home"
        else reverse("dashboard:pairing", args=[pairing.pk])
    )
    queries_at_two_sizes(
        client,
        url,
        lambda count: make_records("outcomes", pairing, child_program, count),
        django_capture_on_commit_callbacks,
    )
