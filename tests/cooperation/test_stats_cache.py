"""The public's figures are cached, and every change the public would see refreshes them.

Writes are committed here (``django_capture_on_commit_callbacks(execute=True)``), as real
writes are: the data get a new version only once the transaction that changed them commits.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html
from rest_framework.test import APIClient

from cooperation.core.models import Organization, Pairing, RecordStatus
from cooperation.core.services import record_save, record_transition, records_create
from cooperation.stats.cache import PublicCache, data_version
from cooperation.stats.registry import record_sets
from programs.models import Event
from talent.models import Person
from tests import factories

PUBLISHED = RecordStatus.PUBLISHED
EVENTS = list(record_sets()).index("events")
DAY = datetime.date(2021, 10, 12)


@pytest.fixture(autouse=True)
def unthrottled(settings):
    settings.API_ANON_RATE = None


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block of writes and what waits for their commit, as a committed transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def value_of(values, measure: str = "count") -> int:
    return next(value["value"] for value in values if value["measure"] == measure)


def shown(element) -> int:
    """Read a rendered figure as a number; one nobody counted ("not known") reads 0."""
    return int(re.sub(r"\D", "", element.text_content()) or 0)


def report_events(page) -> tuple[int, int]:
    """Read the events and participants of a page's report: its events table's totals.

    A report of a year with nothing published has no table, and shows none.
    """
    label = str(record_sets()["events"].label)
    tables = [table for table in page.iter("table") if table.findtext("caption") == label]
    if not tables:
        return 0, 0
    count, participants = tables[0].xpath("./tfoot//td")
    return shown(count), shown(participants)


def headline_events(headlines) -> tuple[int, int]:
    """Read the events and participants of a headline, which leaves out a set with no records."""
    events = reverse("dashboard:events")
    links = [link for dl in headlines for link in dl.xpath(".//dd/a")]
    found = [shown(link) for link in links if link.get("href").startswith(events)]
    count, participants = [*found, 0, 0][:2]
    return count, participants


def public_event_figures(client, pairing) -> dict[str, tuple[int, int]]:
    """Return the pairing's 2021 events and participants as every cached public figure has them.

    The pages are read as the public reads them, from their HTML, which is cached whole.
    """
    api = APIClient()
    scope = {"pairing_id": pairing.pk, "year": 2021}
    summary = api.get(reverse("api:stats-summary"), scope).json()
    [events] = [item for item in summary["breakdowns"] if item["record_set"] == "events"]
    everywhere = api.get(reverse("api:stats-summary"), {"year": 2021}).json()
    [all_events] = [item for item in everywhere["breakdowns"] if item["record_set"] == "events"]
    grouped = api.get(reverse("api:stats-events"), {"group_by": "pairing", "year": 2021}).json()
    home = html.fromstring(client.get(reverse("dashboard:home"), scope).content)
    url = reverse("dashboard:pairing", args=[pairing.pk])
    page = html.fromstring(client.get(url, {"year": 2021}).content)
    [card] = home.xpath(f"//li[contains(@class, 'pairing-card')][.//h3/a[@href='{url}']]")

    def both(values):
        return (value_of(values), value_of(values, "participants") or 0)

    return {
        "summary": both(events["totals"]),
        "summary of every pairing": both(all_events["totals"]),
        "grouped by pairing": (
            sum(row["count"] for row in grouped),
            sum(row["participants"] or 0 for row in grouped),
        ),
        "home report": report_events(home),
        "pairing report": report_events(page),
        # All years: the headline of a card and of a pairing's page.
        "home headline": headline_events(card.xpath(".//dl[@class='headline']")),
        "pairing headline": headline_events(page.xpath("//h2/following-sibling::dl[1]")),
    }


def everywhere(count: int, participants: int) -> dict[str, tuple[int, int]]:
    names = [
        "summary",
        "summary of every pairing",
        "grouped by pairing",
        "home report",
        "pairing report",
        "home headline",
        "pairing headline",
    ]
    return dict.fromkeys(names, (count, participants))


def test_publishing_changing_returning_and_deleting_a_record_refresh_every_cached_figure(
    client, pairing, superuser, committed
):
    with committed():
        factories.EventFactory(pairing=pairing, status=PUBLISHED, participants=10)
        event = factories.EventFactory(
            pairing=pairing, status=RecordStatus.SUBMITTED, participants=5
        )
    assert public_event_figures(client, pairing) == everywhere(1, 10)

    with committed():
        record_transition(record=event, to_status=PUBLISHED, actor=superuser)
    assert public_event_figures(client, pairing) == everywhere(2, 15), "published"

    with committed():
        event.participants = 7
        record_save(record=event, actor=superuser, reason="The sign-in sheet says 7.")
    assert public_event_figures(client, pairing) == everywhere(2, 15), "a pending revision"

    second_reviewer = factories.UserFactory(is_superuser=True, is_staff=True)
    with committed():
        record_transition(record=event, to_status=PUBLISHED, actor=second_reviewer)
    assert public_event_figures(client, pairing) == everywhere(2, 17), "changed"

    with committed():
        event.refresh_from_db()
        record_transition(
            record=event,
            to_status=RecordStatus.RETURNED,
            actor=second_reviewer,
            comment="Wrong date",
        )
    assert public_event_figures(client, pairing) == everywhere(1, 10), "returned"

    with committed():
        type(event).objects.get(pairing=pairing, status=PUBLISHED).delete()
    assert public_event_figures(client, pairing) == everywhere(0, 0), "deleted"


def test_a_cached_figure_is_kept_until_a_change_is_committed(client, pairing, committed):
    with committed():
        factories.EventFactory(pairing=pairing, status=PUBLISHED, participants=10)
    assert public_event_figures(client, pairing) == everywhere(1, 10)

    factories.EventFactory(pairing=pairing, status=PUBLISHED, participants=10)

    assert public_event_figures(client, pairing) == everywhere(1, 10), "not yet committed"


def test_saving_a_draft_keeps_the_public_figures_cached(pairing, committed):
    with committed():
        draft = factories.EventFactory(pairing=pairing, status=RecordStatus.DRAFT)
    version = data_version()

    with committed():
        draft.title = "改过的草稿"
        draft.save()
        draft.delete()

    assert data_version() == version


def test_a_pending_revision_a_job_and_an_official_keep_the_public_figures_cached(
    pairing, superuser, official_of, committed
):
    """The public sees none of them: renewing the version for them only emptied the cache."""
    with committed():
        event = factories.EventFactory(pairing=pairing, status=PUBLISHED, participants=5)
    version = data_version()

    with committed():
        event.participants = 7
        record_save(record=event, actor=superuser, reason="The sign-in sheet says 7.")
        job = factories.JobFactory(owner=superuser)
        job.done = 100
        job.save()
        official_of(pairing.western_region, "programs.view_event")

    assert data_version() == version


def test_renaming_a_region_refreshes_the_public_figures(pairing, committed):
    version = data_version()

    with committed():
        pairing.western_region.name = "新名字"
        pairing.western_region.save()

    assert data_version() != version


def test_drafts_never_reach_the_public_cache(pairing, official_of, committed):
    with committed():
        factories.EventFactory(pairing=pairing, status=PUBLISHED)
    official = official_of(pairing.western_region, "programs.view_event")
    signed_in = APIClient()
    signed_in.force_authenticate(official)
    anonymous = APIClient()
    params = {"pairing_id": pairing.pk, "year": 2021}

    def events(client) -> int:
        summary = client.get(reverse("api:stats-summary"), params).json()
        [found] = [item for item in summary["breakdowns"] if item["record_set"] == "events"]
        return value_of(found["totals"])

    assert events(signed_in) == 1
    factories.EventFactory(pairing=pairing, status=RecordStatus.DRAFT)
    # Not cached for the signed-in: their draft counts at once, commit or not.
    assert events(signed_in) == 2
    assert events(anonymous) == 1
    assert events(signed_in) == 2
    assert events(anonymous) == 1


def test_a_cached_public_summary_costs_one_query(pairing, committed):
    with committed():
        factories.EventFactory(pairing=pairing, status=PUBLISHED)
    anonymous = APIClient()
    url = reverse("api:stats-summary")
    computed = anonymous.get(url, {"pairing_id": pairing.pk}).json()

    with CaptureQueriesContext(connection) as queries:
        cached = anonymous.get(url, {"pairing_id": pairing.pk}).json()

    assert cached == computed
    assert len(queries) == 1, "the version of the data, and nothing else"


def test_a_cached_none_is_not_computed_again(db):
    cache = PublicCache()
    computed = []

    def compute():
        computed.append(1)

    assert cache.get_or_compute("nothing", (), compute) is None
    assert cache.get_or_compute("nothing", (), compute) is None
    assert computed == [1]


@pytest.mark.parametrize("page", ["home", "pairing"])
def test_a_committed_change_refreshes_the_rendered_report(client, pairing, committed, page):
    """The report's rendered fragment is kept under the data's version, as its figures are."""
    url = (
        reverse("dashboard:home")
        if page == "home"
        else reverse("dashboard:pairing", args=[pairing.pk])
    )
    with committed():
        event = factories.EventFactory(pairing=pairing, status=PUBLISHED, participants=1234)
    assert "1,234" in client.get(url, {"year": 2021}).content.decode()

    with committed():
        event.participants = 4321
        event.save()
    content = client.get(url, {"year": 2021}).content.decode()

    assert "4,321" in content
    assert "1,234" not in content


@pytest.mark.parametrize("page", ["home", "pairing"])
def test_a_cached_page_costs_its_version_query_and_frames_it_for_each_visitor(
    pairing, committed, page
):
    """The figures are rendered once per version of the data, the language form per visitor.

    Its CSRF token is the visitor's own: a page cached whole would hand every visitor the
    first one's, and the form would refuse them.
    """
    with committed():
        factories.EventFactory(pairing=pairing, status=PUBLISHED, participants=1234)
    url = (
        reverse("dashboard:home")
        if page == "home"
        else reverse("dashboard:pairing", args=[pairing.pk])
    )
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)

    with CaptureQueriesContext(connection) as queries:
        content = visitor.get(url).content.decode()

    assert len(queries) == 1, "the version of the data, and nothing else"
    assert "1,234" in content
    [token] = html.fromstring(content).xpath("//input[@name='csrfmiddlewaretoken']/@value")
    answer = visitor.post(
        reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302


def test_an_unknown_pairing_is_not_found_however_often_it_is_asked_for(client, pairing):
    url = reverse("dashboard:pairing", args=[pairing.pk + 1000])

    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_pairings_and_published_records_created_in_bulk_refresh_the_public_figures(
    pairing, superuser, committed
):
    """``records_create`` sends no signal: it renews the version itself for what shows."""
    version = data_version()
    with committed():
        records_create(
            records=[
                Pairing(
                    eastern_region=factories.RegionFactory(),
                    western_region=pairing.western_region,
                    since_year=2021,
                )
            ],
            actor=superuser,
        )
    renewed = data_version()
    with committed():
        records_create(
            records=[
                Event(
                    pairing=pairing, kind="lecture", title="讲座", start_date=DAY, status=PUBLISHED
                )
            ],
            actor=superuser,
        )

    assert version != renewed != data_version()


def test_drafts_organizations_and_people_created_in_bulk_keep_the_public_figures(
    pairing, superuser, committed
):
    """No published record names a new organization or person, so no page shows them yet."""
    with committed():
        organization = factories.OrganizationFactory()
    version = data_version()

    with committed():
        records_create(
            records=[Organization(name="新单位", kind="school", region=pairing.western_region)],
            actor=superuser,
        )
        records_create(records=[Person(name="新人", organization=organization)], actor=superuser)
        records_create(
            records=[Event(pairing=pairing, kind="lecture", title="草稿", start_date=DAY)],
            actor=superuser,
        )

    assert data_version() == version
