"""The same suite for every record endpoint, each model declaring only its data (cases.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework import exceptions

from cooperation.core.models import Program, RecordStatus
from talent.models import Secondment
from tests import factories
from tests.api.cases import CASES

SCOPED = [case for case in CASES if case.scoped]
REQUIRED = {"zh-hans": "该字段是必填项。", "en": "This field is required."}


@pytest.fixture(params=CASES, ids=str)
def case(request):
    return request.param


@pytest.fixture
def editor(case, pairing, official_of):
    """A district official of the pairing holding every permission on the case's model."""
    actions = ("view", "add", "change", "delete")
    return official_of(pairing.western_region, *(case.codename(action) for action in actions))


@pytest.fixture
def viewer(case, pairing, official_of):
    return official_of(pairing.western_region, case.codename("view"))


def list_url(case) -> str:
    return reverse(f"api:{case.basename}-list")


def detail_url(case, record) -> str:
    return reverse(f"api:{case.basename}-detail", args=[record.pk])


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_client_reads_what_is_public_only(case, pairing, anonymous):
    shown = case.record(pairing)
    hidden = case.record(pairing, **case.hidden) if case.hidden else None

    listed = anonymous.get(list_url(case))

    assert listed.status_code == 200
    assert shown.pk in ids(listed)
    assert anonymous.get(detail_url(case, shown)).status_code == 200
    if hidden is not None:
        assert hidden.pk not in ids(listed)
        assert anonymous.get(detail_url(case, hidden)).status_code == 404


def test_signed_in_client_reads_the_records_of_its_pairing(case, pairing, viewer, signed_in):
    client = signed_in(viewer)
    own = case.record(pairing, **(case.hidden or {}))

    assert own.pk in ids(client.get(list_url(case)))
    assert client.get(detail_url(case, own)).json()["id"] == own.pk


def test_anonymous_client_may_not_write(case, pairing, anonymous):
    record = case.record(pairing)

    assert anonymous.post(list_url(case), case.payload(pairing)).status_code == 401
    assert anonymous.patch(detail_url(case, record), case.change).status_code == 401
    assert anonymous.delete(detail_url(case, record)).status_code == 401


def test_writing_without_the_model_permission_is_forbidden(case, pairing, viewer, signed_in):
    client = signed_in(viewer)
    record = case.record(pairing)

    assert client.post(list_url(case), case.payload(pairing)).status_code == 403
    assert client.patch(detail_url(case, record), case.change).status_code == 403
    assert client.delete(detail_url(case, record)).status_code == 403


@pytest.mark.parametrize("case", SCOPED, ids=str)
def test_another_pairings_record_is_not_found(case, official_of, token_client):
    mine, theirs = factories.PairingFactory(), factories.PairingFactory()
    actions = ("view", "add", "change", "delete")
    user = official_of(mine.western_region, *(case.codename(action) for action in actions))
    client = token_client(user)
    record = case.record(theirs, status=RecordStatus.DRAFT)

    assert client.get(detail_url(case, record)).status_code == 404
    assert client.patch(detail_url(case, record), case.change).status_code == 404
    assert client.delete(detail_url(case, record)).status_code == 404
    assert record.pk not in ids(client.get(list_url(case)))
    created = client.post(list_url(case), case.payload(theirs))
    assert created.status_code == 400
    assert "pairing" in created.json()


def test_permitted_user_creates_changes_and_deletes(case, pairing, editor, signed_in):
    client = signed_in(editor)

    created = client.post(list_url(case), case.payload(pairing))
    assert created.status_code == 201, created.json()
    record = case.model.objects.get(pk=created.json()["id"])
    assert record.created_by == editor
    assert record.history.get().history_user == editor
    if case.scoped:
        assert record.status == RecordStatus.DRAFT

    changed = client.patch(detail_url(case, record), case.change)
    assert changed.status_code == 200, changed.json()
    record.refresh_from_db()
    assert record.updated_by == editor
    for name, value in case.change.items():
        assert changed.json()[name] == value

    assert client.delete(detail_url(case, record)).status_code == 204
    assert not case.model.objects.filter(pk=record.pk).exists()


