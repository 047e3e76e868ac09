"""Statistics endpoints: the reference record comes back exactly, with sources and links."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.core.models import Measurement, Qualifier, RecordStatus, RegionLevel, Unit
from cooperation.stats.registry import record_sets
from programs.models import EventKind
from tests import factories

PUBLISHED = RecordStatus.PUBLISHED

# Every figure of ../shared/seed/chaotian-binjiang-2021.md: indicator code → (value, unit,
# qualifier). "100余万元" is 100+ in units of 10,000 yuan; "上千例" is 1,000+ cases.
SEED_FIGURES = {
    "chief-experts-hired": (7, Unit.PERSONS, Qualifier.EXACT),
    "resident-lecturers-signed": (6, Unit.PERSONS, Qualifier.EXACT),
    "new-teachers-paired": (18, Unit.PERSONS, Qualifier.EXACT),
    "tech-achievements-transferred": (4, Unit.ITEMS, Qualifier.EXACT),
    "cadres-trained": (600, Unit.PERSON_TIMES, Qualifier.MORE_THAN),
    "demonstration-classes": (13, Unit.SESSIONS, Qualifier.EXACT),
    "teaching-bases": (1, Unit.UNITS, Qualifier.EXACT),
    "practice-bases": (6, Unit.UNITS, Qualifier.EXACT),
    "inspection-sites": (10, Unit.UNITS, Qualifier.MORE_THAN),
    "party-cadres-trained": (160, Unit.PERSON_TIMES, Qualifier.MORE_THAN),
    "long-term-secondments": (6, Unit.PERSONS, Qualifier.EXACT),
    "free-clinic-events": (4, Unit.EVENTS, Qualifier.EXACT),
    "free-clinic-visits": (700, Unit.PERSON_TIMES, Qualifier.MORE_THAN),
    "cataract-surgeries": (35, Unit.PERSONS, Qualifier.EXACT),
    "pain-patients-treated": (1000, Unit.CASES, Qualifier.MORE_THAN),
    "pain-treatment-effective-rate": (100, Unit.PERCENT, Qualifier.EXACT),
    "study-aid-donations": (100, Unit.TEN_THOUSAND_YUAN, Qualifier.MORE_THAN),
    "students-benefited": (2000, Unit.PERSONS, Qualifier.MORE_THAN),
    "practical-training-bases": (5, Unit.UNITS, Qualifier.EXACT),
    "jobs-offered": (1154, Unit.UNITS, Qualifier.EXACT),
}


@pytest.fixture
def demo_summary(reference_record, anonymous):
    response = anonymous.get(
        reverse("api:stats-summary"), {"pairing_id": reference_record.pk, "year": 2021}
    )
    assert response.status_code == 200
    return response.json()


def by_code(summary) -> dict:
    return {figure["indicator"]["code"]: figure for figure in summary["figures"]}


def breakdown_of(summary, record_set) -> dict:
    [breakdown] = [item for item in summary["breakdowns"] if item["record_set"] == record_set]
    return {
        row["group"]: {value["measure"]: value["value"] for value in row["values"]}
        for row in breakdown["rows"]
    } | {None: {value["measure"]: value["value"] for value in breakdown["totals"]}}


def test_summary_returns_every_figure_of_the_reference_record(demo_summary):
    figures = by_code(demo_summary)

    for code, (value, unit, qualifier) in SEED_FIGURES.items():
        figure = figures[code]
        assert (figure["value"], figure["unit"], figure["qualifier"]) == (value, unit, qualifier)
        assert figure["reported"]["value"] == value
        assert figure["source"] in ("reported", "both")
        assert figure["unit_label"] == Unit(unit).label


def test_summary_of_600_more_than_says_600_and_more_than(demo_summary):
    cadres = by_code(demo_summary)["cadres-trained"]

    assert cadres["value"] == 600
    assert cadres["qualifier"] == Qualifier.MORE_THAN
    assert cadres["qualifier_label"] == str(Qualifier.MORE_THAN.label)


def test_summary_counts_the_itemised_records_of_the_reference_record(demo_summary):
    assert breakdown_of(demo_summary, "engagements") == {
        "chief_expert": {"count": 1},
        None: {"count": 1},
    }
    # The report counts no participants of its example events: not known, not zero.
    assert breakdown_of(demo_summary, "events") == {
        "lecture": {"count": 1, "participants": None},
        "training_class": {"count": 1, "participants": None},
        "free_clinic": {"count": 1, "participants": None},
        None: {"count": 3, "participants": None},
    }
    assert breakdown_of(demo_summary, "bases") == {
        "teaching": {"count": 1},
        "practice": {"count": 4},
        "inspection": {"count": 2},
        None: {"count": 7},
    }
    assert breakdown_of(demo_summary, "agreements") == {
        "health": {"count": 1},
        "education": {"count": 1},
        "school_enterprise": {"count": 1},
        None: {"count": 3},
    }
    # 杨岸林, 1 October to 1 November 2021: 32 days are 1.1 person-months.
    assert breakdown_of(demo_summary, "secondments") == {
        "false": {"count": 1, "person_months": 1.1},
        None: {"count": 1, "person_months": 1.1},
    }
    assert breakdown_of(demo_summary, "mentor_pairings") == {None: {"count": 0}}


def test_summary_reconciles_a_reported_figure_with_its_records(demo_summary):
    """18 new teachers were reported paired and none is entered: both show, and the gap."""
    paired = by_code(demo_summary)["new-teachers-paired"]
    experts = by_code(demo_summary)["chief-experts-hired"]

    assert paired["source"] == "both"
    assert (paired["reported"]["value"], paired["computed"]["value"]) == (18, 0)
    assert paired["difference"] == 18
    assert (experts["reported"]["value"], experts["computed"]["value"]) == (7, 1)
    assert experts["difference"] == 6


def test_the_difference_from_a_more_than_figure_is_more_than_too(pairing, anonymous):
    """Regression: the API gave the difference from "600+" as a bare 597; the page said 597+."""
    indicator = factories.IndicatorFactory(
        unit=Unit.PERSONS, measurement=Measurement.COMPUTED, computation="mentor_pairings"
    )
    factories.OutcomeFactory(pairing=pairing, indicator=indicator, value=600, status=PUBLISHED)
    factories.MentorPairingFactory.create_batch(3, pairing=pairing, status=PUBLISHED)

    summary = anonymous.get(
        reverse("api:stats-summary"), {"pairing_id": pairing.pk, "year": 2021}
    ).json()
    figure = by_code(summary)[indicator.code]

    assert (figure["difference"], figure["difference_qualifier"]) == (597, "more_than")


def test_participants_some_events_did_not_count_are_more_than_their_sum(pairing, anonymous):
    for participants in (120, None):
        factories.EventFactory(
            pairing=pairing, status=PUBLISHED, kind=EventKind.LECTURE, participants=participants
        )

    summary = anonymous.get(
        reverse("api:stats-summary"), {"pairing_id": pairing.pk, "year": 2021}
    ).json()
    [events] = [item for item in summary["breakdowns"] if item["record_set"] == "events"]
    [total] = [value for value in events["totals"] if value["measure"] == "participants"]

    assert (total["value"], total["qualifier"]) == (120, "more_than")


def test_reconciliation_shows_reported_computed_and_difference(pairing, anonymous):
    indicator = factories.IndicatorFactory(
        unit=Unit.PERSONS, measurement=Measurement.COMPUTED, computation="mentor_pairings"
    )
    factories.OutcomeFactory(
        pairing=pairing, indicator=indicator, value=18, qualifier="exact", status=PUBLISHED
    )
    factories.MentorPairingFactory.create_batch(3, pairing=pairing, status=PUBLISHED)
    factories.TargetFactory(pairing=pairing, indicator=indicator, value=20, status=PUBLISHED)

    summary = anonymous.get(
        reverse("api:stats-summary"), {"pairing_id": pairing.pk, "year": 2021}
    ).json()
    figure = by_code(summary)[indicator.code]

    assert figure["value"] == 18
    assert figure["computed"]["value"] == 3
    assert figure["difference"] == 15
    assert figure["difference_qualifier"] == "exact"
    assert figure["target"] == 20
    assert anonymous.get(figure["computed"]["records"]).json()["count"] == 3
    assert anonymous.get(figure["reported"]["url"]).json()["value"] == 18


def test_every_figure_links_to_the_records_behind_it(demo_summary, anonymous):
    for figure in demo_summary["figures"]:
        behind = anonymous.get(figure["records"])
        assert behind.status_code == 200, figure["records"]
        if figure["computed"] is not None:
            assert behind.json()["count"] == figure["computed"]["value"]
        else:
            assert behind.json()["id"] == figure["reported"]["outcome_id"]


def test_every_breakdown_row_links_to_the_records_it_counts(demo_summary, anonymous):
    for breakdown in demo_summary["breakdowns"]:
        for row in [*breakdown["rows"], {"records": breakdown["records"], **breakdown}]:
            values = row.get("values", breakdown["totals"])
            count = next(value["value"] for value in values if value["measure"] == "count")
            assert anonymous.get(row["records"]).json()["count"] == count, row["records"]


def test_the_public_summary_leaves_drafts_out_and_an_official_sees_them(
    pairing, anonymous, official_of, token_client
):
    factories.EventFactory(pairing=pairing, status=PUBLISHED)
    factories.EventFactory(pairing=pairing, status=RecordStatus.DRAFT)
    official = official_of(pairing.western_region, "programs.view_event")
    params = {"pairing_id": pairing.pk, "year": 2021}

    public = anonymous.get(reverse("api:stats-summary"), params).json()
    own = token_client(official).get(reverse("api:stats-summary"), params).json()

    assert breakdown_of(public, "events")[None]["count"] == 1
    assert breakdown_of(own, "events")[None]["count"] == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"pairing_id": "first"}, "pairing_id"),
        ({"pairing_id": 987654}, "pairing_id"),
        ({"year": "last"}, "year"),
        ({"year": 0}, "year"),
        ({"yaer": 2021}, "yaer"),
    ],
)
def test_a_bad_summary_parameter_is_a_400_naming_it(params, field, anonymous, db):
    response = anonymous.get(reverse("api:stats-summary"), params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_summary_costs_the_same_queries_however_many_records(
    pairing, anonymous, django_capture_on_commit_callbacks
):
    params = {"pairing_id": pairing.pk, "year": 2021}

    def queries_with(records: int) -> int:
        # Committed, as a real write is: the cached summary is then computed afresh.
        with django_capture_on_commit_callbacks(execute=True):
            factories.EventFactory.create_batch(records, pairing=pairing, status=PUBLISHED)
            factories.SecondmentFactory.create_batch(records, pairing=pairing, status=PUBLISHED)
        with CaptureQueriesContext(connection) as captured:
            assert anonymous.get(reverse("api:stats-summary"), params).status_code == 200
        return len(captured.captured_queries)

    assert queries_with(2) == queries_with(5)


@pytest.fixture
def province_with_two_pairings(db):
    """Two pairings in one western province, one outside it, each with events in 2021."""
    province = factories.RegionFactory(level=RegionLevel.PROVINCE)
    inside = [
        factories.PairingFactory(western_region=factories.RegionFactory(parent=province))
        for _ in range(2)
    ]
    outside = factories.PairingFactory()
    for count, pairing in enumerate([*inside, outside], start=1):
        factories.EventFactory.create_batch(
            count, pairing=pairing, status=PUBLISHED, kind=EventKind.LECTURE
        )
    factories.EventFactory(
        pairing=inside[0], status=PUBLISHED, start_date=datetime.date(2020, 5, 1)
    )
    return province, inside


def test_a_provincial_client_gets_one_row_per_pairing(province_with_two_pairings, anonymous):
    province, inside = province_with_two_pairings

    rows = anonymous.get(
        reverse("api:stats-events"),
        {"group_by": "pairing", "pairing_region_id": province.pk, "year": 2021},
    ).json()

    assert [(row["pairing"]["id"], row["count"]) for row in rows] == [
        (inside[0].pk, 1),
        (inside[1].pk, 2),
    ]
    assert rows[0]["pairing"]["name"] == str(inside[0])
    for row in rows:
        assert anonymous.get(row["records"]).json()["count"] == row["count"]


def test_group_by_year_and_kind_labels_the_kind(province_with_two_pairings, anonymous):
    _province, inside = province_with_two_pairings

    rows = anonymous.get(
        reverse("api:stats-events"),
        {"group_by": "year,kind", "pairing_id": inside[0].pk},
    ).json()

    assert [(row["year"], row["kind"], row["count"]) for row in rows] == [
        (2020, "lecture", 1),
        (2021, "lecture", 1),
    ]
    assert rows[0]["kind_label"] == str(EventKind.LECTURE.label)
    assert "pairing" not in rows[0]
    for row in rows:
        assert anonymous.get(row["records"]).json()["count"] == row["count"]


def test_group_by_region_program_and_for_every_record_set(reference_record, anonymous):
    for name in ("agreements", "bases", "engagements", "secondments", "mentor_pairings"):
        response = anonymous.get(reverse(f"api:stats-{name}"), {"group_by": "western_region,year"})
        assert response.status_code == 200, name
    rows = anonymous.get(reverse("api:stats-bases"), {"group_by": "program"}).json()

    assert {row["program"]["name"]: row["count"] for row in rows} == {
        "教学基地": 1,
        "跟岗实践基地": 4,
        "考察基地": 2,
    }


def test_group_by_without_groups_is_one_total_row(reference_record, anonymous):
    [total] = anonymous.get(reverse("api:stats-events"), {"year": 2021}).json()

    assert total["count"] == 3
    assert set(total) == {"count", "participants", "records"}


@pytest.mark.parametrize(
    ("params", "field"),
    [({"group_by": "pairing,weather"}, "group_by"), ({"kind": "party"}, "kind")],
)
def test_a_bad_group_by_or_filter_is_a_400(params, field, anonymous, db):
    response = anonymous.get(reverse("api:stats-events"), params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_outcome_totals_group_by_pairing_and_qualify_honestly(anonymous, db):
    indicator = factories.IndicatorFactory()
    first, second = factories.PairingFactory(), factories.PairingFactory()
    factories.OutcomeFactory(
        pairing=first, indicator=indicator, value=600, qualifier="more_than", status=PUBLISHED
    )
    factories.OutcomeFactory(
        pairing=second, indicator=indicator, value=40, qualifier="exact", status=PUBLISHED
    )
    url = reverse("api:stats-outcomes")

    per_pairing = anonymous.get(url, {"group_by": "pairing", "indicator": indicator.code}).json()
    [total] = anonymous.get(url, {"indicator": indicator.code}).json()

    assert [(row["pairing"]["id"], row["value"], row["qualifier"]) for row in per_pairing] == [
        (first.pk, 600, "more_than"),
        (second.pk, 40, "exact"),
    ]
    assert (total["value"], total["qualifier"], total["outcomes"]) == (640, "more_than", 2)
    assert anonymous.get(total["records"]).json()["count"] == 2


def test_timeseries_buckets_computed_figures_by_month_and_quarter(pairing, anonymous):
    indicator = factories.IndicatorFactory(
        unit=Unit.EVENTS, measurement=Measurement.COMPUTED, computation="events.free_clinic"
    )
    for month in (1, 3):
        factories.EventFactory(
            pairing=pairing,
            status=PUBLISHED,
            kind=EventKind.FREE_CLINIC,
            start_date=datetime.date(2021, month, 15),
        )
    url = reverse("api:stats-timeseries")

    months = anonymous.get(url, {"indicator": indicator.code, "interval": "month"}).json()
    quarters = anonymous.get(url, {"indicator": indicator.code, "interval": "quarter"}).json()

    assert [(point["period"], point["value"]) for point in months["points"]] == [
        ("2021-01-01", 1),
        ("2021-03-01", 1),
    ]
    assert [(point["period"], point["value"]) for point in quarters["points"]] == [
        ("2021-01-01", 2)
    ]


def test_timeseries_of_a_reported_figure_keeps_its_qualifier(reference_record, anonymous):
    response = anonymous.get(
        reverse("api:stats-timeseries"),
        {"indicator": "cadres-trained", "pairing_id": reference_record.pk},
    ).json()

    assert response["points"] == [
        {"period": "2021-01-01", "value": 600, "qualifier": "more_than", "measurement": "reported"}
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "indicator"),
        ({"indicator": "no-such-code"}, "indicator"),
        ({"indicator": "cadres-trained", "interval": "week"}, "interval"),
    ],
)
def test_a_bad_timeseries_parameter_is_a_400_naming_it(params, field, reference_record, anonymous):
    response = anonymous.get(reverse("api:stats-timeseries"), params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.fixture
def one_event_counted(pairing):
    """One event of 45 participants counted and three nobody counted, all lectures of 2021."""
    for participants in (45, None, None, None):
        factories.EventFactory(
            pairing=pairing, status=PUBLISHED, kind=EventKind.LECTURE, participants=participants
        )
    return pairing


def test_the_events_statistics_qualify_a_lower_bound_as_the_summary_does(
    one_event_counted, anonymous
):
    """Regression: the summary said 45 more_than, /stats/events/ a bare "participants: 45"."""
    params = {"pairing_id": one_event_counted.pk, "year": 2021}
    summary = anonymous.get(reverse("api:stats-summary"), params).json()
    [events] = [item for item in summary["breakdowns"] if item["record_set"] == "events"]
    [summed] = [value for value in events["totals"] if value["measure"] == "participants"]

    [total] = anonymous.get(reverse("api:stats-events"), params).json()
    [lectures] = anonymous.get(reverse("api:stats-events"), {**params, "group_by": "kind"}).json()

    assert (summed["value"], summed["qualifier"]) == (45, "more_than")
    for row in (total, lectures):
        assert (row["count"], row["participants"], row["participants_qualifier"]) == (
            4,
            45,
            "more_than",
        )


def test_a_sum_every_record_knew_is_exact(pairing, anonymous):
    factories.EventFactory(pairing=pairing, status=PUBLISHED, participants=45)

    [total] = anonymous.get(reverse("api:stats-events"), {"pairing_id": pairing.pk}).json()

    assert (total["participants"], total["participants_qualifier"]) == (45, "exact")


@pytest.mark.parametrize("key", list(record_sets()))
def test_every_statistics_endpoint_qualifies_each_sum_it_gives(key, reference_record, anonymous):
    one_event_counted = factories.EventFactory(
        pairing=reference_record, status=PUBLISHED, participants=45
    )
    summary = anonymous.get(
        reverse("api:stats-summary"), {"pairing_id": reference_record.pk}
    ).json()
    [breakdown] = [item for item in summary["breakdowns"] if item["record_set"] == key]
    qualifiers = {value["measure"]: value["qualifier"] for value in breakdown["totals"]}
    record_set = record_sets()[key]

    [total] = anonymous.get(reverse(f"api:stats-{key}"), {"pairing_id": reference_record.pk}).json()

    assert one_event_counted.participants == 45
    for measure in record_set.measures:
        if measure.unknown_when_null is None:
            # A count, or a sum every record knows: exact by what it is, as the summary says.
            assert qualifiers[measure.key] == "exact"
            assert f"{measure.key}_qualifier" not in total
        else:
            assert total[f"{measure.key}_qualifier"] == qualifiers[measure.key] == "more_than"


def test_the_schema_describes_the_qualifier_of_every_sum(anonymous, db):
    schema = anonymous.get(
        reverse("api:schema"), {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()["components"]

    for key, record_set in record_sets().items():
        name = "".join(part.capitalize() for part in key.split("_"))
        row = schema["schemas"][f"{name}StatsRow"]["properties"]
        for measure in record_set.measures:
            if measure.unknown_when_null is not None:
                assert "More than" in row[f"{measure.key}_qualifier"]["description"], key
    assert "qualifier" in schema["schemas"]["OutcomeStatsRow"]["properties"]
    assert "qualifier" in schema["schemas"]["MeasureValue"]["properties"]
