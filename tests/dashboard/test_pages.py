"""Every dashboard page renders the reference record, its figures as the statistics give them."""

import datetime
import html
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from cooperation.core.models import Outcome, PairingRecord, RecordStatus
from cooperation.core.selectors import public_organizations
from cooperation.dashboard.charts import computation_url, records_url, scope_filters
from cooperation.dashboard.templatetags.figures import figure, quantity
from talent.models import Person
from talent.selectors import public_people
from tests import factories

pytestmark = pytest.mark.django_db

# The detail page of each kind of record, by URL name.
DETAIL_PAGES = {
    "cooperation.Agreement": "agreement",
    "cooperation.Outcome": "outcome",
    "cooperation.Program": "program",
    "programs.Event": "event",
    "programs.Base": "base",
    "talent.ExpertEngagement": "engagement",
    "talent.Secondment": "secondment",
    "talent.MentorPairing": "mentor_pairing",
}
LIST_PAGES = [
    "agreements",
    "outcomes",
    "programs",
    "events",
    "bases",
    "engagements",
    "secondments",
    "mentor_pairings",
    "people",
]


def page(client, url, language="zh-hans"):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


def figure_phrases(summary, language):
    """Return every figure of a summary as the page must print it, in ``language``."""
    phrases = []
    with translation.override(language):
        for item in summary.figures:
            unit = item.indicator.unit
            if item.reported:
                phrases.append(figure(item.reported.value, unit, item.reported.qualifier))
            if item.computed is not None:
                phrases.append(figure(item.computed, unit))
    return phrases


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_home_prints_every_figure_the_statistics_give(
    client, reference_record, reference_summary, language
):
    content = page(client, reverse("dashboard:home"), language)

    assert reference_summary.figures
    for phrase in figure_phrases(reference_summary, language):
        assert phrase in content


def test_home_writes_figures_as_the_report_does(client, reference_record):
    content = page(client, reverse("dashboard:home"))

    for value, unit in (("600+", "人次"), ("1,154", "个"), ("100+", "万元")):
        assert (
            f'<span class="figure-value">{value}</span> <span class="figure-unit">{unit}</span>'
            in content
        )


def test_home_groups_figures_under_the_three_top_level_programs(client, reference_record):
    content = page(client, reverse("dashboard:home"))
    headings = re.findall(r'<section class="figure-group">\s*<h4><a [^>]*>([^<]+)</a>', content)

    assert headings == ["三大制度", "三个基地", "三项协议"]


def test_home_opens_on_the_latest_year_with_data(client, reference_record):
    factories.OutcomeFactory(pairing=reference_record, year=2019, status=RecordStatus.PUBLISHED)
    content = page(client, reverse("dashboard:home"))

    assert '<option value="2021" selected>' in content
    assert '<option value="2019">' in content


def test_a_chosen_year_changes_the_figures(client, reference_record):
    content = page(
        client, reverse("dashboard:home") + f"?pairing_id={reference_record.pk}&year=2019"
    )

    # 2019 has no data: the page falls back to the latest year, never to an empty one.
    assert "· 2021</h2>" in content


@pytest.mark.parametrize("url_name", ["home", "pairing"])
def test_a_year_without_data_is_named_not_silently_replaced(client, reference_record, url_name):
    """Regression: asking for 2019 showed 2021 without saying that 2019 had nothing."""
    url = (
        reverse("dashboard:home") + f"?pairing_id={reference_record.pk}&year=2019"
        if url_name == "home"
        else reverse("dashboard:pairing", args=[reference_record.pk]) + "?year=2019"
    )

    content = page(client, url, "en")

    assert "Nothing is published for 2019; these figures are for 2021." in content


def test_a_pairing_with_nothing_published_says_so_instead_of_zeros(client, pairing):
    """Regression: an empty pairing showed ten figures of 0 and an empty chart."""
    content = page(client, reverse("dashboard:pairing", args=[pairing.pk]), "en")

    assert "Nothing is published for this pairing yet." in content
    assert 'class="figure-card"' not in content
    assert 'class="chart"' not in content


def test_every_computed_figure_links_to_exactly_the_records_it_counts(
    client, reference_record, reference_summary
):
    computed = [item for item in reference_summary.figures if item.computation]
    home = page(client, reverse("dashboard:home"))

    assert computed
    for item in computed:
        url = computation_url(item, reference_record.pk, 2021)
        assert html.escape(url) in home
        listed = client.get(url).context["paginator"].count
        assert listed == item.computed, url


def test_every_breakdown_segment_links_to_exactly_its_records(
    client, reference_record, reference_summary
):
    home = page(client, reverse("dashboard:home"))

    for breakdown in reference_summary.breakdowns:
        record_set = breakdown.record_set
        for row in breakdown.rows:
            url = records_url(
                record_set.key,
                scope_filters(reference_record.pk, 2021) | {record_set.group_field: row.group},
            )
            assert html.escape(url) in home
            assert client.get(url).context["paginator"].count == row.values["count"], url


