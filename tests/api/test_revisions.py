"""The API keeps a published record's values public until another reviewer publishes a change."""

import pytest
from django.urls import reverse

from cooperation.core.models import Outcome, RecordStatus
from tests import factories
from tests.api.test_stats import SEED_FIGURES
from tests.cooperation.test_revisions import OUTCOME_PERMISSIONS, REVIEW, stored_value


@pytest.fixture
def official(pairing, official_of):
    return official_of(pairing.western_region, *OUTCOME_PERMISSIONS)


@pytest.fixture
def reviewer(pairing, official_of):
    return official_of(pairing.eastern_region, *OUTCOME_PERMISSIONS, REVIEW)


@pytest.fixture
def published(pairing):
    return factories.OutcomeFactory(pairing=pairing, status=RecordStatus.PUBLISHED, value=600)


def outcome_url(outcome, action: str = "") -> str:
    url = reverse("api:outcomes-detail", args=[outcome.pk])
    return f"{url}{action}/" if action else url


def test_an_api_change_of_a_published_record_waits_for_another_reviewer(
    published, official, reviewer, token_client, anonymous
):
    written = token_client(official).patch(
        outcome_url(published), {"value": "650", "change_reason": "Corrected."}, format="json"
    )

    assert written.status_code == 200, written.json()
    assert anonymous.get(outcome_url(published)).json()["value"] == 600
    moved = token_client(reviewer).post(
        outcome_url(published, "transition"), {"status": "published"}, format="json"
    )
    assert moved.status_code == 200, moved.json()
    assert anonymous.get(outcome_url(published)).json()["value"] == 650


def test_an_api_change_of_a_published_record_needs_change_reason(published, official, token_client):
    written = token_client(official).patch(outcome_url(published), {"value": "650"}, format="json")

    assert written.status_code == 400
    assert "change_reason" in written.json()


def test_the_api_refuses_publishing_ones_own_change_with_the_reason(
    published, reviewer, token_client
):
    client = token_client(reviewer)
    client.patch(outcome_url(published), {"value": "650", "change_reason": "Typo."}, format="json")

    moved = client.post(
        outcome_url(published, "transition"), {"status": "published"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert moved.status_code == 403
    assert "another reviewer must publish it" in moved.json()["detail"]
    assert stored_value(published) == 600


def test_an_api_delete_of_a_published_record_asks_for_withdrawal(
    published, official, reviewer, token_client, anonymous
):
    deleted = token_client(official).delete(outcome_url(published))

    assert deleted.status_code == 202
    assert anonymous.get(outcome_url(published)).status_code == 200
    token_client(reviewer).post(outcome_url(published, "transition"), {"status": "published"})
    assert anonymous.get(outcome_url(published)).status_code == 404


def test_an_api_delete_of_a_draft_deletes_it(pairing, official, token_client):
    draft = factories.OutcomeFactory(pairing=pairing)

    assert token_client(official).delete(outcome_url(draft)).status_code == 204
    assert not Outcome.objects.filter(pk=draft.pk).exists()


def test_an_api_change_of_a_published_events_speakers_waits_too(
    pairing, official_of, token_client, anonymous
):
    permissions = ("programs.view_event", "programs.change_event")
    author = official_of(pairing.western_region, *permissions)
    publisher = official_of(pairing.eastern_region, *permissions, REVIEW)
    event = factories.EventFactory(pairing=pairing, status=RecordStatus.PUBLISHED)
    speaker = factories.PersonFactory(is_public=True)
    url = reverse("api:events-detail", args=[event.pk])

    written = token_client(author).patch(
        url,
        {"speakers": [{"person": speaker.pk, "topic": "Cataracts"}], "change_reason": "Named."},
        format="json",
    )

    assert written.status_code == 200, written.json()
    assert anonymous.get(url).json()["speakers"] == []
    token_client(publisher).post(f"{url}transition/", {"status": "published"})
    [shown] = anonymous.get(url).json()["speakers"]
    assert (shown["person"]["id"], shown["topic"]) == (speaker.pk, "Cataracts")


def summary_values(client, pairing) -> dict:
    response = client.get(reverse("api:stats-summary"), {"pairing_id": pairing.pk, "year": 2021})
    assert response.status_code == 200
    return {
        figure["indicator"]["code"]: (figure["value"], figure["unit"], figure["qualifier"])
        for figure in response.json()["figures"]
    }


def test_the_reference_records_figures_stay_exact_through_a_reviewed_correction(
    reference_record, official_of, token_client, anonymous, django_capture_on_commit_callbacks
):
    """Regression: correcting "jobs offered" (1,154 → 1,200) left 19 of the 20 figures public."""
    pairing = reference_record
    permissions = (
        "cooperation.view_outcome",
        "cooperation.change_outcome",
        "cooperation.delete_outcome",
    )
    author = token_client(official_of(pairing.western_region, *permissions))
    publisher = token_client(official_of(pairing.eastern_region, *permissions, REVIEW))
    jobs = Outcome.objects.get(pairing=pairing, indicator__code="jobs-offered")
    url = outcome_url(jobs)

    written = author.patch(url, {"value": "1200", "change_reason": "Recounted."}, format="json")
    assert written.status_code == 200, written.json()
    assert summary_values(anonymous, pairing) == SEED_FIGURES
    assert anonymous.get(url).json()["value"] == 1154

    # The cached figures are renewed when the publication commits.
    with django_capture_on_commit_callbacks(execute=True):
        published = publisher.post(f"{url}transition/", {"status": "published"})
    assert published.status_code == 200
    jobs_figure = SEED_FIGURES["jobs-offered"]
    assert summary_values(anonymous, pairing) == {
        **SEED_FIGURES,
        "jobs-offered": (1200, *jobs_figure[1:]),
    }

    assert author.delete(url).status_code == 202
    assert summary_values(anonymous, pairing)["jobs-offered"][0] == 1200