def test_a_bad_value_is_a_400_naming_the_field_and_nothing_is_saved(
    case, pairing, editor, token_client
):
    client = token_client(editor)
    before = case.model.objects.count()

    response = client.post(list_url(case), {**case.payload(pairing), **case.bad})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    [(field, [message])] = response.json().items()
    assert field == next(iter(case.bad))
    assert isinstance(message, str) and message
    assert case.model.objects.count() == before


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_errors_speak_the_language_of_the_request(case, pairing, editor, token_client, language):
    client = token_client(editor)
    headers = {} if language == "zh-hans" else {"HTTP_ACCEPT_LANGUAGE": language}
    required = next(iter(case.payload(pairing)))

    response = client.post(list_url(case), {}, **headers)

    assert response.status_code == 400
    assert response.json()[required] == [REQUIRED[language]]


def test_a_list_costs_the_same_queries_at_any_length_page_size_and_depth(
    case, pairing, anonymous, settings
):
    """Beyond the exact count's limit a page also asks the database's estimate, once."""

    def cost(query) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert anonymous.get(list_url(case), query).status_code == 200
        return len(queries)

    settings.API_ANON_RATE = None
    case.record(pairing)
    costs = {"1 record": cost({"page_size": 10})}
    for _ in range(11):
        case.record(pairing)
    for query in ({"page_size": 10}, {"page_size": 100}, {"page_size": 10, "page": 2}):
        costs[f"12 records, {query}"] = cost(query)
    settings.LIST_EXACT_COUNT_LIMIT = 5
    estimated = {
        str(query): cost(query) for query in ({"page_size": 10}, {"page": 2, "page_size": 5})
    }

    assert len(set(costs.values())) == 1, costs
    assert len(set(estimated.values())) == 1, estimated


def test_signed_in_list_costs_the_same_queries_at_any_page_size(
    case, pairing, viewer, token_client, django_assert_num_queries
):
    client = token_client(viewer)
    for _ in range(6):
        case.record(pairing)
    with CaptureQueriesContext(connection) as small:
        client.get(list_url(case), {"page_size": 2})

    with django_assert_num_queries(len(small.captured_queries)):
        client.get(list_url(case), {"page_size": 5})


@pytest.mark.parametrize("case", SCOPED, ids=str)
def test_a_record_moves_through_review_by_the_transition_action(case, pairing, editor, signed_in):
    client = signed_in(editor)
    record = case.record(pairing, status=RecordStatus.DRAFT)
    url = reverse(f"api:{case.basename}-transition", args=[record.pk])

    submitted = client.post(url, {"status": RecordStatus.SUBMITTED})
    published = client.post(url, {"status": RecordStatus.PUBLISHED})

    assert submitted.status_code == 200
    assert submitted.json()["status"] == RecordStatus.SUBMITTED
    assert published.status_code == 403
    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED


def test_status_is_not_written_by_a_plain_change(pairing, official_of, token_client):
    user = official_of(pairing.western_region, "programs.view_event", "programs.change_event")
    event = factories.EventFactory(pairing=pairing, status=RecordStatus.DRAFT)

    token_client(user).patch(
        reverse("api:events-detail", args=[event.pk]), {"status": RecordStatus.PUBLISHED}
    )

    event.refresh_from_db()
    assert event.status == RecordStatus.DRAFT


def test_a_program_citing_another_pairings_agreement_is_refused_whole(
    pairing, official_of, token_client
):
    user = official_of(pairing.western_region, "cooperation.add_program")
    foreign = factories.AgreementFactory()

    response = token_client(user).post(
        reverse("api:programs-list"),
        {"pairing": pairing.pk, "name": "举措", "category": "health", "agreements": [foreign.pk]},
    )

    assert response.status_code == 400
    assert list(response.json()) == ["agreements"]
    assert not Program.objects.exists()