def test_every_reported_figure_links_to_its_outcome_and_source(
    client, reference_record, reference_summary
):
    home = page(client, reverse("dashboard:home"))

    for item in reference_summary.figures:
        url = reverse("dashboard:outcome", args=[item.reported.outcome_id])
        assert f'href="{url}"' in home
        outcome = Outcome.objects.get(pk=item.reported.outcome_id)
        detail = page(client, url)
        assert html.escape(outcome.source) in detail
        assert quantity(outcome.value, outcome.qualifier) in detail


def test_charts_carry_their_figures_and_a_table(client, reference_record, reference_summary):
    response = client.get(reverse("dashboard:home"))
    charts = response.context["charts"]
    content = response.content.decode()

    assert [chart["kind"] for chart in charts] == ["hbar", "bar-line", "pie", "pie"]
    for chart in charts:
        assert f'data-chart="chart-data-{chart["id"]}"' in content
        assert f'id="chart-data-{chart["id"]}"' in content
    assert content.count('<details class="chart-data">') == len(charts) + 1
    agreements = next(
        item for item in reference_summary.breakdowns if item.record_set.key == "agreements"
    )
    pie = next(chart for chart in charts if chart["id"] == "agreements-by-group")
    assert [cell["value"] for cell in pie["series"][0]["data"]] == [
        float(row.values["count"]) for row in agreements.rows
    ]


def test_secondment_timeline_shows_who_was_where(client, reference_record):
    content = page(client, reverse("dashboard:home"))

    assert "杨岸林 → 长河街道社区卫生服务中心" in content
    assert "2021年10月" in content


def public_urls(pairing) -> list[str]:
    """Return every public page of the portal: home, pairing, lists and details."""
    urls = [reverse("dashboard:home"), reverse("dashboard:pairing", args=[pairing.pk])]
    urls += [reverse(f"dashboard:{name}") for name in LIST_PAGES]
    for label, name in DETAIL_PAGES.items():
        for pk in apps.get_model(label).objects.published().values_list("pk", flat=True):
            urls.append(reverse(f"dashboard:{name}", args=[pk]))
    urls += [
        reverse("dashboard:organization", args=[pk])
        for pk in public_organizations().values_list("pk", flat=True)
    ]
    urls += [
        reverse("dashboard:person", args=[pk])
        for pk in public_people().values_list("pk", flat=True)
    ]
    return urls


def test_every_page_renders_the_reference_record(client, reference_record):
    urls = [*public_urls(reference_record), reverse("dashboard:search") + "?q=滨江"]

    for language in ("zh-hans", "en"):
        for url in urls:
            page(client, url, language)


def test_event_page_shows_speakers_and_participants(client, reference_record):
    event = reference_record.event_set.get(kind="lecture")
    content = page(client, reverse("dashboard:event", args=[event.pk]))

    assert "娄火明" in content
    assert event.audience in content


def test_agreement_page_shows_parties(client, reference_record):
    agreement = reference_record.agreement_set.get(kind="school_enterprise")
    content = page(client, reverse("dashboard:agreement", args=[agreement.pk]))

    for party in agreement.parties.select_related("organization"):
        assert party.organization.name in content


def test_a_secondments_host_is_the_receiving_organization(client, reference_record):
    """Regression: a secondment's host read 主办单位, an event's organizer, not 接收单位."""
    secondment = reference_record.secondment_set.get()

    content = page(client, reverse("dashboard:secondment", args=[secondment.pk]))
    listed = page(client, reverse("dashboard:secondments"))

    assert "<dt>接收单位</dt>" in content
    assert "主办单位" not in content + listed


def test_search_finds_pairings_programs_organizations_and_people(client, reference_record):
    content = page(client, reverse("dashboard:search") + "?q=滨江")
    assert "滨江区 → 朝天区" in content
    assert "滨江区教育局" in content
    assert "“滨江之光”白内障救治项目" in content

    assert "娄火明" in page(client, reverse("dashboard:search") + "?q=Lou")


