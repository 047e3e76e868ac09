"""The statistics module: every figure of the portal, computed in the database."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cooperation.core.models import Measurement, Qualifier, RecordStatus
from cooperation.stats import registry
from cooperation.stats.registry import AtLeast, Computation, Period, qualifier_of, record_sets
from cooperation.stats.selectors import (
    StatsScope,
    aggregate_records,
    breakdown,
    computed_values,
    figures,
    outcome_totals,
    summary,
    timeseries,
)
from tests import factories

PUBLISHED = RecordStatus.PUBLISHED


@pytest.fixture
def scope_2021(pairing):
    return StatsScope.for_year(pairing_id=pairing.pk, year=2021)


def test_public_scope_counts_published_records_only(pairing, scope_2021):
    factories.EventFactory(pairing=pairing, status=PUBLISHED, participants=40)
    factories.EventFactory(pairing=pairing, status=RecordStatus.DRAFT, participants=900)

    events = breakdown(scope_2021, record_sets()["events"])

    assert events.totals == {"count": Decimal(1), "participants": Decimal(40)}


def test_signed_in_scope_sees_what_restrict_allows(pairing, official_of):
    factories.EventFactory(pairing=pairing, status=RecordStatus.DRAFT, participants=12)
    factories.EventFactory(status=RecordStatus.DRAFT, participants=99)
    user = official_of(pairing.western_region, "programs.view_event")

    scope = StatsScope(user=user)

    assert breakdown(scope, record_sets()["events"]).totals["participants"] == 12


def test_scope_keeps_to_its_pairing(pairing, scope_2021):
    factories.EventFactory(pairing=pairing, status=PUBLISHED)
    factories.EventFactory(status=PUBLISHED)

    assert breakdown(scope_2021, record_sets()["events"]).totals["count"] == 1


def test_events_count_in_the_year_they_happened(pairing, scope_2021):
    for start in (
        datetime.date(2020, 12, 31),
        datetime.date(2021, 6, 1),
        datetime.date(2022, 1, 1),
    ):
        factories.EventFactory(pairing=pairing, status=PUBLISHED, start_date=start)
    factories.EventFactory(
        pairing=pairing,
        status=PUBLISHED,
        start_date=datetime.date(2020, 12, 30),
        end_date=datetime.date(2021, 1, 2),
    )

    assert breakdown(scope_2021, record_sets()["events"]).totals["count"] == 2


def test_lasting_records_count_from_their_start_until_their_end(pairing, scope_2021):
    factories.BaseFactory(
        pairing=pairing, status=PUBLISHED, established_on=datetime.date(2019, 5, 1)
    )
    factories.BaseFactory(pairing=pairing, status=PUBLISHED, established_on=None)
    factories.BaseFactory(
        pairing=pairing, status=PUBLISHED, established_on=datetime.date(2022, 1, 1)
    )
    factories.ExpertEngagementFactory(
        pairing=pairing,
        status=PUBLISHED,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )

    assert breakdown(scope_2021, record_sets()["bases"]).totals["count"] == 2
    assert breakdown(scope_2021, record_sets()["engagements"]).totals["count"] == 0


def test_breakdown_groups_by_kind(pairing, scope_2021):
    factories.EventFactory(pairing=pairing, status=PUBLISHED, kind="lecture", participants=30)
    factories.EventFactory(pairing=pairing, status=PUBLISHED, kind="lecture", participants=None)
    factories.EventFactory(pairing=pairing, status=PUBLISHED, kind="free_clinic", participants=70)

    rows = {row.group: row.values for row in breakdown(scope_2021, record_sets()["events"]).rows}

    assert rows == {
        "free_clinic": {"count": Decimal(1), "participants": Decimal(70)},
        "lecture": {"count": Decimal(2), "participants": Decimal(30)},
    }


def test_a_sum_some_records_do_not_know_is_a_lower_bound(pairing, scope_2021):
    """Regression: 120 counted and one event nobody counted summed to an exact 120."""
    for kind, participants in [("lecture", 120), ("lecture", None), ("free_clinic", 70)]:
        factories.EventFactory(
            pairing=pairing, status=PUBLISHED, kind=kind, participants=participants
        )
    factories.EventFactory(pairing=pairing, status=PUBLISHED, kind="site_visit", participants=None)

    events = breakdown(scope_2021, record_sets()["events"])
    rows = {row.group: row.values["participants"] for row in events.rows}

    assert isinstance(rows["lecture"], AtLeast) and rows["lecture"] == 120
    assert not isinstance(rows["free_clinic"], AtLeast) and rows["free_clinic"] == 70
    assert rows["site_visit"] is None
    assert isinstance(events.totals["participants"], AtLeast)
    assert events.totals["participants"] == 190
    assert qualifier_of(events.totals["participants"]) == Qualifier.MORE_THAN
    assert qualifier_of(rows["free_clinic"]) == Qualifier.EXACT


def test_person_months_count_both_ends_and_clip_to_the_period(pairing):
    factories.SecondmentFactory(
        pairing=pairing,
        status=PUBLISHED,
        start_date=datetime.date(2021, 12, 1),
        end_date=datetime.date(2022, 1, 31),
    )
    secondments = record_sets()["secondments"]

    in_2021 = breakdown(StatsScope.for_year(pairing_id=pairing.pk, year=2021), secondments)
    overall = breakdown(StatsScope(pairing_ids=(pairing.pk,)), secondments)

    assert in_2021.totals["person_months"] == Decimal("1.0")  # 31 days
    assert overall.totals["person_months"] == Decimal("2.0")  # 62 days


def test_open_ended_secondment_runs_to_the_end_of_the_period(pairing, scope_2021):
    factories.SecondmentFactory(
        pairing=pairing, status=PUBLISHED, start_date=datetime.date(2021, 7, 1), end_date=None
    )

    totals = breakdown(scope_2021, record_sets()["secondments"]).totals

    assert totals["person_months"] == Decimal("6.0")  # 184 days


def test_computed_values_take_one_query_per_record_set(pairing, scope_2021):
    factories.EventFactory(pairing=pairing, status=PUBLISHED, kind="free_clinic")
    factories.EventFactory(pairing=pairing, status=PUBLISHED, kind="demonstration_class")
    factories.BaseFactory(pairing=pairing, status=PUBLISHED, kind="teaching")
    keys = ["events.free_clinic", "events.demonstration_class", "bases.teaching", "bases.practice"]

    with CaptureQueriesContext(connection) as queries:
        values = computed_values(scope_2021, keys)

    assert len(queries) == 2
    assert values == {
        "events.free_clinic": 1,
        "events.demonstration_class": 1,
        "bases.teaching": 1,
        "bases.practice": 0,
    }


def test_figure_carries_reported_and_computed_values_and_their_difference(pairing, scope_2021):
    indicator = factories.IndicatorFactory(
        measurement="computed", computation="mentor_pairings", unit="persons"
    )
    factories.OutcomeFactory(
        pairing=pairing, indicator=indicator, status=PUBLISHED, value=18, qualifier="exact"
    )
    factories.TargetFactory(pairing=pairing, indicator=indicator, status=PUBLISHED, value=20)
    for _ in range(3):
        factories.MentorPairingFactory(pairing=pairing, status=PUBLISHED)

    (figure,) = [f for f in figures(scope_2021) if f.indicator == indicator]

    assert figure.reported.value == 18
    assert figure.computed == 3
    assert figure.difference == 15
    assert figure.target == 20
    assert figure.source == "both"


def test_reported_figure_keeps_its_qualifier(pairing, scope_2021):
    outcome = factories.OutcomeFactory(
        pairing=pairing, status=PUBLISHED, value=600, qualifier=Qualifier.MORE_THAN
    )

    (figure,) = figures(scope_2021)

    assert (figure.indicator, figure.reported.value, figure.reported.qualifier) == (
        outcome.indicator,
        600,
        Qualifier.MORE_THAN,
    )
    assert figure.computed is None
    assert figure.difference is None
    assert figure.source == "reported"


def test_unpublished_outcome_is_not_a_public_figure(pairing, scope_2021):
    factories.OutcomeFactory(pairing=pairing, status=RecordStatus.SUBMITTED)

    assert figures(scope_2021) == []


def test_summary_query_count_does_not_grow_with_records(pairing, scope_2021):
    def add_records():
        indicator = factories.IndicatorFactory(
            measurement="computed", computation="events.free_clinic"
        )
        factories.OutcomeFactory(pairing=pairing, indicator=indicator, status=PUBLISHED)
        factories.EventFactory(pairing=pairing, status=PUBLISHED, kind="free_clinic")
        factories.SecondmentFactory(pairing=pairing, status=PUBLISHED)
        factories.BaseFactory(pairing=pairing, status=PUBLISHED)

    add_records()
    with CaptureQueriesContext(connection) as few:
        summary(scope_2021)
    for _ in range(4):
        add_records()
    with CaptureQueriesContext(connection) as many:
        summary(scope_2021)

    assert len(many) == len(few), "\n".join(query["sql"] for query in many.captured_queries)


def test_aggregate_records_groups_by_pairing_and_year(pairing):
    other = factories.PairingFactory()
    for owner, start in ((pairing, datetime.date(2021, 3, 1)), (other, datetime.date(2022, 3, 1))):
        factories.EventFactory(pairing=owner, status=PUBLISHED, start_date=start, participants=5)
    events = record_sets()["events"]

    rows = aggregate_records(
        StatsScope().visible(events.model), events, group_by=("pairing", "year")
    )

    assert rows == [
        {"pairing": pairing.pk, "year": 2021, "count": 1, "participants": 5},
        {"pairing": other.pk, "year": 2022, "count": 1, "participants": 5},
    ]


def test_computed_timeseries_buckets_by_month_and_quarter(pairing):
    indicator = factories.IndicatorFactory(measurement="computed", computation="events.free_clinic")
    for day in (datetime.date(2021, 1, 5), datetime.date(2021, 1, 20), datetime.date(2021, 3, 2)):
        factories.EventFactory(
            pairing=pairing, status=PUBLISHED, kind="free_clinic", start_date=day
        )
    scope = StatsScope.for_year(pairing_id=pairing.pk, year=2021)

    by_month = timeseries(scope, indicator, "month")
    by_quarter = timeseries(scope, indicator, "quarter")

    assert by_month == [
        (datetime.date(2021, 1, 1), 2, Qualifier.EXACT, Measurement.COMPUTED),
        (datetime.date(2021, 3, 1), 1, Qualifier.EXACT, Measurement.COMPUTED),
    ]
    assert by_quarter == [(datetime.date(2021, 1, 1), 3, Qualifier.EXACT, Measurement.COMPUTED)]


def test_reported_timeseries_is_yearly(pairing):
    indicator = factories.IndicatorFactory()
    factories.OutcomeFactory(pairing=pairing, indicator=indicator, status=PUBLISHED, year=2021)
    factories.OutcomeFactory(
        pairing=pairing, indicator=indicator, status=PUBLISHED, year=2022, qualifier="exact"
    )

    rows = timeseries(StatsScope(pairing_ids=(pairing.pk,)), indicator, "month")

    assert rows == [
        (datetime.date(2021, 1, 1), 600, Qualifier.MORE_THAN, Measurement.REPORTED),
        (datetime.date(2022, 1, 1), 600, Qualifier.EXACT, Measurement.REPORTED),
    ]


def test_an_indicator_both_computed_and_reported_gets_both_series(pairing):
    """Regression: the timeseries of such an indicator silently left out the reported one."""
    indicator = factories.IndicatorFactory(measurement="computed", computation="events.free_clinic")
    factories.EventFactory(
        pairing=pairing, status=PUBLISHED, kind="free_clinic", start_date=datetime.date(2021, 5, 2)
    )
    factories.OutcomeFactory(pairing=pairing, indicator=indicator, status=PUBLISHED, value=7)

    rows = timeseries(StatsScope(pairing_ids=(pairing.pk,)), indicator, "month")

    assert rows == [
        (datetime.date(2021, 5, 1), 1, Qualifier.EXACT, Measurement.COMPUTED),
        (datetime.date(2021, 1, 1), 7, Qualifier.MORE_THAN, Measurement.REPORTED),
    ]


@pytest.mark.parametrize(
    ("qualifiers", "combined"),
    [
        (("exact", "exact"), Qualifier.EXACT),
        (("exact", "more_than"), Qualifier.MORE_THAN),
        (("more_than", "about"), Qualifier.ABOUT),
    ],
)
def test_outcome_totals_qualify_a_sum_honestly(db, qualifiers, combined):
    indicator = factories.IndicatorFactory()
    for qualifier in qualifiers:
        factories.OutcomeFactory(indicator=indicator, status=PUBLISHED, qualifier=qualifier)

    (row,) = outcome_totals(StatsScope().outcomes())

    assert row["value"] == 1200
    assert row["qualifier"] == combined


def test_registry_refuses_a_second_record_set_under_a_taken_key():
    events = record_sets()["events"]
    with pytest.raises(ValueError, match="already registered"):
        registry.register_record_set(
            registry.RecordSet(
                key="events", label="x", model_label="x.X", date_field="d", measures=()
            )
        )
    registry.register_record_set(events)  # the same declaration again is harmless


@pytest.mark.parametrize(
    ("computation", "error"),
    [
        (Computation(key="x", label="x", record_set="nowhere"), ValueError),
        (Computation(key="x", label="x", record_set="events", measure="weight"), KeyError),
    ],
)
def test_registry_refuses_computations_over_unknown_things(computation, error):
    with pytest.raises(error):
        registry.register_computation(computation)
    assert "x" not in registry.computations()


def test_period_of_a_year_spans_it():
    assert Period.year(2021) == Period(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))


def test_record_timeseries_buckets_every_measure_by_month(pairing, scope_2021):
    from cooperation.stats.selectors import record_timeseries

    for day, participants in ((datetime.date(2021, 10, 3), 40), (datetime.date(2021, 10, 20), 5)):
        factories.EventFactory(
            pairing=pairing, status=PUBLISHED, start_date=day, participants=participants
        )
    factories.EventFactory(
        pairing=pairing, status=PUBLISHED, start_date=datetime.date(2021, 11, 1), participants=None
    )
    factories.EventFactory(pairing=pairing, start_date=datetime.date(2021, 12, 1))

    rows = record_timeseries(scope_2021, record_sets()["events"], "month")

    assert rows == [
        (datetime.date(2021, 10, 1), {"count": Decimal(2), "participants": Decimal(45)}),
        (datetime.date(2021, 11, 1), {"count": Decimal(1), "participants": None}),
    ]


def test_years_with_data_lists_each_pairings_years_newest_first(pairing, django_assert_num_queries):
    from cooperation.stats.selectors import years_with_data

    other = factories.PairingFactory()
    factories.OutcomeFactory(pairing=pairing, year=2021, status=PUBLISHED)
    factories.EventFactory(pairing=pairing, status=PUBLISHED, start_date=datetime.date(2022, 3, 1))
    factories.EventFactory(pairing=other, start_date=datetime.date(2023, 3, 1))

    with django_assert_num_queries(1 + len(record_sets())):
        years = years_with_data()

    assert years == {pairing.pk: [2022, 2021]}


def test_pairing_totals_aggregates_each_record_set_per_pairing(pairing, django_assert_num_queries):
    from cooperation.stats.selectors import pairing_totals

    other = factories.PairingFactory()
    factories.EventFactory.create_batch(2, pairing=pairing, status=PUBLISHED, participants=10)
    factories.EventFactory(pairing=other, status=PUBLISHED, participants=3)
    factories.BaseFactory(pairing=other)

    with django_assert_num_queries(len(record_sets())):
        totals = pairing_totals()

    assert totals[pairing.pk] == {"events": {"count": 2, "participants": 20}}
    assert totals[other.pk] == {"events": {"count": 1, "participants": 3}}


def test_groups_are_named_by_the_record_set_or_by_the_field_choices():
    with translation.override("en"):
        assert record_sets()["secondments"].group_labels() == {
            True: "Long-term",
            False: "Short-term",
        }
        assert record_sets()["events"].group_labels()["free_clinic"] == "Free clinic"


def test_breakdown_totals_are_aggregated_not_added_up_from_rounded_rows(pairing, scope_2021):
    """Regression: two one-day secondments totalled 0 person-months, not 0.1."""
    for is_long_term, day in ((True, 1), (False, 2)):
        factories.SecondmentFactory(
            pairing=pairing,
            status=PUBLISHED,
            is_long_term=is_long_term,
            start_date=datetime.date(2021, 3, day),
            end_date=datetime.date(2021, 3, day),
        )

    totals = breakdown(scope_2021, record_sets()["secondments"]).totals

    assert totals["person_months"] == Decimal("0.1")


def test_a_years_series_starts_lasting_records_at_the_years_start(pairing, scope_2021):
    """Regression: a secondment begun in 2019 put a 2019 point into the 2021 series."""
    factories.SecondmentFactory(
        pairing=pairing, status=PUBLISHED, start_date=datetime.date(2019, 3, 1), end_date=None
    )
    indicator = factories.IndicatorFactory(
        measurement="computed", computation="secondments.long_term"
    )
    factories.SecondmentFactory(
        pairing=pairing,
        status=PUBLISHED,
        is_long_term=True,
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2021, 6, 1),
    )

    assert timeseries(scope_2021, indicator, "month") == [
        (datetime.date(2021, 1, 1), 1, Qualifier.EXACT, Measurement.COMPUTED)
    ]


def test_outcome_totals_take_a_running_total_once(pairing):
    """Regression: running totals of 1000 (2021) and 1500 (2022) were summed to 2500."""
    indicator = factories.IndicatorFactory()
    for year, value in ((2021, 1000), (2022, 1500)):
        factories.OutcomeFactory(
            pairing=pairing,
            indicator=indicator,
            status=PUBLISHED,
            year=year,
            value=value,
            is_cumulative=True,
        )

    (overall,) = outcome_totals(StatsScope().outcomes())
    by_year = outcome_totals(StatsScope().outcomes(), group_by=("year",))

    assert overall["value"] == 1500
    assert [row["value"] for row in by_year] == [1000, 1500]


def test_figures_over_several_pairings_do_not_set_one_report_against_all_records(db):
    """Regression: each pairing's reported figure was compared with every pairing's count."""
    indicator = factories.IndicatorFactory(measurement="computed", computation="mentor_pairings")
    for count in (1, 2):
        pairing = factories.PairingFactory()
        factories.OutcomeFactory(
            pairing=pairing, indicator=indicator, status=PUBLISHED, value=1, qualifier="exact"
        )
        factories.MentorPairingFactory.create_batch(count, pairing=pairing, status=PUBLISHED)

    found = [f for f in figures(StatsScope(period=Period.year(2021))) if f.indicator == indicator]

    assert sorted((f.source, f.reported and f.reported.value, f.computed) for f in found) == [
        ("computed", None, 3),
        ("reported", 2, None),
    ]


def test_figures_over_several_pairings_sum_each_indicators_outcomes(db):
    """Over every pairing a figure per outcome made thousands of figures: one per indicator."""
    indicator = factories.IndicatorFactory()
    pairings = factories.PairingFactory.create_batch(3)
    for pairing, qualifier in zip(pairings, ("exact", "more_than", "exact"), strict=True):
        factories.OutcomeFactory(
            pairing=pairing,
            indicator=indicator,
            status=PUBLISHED,
            year=2021,
            value=100,
            qualifier=qualifier,
        )
        factories.TargetFactory(
            pairing=pairing, indicator=indicator, status=PUBLISHED, year=2021, value=50
        )
    factories.OutcomeFactory(indicator=indicator, year=2021, value=999)  # a draft

    (figure,) = figures(StatsScope(period=Period.year(2021)))

    assert (figure.value, figure.qualifier, figure.reported.outcomes) == (300, "more_than", 3)
    assert figure.target == 150
    assert figure.reported.outcome_id is None
    assert figure.records.filters == {"year": 2021, "indicator": indicator.code}


def test_participants_nobody_counted_are_not_known_rather_than_zero(pairing, scope_2021):
    """Regression: events with unknown participants showed "0 person-times"."""
    factories.EventFactory(pairing=pairing, status=PUBLISHED, participants=None)

    totals = breakdown(scope_2021, record_sets()["events"]).totals

    assert totals == {"count": 1, "participants": None}


def test_a_group_is_headed_by_its_field_name():
    """Regression: the secondments table headed its long-term column "Kind"."""
    with translation.override("en"):
        assert record_sets()["secondments"].group_heading() == "Long-term"
        assert record_sets()["engagements"].group_heading() == "Role"


def test_summary_takes_one_query_per_record_set_and_three_more(pairing, scope_2021):
    """Totals, groups and computations were asked for apart: twenty queries a summary."""
    factories.EventFactory(pairing=pairing, status=PUBLISHED, kind="free_clinic")
    factories.SecondmentFactory(pairing=pairing, status=PUBLISHED)

    with CaptureQueriesContext(connection) as queries:
        summary(scope_2021)

    # The indicators, the outcomes and the targets.
    assert len(queries) == len(record_sets()) + 3


@pytest.mark.parametrize("year", [2021, None])
def test_summary_gives_what_each_breakdown_and_computation_gives_alone(pairing, year):
    """The summary adds up its groups' days before rounding, as one aggregate would."""
    scope = StatsScope.for_year(pairing_id=pairing.pk, year=year)
    for is_long_term, day in ((True, 1), (False, 2), (False, 5)):
        factories.SecondmentFactory(
            pairing=pairing,
            status=PUBLISHED,
            is_long_term=is_long_term,
            start_date=datetime.date(2021, 3, day),
            end_date=datetime.date(2021, 3, day + 1),
        )
    factories.EventFactory(pairing=pairing, status=PUBLISHED, kind="free_clinic", participants=3)
    factories.EventFactory(pairing=pairing, status=PUBLISHED, participants=None)
    factories.BaseFactory(pairing=pairing, status=PUBLISHED, kind="teaching")
    for key in registry.computations():
        factories.IndicatorFactory(measurement="computed", computation=key)

    found = summary(scope)

    assert found.breakdowns == [breakdown(scope, item) for item in record_sets().values()]
    assert computed_values(scope, list(registry.computations())) == {
        computation: value
        for figure in found.figures
        if figure.computation is not None
        for computation, value in [(figure.computation.key, figure.computed)]
    }