def test_a_model_rule_is_a_400_naming_the_field(pairing, official_of, token_client):
    """Validation that only the model knows (overlapping secondments) still names the field."""
    user = official_of(pairing.western_region, "talent.add_secondment")
    first = factories.SecondmentFactory(pairing=pairing)

    response = token_client(user).post(
        reverse("api:secondments-list"),
        {
            "pairing": pairing.pk,
            "person": first.person_id,
            "home_organization": first.home_organization_id,
            "host_organization": first.host_organization_id,
            "start_date": first.start_date.isoformat(),
        },
    )

    assert response.status_code == 400
    assert list(response.json()) == ["start_date"]
    assert Secondment.objects.count() == 1


def test_a_constraint_is_a_400_naming_the_field_it_checks(pairing, superuser, token_client):
    """Regression: constraint errors came under Django's "__all__", naming no field."""
    response = token_client(superuser).post(
        reverse("api:events-list"),
        {
            "pairing": pairing.pk,
            "kind": "lecture",
            "title": "讲座",
            "start_date": "2021-10-12",
            "end_date": "2021-10-01",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"end_date": ["The end date cannot be before the start date."]}


def test_a_rule_of_the_whole_record_comes_under_drfs_own_key(pairing, superuser, token_client):
    """Regression: a rule of several fields came under Django's "__all__", not DRF's key."""
    outcome = factories.OutcomeFactory(pairing=pairing)

    response = token_client(superuser).post(
        reverse("api:outcomes-list"),
        {
            "pairing": pairing.pk,
            "indicator": outcome.indicator_id,
            "year": outcome.year,
            "value": 5,
            "qualifier": "exact",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This pairing already has a figure for this indicator and year."]
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_missing_record_is_a_404_in_the_language_of_the_request(db, anonymous, language):
    """Regression: the 404 of a detail endpoint was Django's English message in any language."""
    response = anonymous.get(
        reverse("api:events-detail", args=[999]), HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 404
    with translation.override(language):
        assert response.json() == {"detail": str(exceptions.NotFound.default_detail)}


def test_deleting_a_record_others_refer_to_is_a_409(pairing, official_of, token_client):
    user = official_of(pairing.western_region, "cooperation.delete_program")
    program = factories.ProgramFactory(pairing=pairing)
    factories.EventFactory(pairing=pairing, program=program)

    response = token_client(user).delete(reverse("api:programs-detail", args=[program.pk]))

    assert response.status_code == 409
    assert Program.objects.filter(pk=program.pk).exists()


def test_a_browser_session_must_send_its_csrf_token_to_write(pairing, superuser, client):
    client.force_login(superuser)
    client.handler.enforce_csrf_checks = True

    response = client.post(reverse("api:regions-list"), {"name": "新区", "level": "district"})

    assert response.status_code == 403


def test_every_record_model_has_an_endpoint_case():
    """A new record kind gets the whole endpoint suite by a case in cases.py; name the missing."""
    from tests.constraint_checks import project_models

    # Officials are tied to users in the admin only; parties and speakers are written with
    # their agreement or event (tests/api/test_companions.py); a background job is its
    # asker's alone, on their page of the admin; the published data's version is the
    # statistics cache's own (tests/cooperation/test_stats_cache.py); revisions are made by
    # the writes and transitions of their records (tests/api/test_revisions.py).
    not_served = {
        "cooperation.Official",
        "cooperation.AgreementParty",
        "programs.EventSpeaker",
        "cooperation.Job",
        "cooperation.PublishedDataVersion",
        "cooperation.Revision",
    }
    labels = {model._meta.label for model in project_models()}
    missing = labels - {case.model._meta.label for case in CASES} - not_served
    assert not missing, f"no case in tests/api/cases.py for {sorted(missing)}"
    assert not_served <= labels