def test_search_words_the_database_cannot_hold_get_an_error_not_a_failure(client, pairing):
    """Regression: a NUL character in the search words was a server error on PostgreSQL."""
    response = client.get(reverse("dashboard:search"), {"q": "滨江\x00"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert "None found." not in response.content.decode()


def test_english_is_chosen_by_accept_language_and_by_the_switch(client, reference_record):
    assert '<html lang="zh-Hans">' in page(client, reverse("dashboard:home"))
    assert '<html lang="en">' in page(client, reverse("dashboard:home"), "en")

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("dashboard:home")).content.decode()

    assert '<html lang="en">' in content
    assert "Binjiang District → Chaotian District" in content
    assert '<span class="figure-unit">person-times</span>' in content


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_missing_page_keeps_the_sites_layout_and_language(client, language):
    """Regression: a draft or unknown record showed Django's bare English "Not Found"."""
    response = client.get(reverse("dashboard:event", args=[999]), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    content = response.content.decode()
    with translation.override(language):
        assert f"<h1>{translation.gettext('Page not found')}</h1>" in content
        assert translation.gettext("East–West Cooperation Portal") in content
    assert 'class="language-switch"' in content


def test_a_server_error_page_needs_neither_request_nor_database(rf):
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()
    assert "Server error" in response.content.decode()


class TestOnlyPublishedRecordsAndPublicFields:
    def test_a_draft_is_invisible(self, client, reference_record):
        draft = factories.EventFactory(
            pairing=reference_record, title="未发布的讲座", kind="free_clinic", participants=98765
        )

        assert client.get(reverse("dashboard:event", args=[draft.pk])).status_code == 404
        for url in (
            reverse("dashboard:home"),
            reverse("dashboard:events"),
            reverse("dashboard:events") + "?q=未发布",
            reverse("dashboard:search") + "?q=未发布",
        ):
            content = page(client, url)
            assert "未发布的讲座" not in content
            assert "98765" not in content and "98,765" not in content

    def test_a_person_not_public_is_never_named(self, client, reference_record):
        person = factories.PersonFactory(
            name="隐名专家", phone="13800000000", email="hidden@example.invalid"
        )
        event = reference_record.event_set.get(kind="lecture")
        factories.EventSpeakerFactory(event=event, person=person)
        secondment = factories.SecondmentFactory(
            pairing=reference_record,
            person=person,
            status=RecordStatus.PUBLISHED,
            start_date=datetime.date(2021, 3, 1),
            end_date=datetime.date(2021, 4, 1),
        )

        urls = [
            reverse("dashboard:home"),
            reverse("dashboard:event", args=[event.pk]),
            reverse("dashboard:secondments"),
            reverse("dashboard:secondment", args=[secondment.pk]),
            reverse("dashboard:people"),
            reverse("dashboard:search") + "?q=隐名",
        ]
        for url in urls:
            content = page(client, url)
            assert "隐名专家" not in content
            assert "13800000000" not in content
            assert "hidden@example.invalid" not in content
        assert client.get(reverse("dashboard:person", args=[person.pk])).status_code == 404

    def test_no_contact_field_reaches_any_page(self, client, reference_record):
        Person.objects.update(phone="13900000000", email="expert@example.invalid")
        person = public_people().first()

        for url in (reverse("dashboard:person", args=[person.pk]), reverse("dashboard:people")):
            content = page(client, url)
            assert "13900000000" not in content
            assert "expert@example.invalid" not in content


def test_a_list_keeps_drill_down_filters_it_does_not_offer_as_fields(client, reference_record):
    url = (
        reverse("dashboard:events") + "?pairing_id=1&start_after=2021-11-01&start_before=2021-11-30"
    )
    content = page(client, url)

    assert '<input type="hidden" name="start_after" value="2021-11-01">' in content


def test_a_filter_that_does_not_parse_lists_nothing_and_says_so(client, reference_record):
    response = client.get(reverse("dashboard:events") + "?year=last")

    assert response.status_code == 200
    assert response.context["paginator"].count == 0
    assert response.context["filter_errors"]


def test_a_carried_filter_that_does_not_parse_is_named(client, reference_record):
    """Regression: a bad drill-down filter said only that some filter was not understood."""
    content = page(client, reverse("dashboard:events") + "?start_after=2021-13-45", "en")

    assert "Starts on or after: Enter a valid date." in content


def test_form_labels_carry_no_ascii_colon_on_chinese_pages(client, reference_record):
    """Regression: Chinese labels read "搜索:" with an ASCII colon."""
    for url in (reverse("dashboard:events"), reverse("dashboard:search") + "?q=滨江"):
        labels = re.findall(r"<label[^>]*>([^<]*)</label>", page(client, url))
        assert labels, url
        assert not [label for label in labels if label.endswith(":")], url


def test_the_pairing_filter_names_pairings_in_the_pages_language_at_one_cost(client):
    """Regression: the English list offered "滨江区 → 朝天区", two queries per pairing."""
    factories.PairingFactory(
        eastern_region=factories.RegionFactory(name="滨江区", name_en="Binjiang District"),
        western_region=factories.RegionFactory(name="朝天区", name_en="Chaotian District"),
    )
    with CaptureQueriesContext(connection) as one_pairing:
        content = page(client, reverse("dashboard:events"), "en")
    factories.PairingFactory.create_batch(3)
    with CaptureQueriesContext(connection) as four_pairings:
        page(client, reverse("dashboard:events"), "en")

    assert "Binjiang District → Chaotian District" in content
    assert len(four_pairings) == len(one_pairing)


@pytest.mark.parametrize("name", ["events", "secondments", "outcomes", "engagements"])
def test_list_queries_do_not_grow_with_the_page(client, pairing, name):
    make = {
        "events": factories.EventFactory,
        "secondments": factories.SecondmentFactory,
        "outcomes": factories.OutcomeFactory,
        "engagements": factories.ExpertEngagementFactory,
    }[name]
    counts = []
    for batch in (2, 8):
        for _ in range(batch):
            make(pairing=pairing, status=RecordStatus.PUBLISHED)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(f"dashboard:{name}"))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_records_of_every_pairing_record_model_have_a_page():
    pairing_record_models = {
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, PairingRecord) and model._meta.label != "cooperation.Target"
    }

    assert pairing_record_models == set(DETAIL_PAGES)
